/**
 * The HR team's entries in Workday, made through the Workday sandbox's admin API (the real tenant's
 * business processes are UI-driven; the sandbox exposes them as admin endpoints for simulation).
 */
import { sendRequest } from './http-request.js';

/** A hire as the Workday sandbox's admin API takes it. */
export interface WorkdayHire {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  businessTitle: string;
  jobProfile: string;
  costCenter: string;
  company: { id: string; name: string };
  location: string;
  region: string;
  supervisoryOrg: string;
  compensation: { basis: 'hourly'; amount: string; currency: string };
  hireDate: string;
}

export interface FirmWorkdayApi {
  /** Returns the worker's WID. */
  hire(worker: WorkdayHire): Promise<string>;
  changeJob(employeeId: string, change: { effectiveDate: string; businessTitle: string; jobProfile: string }): Promise<void>;
  changeCompensation(employeeId: string, change: { effectiveDate: string; compensation: WorkdayHire['compensation'] }): Promise<void>;
  terminate(employeeId: string, terminationDate: string): Promise<void>;
}

/** Creates the client over `adminUrl` (`.../__admin`). */
export function createFirmWorkdayApi(config: { adminUrl: string; adminKey?: string }): FirmWorkdayApi {
  const headers: Record<string, string> = config.adminKey ? { 'x-sandbox-admin-key': config.adminKey } : {};
  const worker = (employeeId: string) => `${config.adminUrl}/workers/${encodeURIComponent(employeeId)}`;
  return {
    async hire(input) {
      const response = await sendRequest('POST', `${config.adminUrl}/workers`, { headers, json: input });
      const body = response.body as { wid?: unknown; id?: unknown } | undefined;
      return String(body?.wid ?? body?.id ?? input.employeeId);
    },
    async changeJob(employeeId, change) {
      await sendRequest('POST', `${worker(employeeId)}/job-change`, { headers, json: change });
    },
    async changeCompensation(employeeId, change) {
      await sendRequest('POST', `${worker(employeeId)}/compensation-change`, { headers, json: change });
    },
    async terminate(employeeId, terminationDate) {
      await sendRequest('POST', `${worker(employeeId)}/termination`, { headers, json: { terminationDate } });
    },
  };
}
