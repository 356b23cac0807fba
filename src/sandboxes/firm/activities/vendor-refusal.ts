/** Turns a vendor's error answer into the one-line reason the ground truth keeps. */
import { FirmApiError } from '../http/http-request.js';

/** `400 FIELD_CUSTOM_VALIDATION_EXCEPTION: Project is closed...`; rethrows anything that is not a vendor answer. */
export function vendorRefusal(error: unknown): string {
  if (!(error instanceof FirmApiError)) throw error;
  const first = Array.isArray(error.body) ? (error.body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  return first ? `${error.status} ${first.errorCode ?? ''}: ${first.message ?? ''}`.trim() : `${error.status}`;
}
