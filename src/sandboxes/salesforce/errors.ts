/**
 * Salesforce's REST error shape: an HTTP status with a JSON array of `{message, errorCode, fields}`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */

/** One entry of Salesforce's error array. */
export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A failed REST operation; routes turn it into `status` + `[items]`. */
export class SalesforceApiError extends Error {
  override readonly name = 'SalesforceApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  /** The wire body: Salesforce always answers with an array. */
  toBody(): SalesforceErrorItem[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }

  /** The collections / composite per-record form, which says `statusCode` instead of `errorCode`. */
  toRecordError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields ?? [] };
  }
}

/** Shorthand constructor. */
export function sfError(status: number, errorCode: string, message: string, fields?: string[]): SalesforceApiError {
  return new SalesforceApiError(status, errorCode, message, fields);
}
