/** The sandboxes' admin API as the simulator uses it: moving simulated time forward. */
import { sendRequest } from './http-request.js';

/** Sets every sandbox's clock (`PUT /__admin/clock { set }`) so records carry the simulated instant. */
export async function setSandboxClocks(adminUrls: readonly string[], instant: string, adminKey?: string): Promise<void> {
  const headers: Record<string, string> = adminKey ? { 'x-sandbox-admin-key': adminKey } : {};
  for (const adminUrl of adminUrls) {
    await sendRequest('PUT', `${adminUrl}/clock`, { headers, json: { set: instant } });
  }
}
