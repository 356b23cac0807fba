/**
 * zod schemas of Workday payloads, parsed at the boundary: the OAuth token answer, the REST `workers`
 * listing and the Get_Workers SOAP response (as fast-xml-parser reads it: namespace prefixes dropped,
 * attributes as `@_name`, every value a string). Only what the mappers read is declared.
 */
import { z } from 'zod';

/** `POST /ccx/oauth2/{tenant}/token` answer. */
export const workdayTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
});

/** One worker summary of the REST `workers` resource. */
export const restWorkerSummarySchema = z.object({
  id: z.string().min(1),
  descriptor: z.string(),
  href: z.string().optional(),
  businessTitle: z.string().optional(),
  primaryWorkEmail: z.string().optional(),
  isManager: z.boolean().optional(),
  primarySupervisoryOrganization: z.object({ id: z.string(), descriptor: z.string().optional(), href: z.string().optional() }).optional(),
});

/** `GET /ccx/api/v1/{tenant}/workers` answer. */
export const restWorkersPageSchema = z.object({
  total: z.number().int().min(0),
  data: z.array(z.unknown()),
});

/** A REST worker summary. */
export type RestWorkerSummary = z.infer<typeof restWorkerSummarySchema>;

/** An empty XML element reads as `''`: treat it as absent. */
function element<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/** `<wd:ID wd:type="WID">...</wd:ID>`. */
export const soapIdSchema = z.object({ '#text': z.string(), '@_type': z.string() });

/** A Workday reference: one or more typed ids of the same object. */
export const soapReferenceSchema = z.object({ ID: z.array(soapIdSchema).min(1) });

/** One reference value of a type, e.g. `idOf(ref, 'WID')`. */
export function idOf(reference: z.infer<typeof soapReferenceSchema> | undefined, type: string): string | undefined {
  return reference?.ID.find((id) => id['@_type'] === type)?.['#text'];
}

const positionDataSchema = z.object({
  Business_Title: element(z.string()),
  Worker_Type_Reference: element(soapReferenceSchema),
  Job_Profile_Summary_Data: element(z.object({ Job_Profile_Name: element(z.string()) })),
  Business_Site_Summary_Data: element(z.object({ Name: element(z.string()) })),
  Manager: element(z.string()),
});

const transactionLogEntrySchema = z.object({
  Transaction_Log_Reference: element(soapReferenceSchema),
  Transaction_Log_Data: z.object({
    Transaction_Log_Description: element(z.string()),
    Transaction_Effective_Moment: element(z.string()),
    Transaction_Entry_Moment: z.string().min(1),
    Transaction_Log_Type_Reference: element(soapReferenceSchema),
  }),
});

/** One `wd:Worker` of a Get_Workers response. */
export const soapWorkerSchema = z.object({
  Worker_Reference: element(soapReferenceSchema),
  Worker_Descriptor: element(z.string()),
  Worker_Data: z.object({
    Worker_ID: z.string().min(1),
    User_ID: element(z.string()),
    Personal_Data: element(
      z.object({
        Name_Data: element(
          z.object({
            Legal_Name_Data: element(
              z.object({ Name_Detail_Data: element(z.object({ First_Name: element(z.string()), Last_Name: element(z.string()) })) }),
            ),
          }),
        ),
        Contact_Data: element(z.object({ Email_Address_Data: element(z.array(z.object({ Email_Address: z.string() }))) })),
      }),
    ),
    Employment_Data: element(
      z.object({
        Worker_Job_Data: element(z.array(z.object({ '@_Primary_Job': element(z.string()), Position_Data: element(positionDataSchema) }))),
        Worker_Status_Data: z.object({
          Active: z.string(),
          Hire_Date: z.string().min(10),
          Original_Hire_Date: element(z.string()),
          Terminated: element(z.string()),
          Termination_Date: element(z.string()),
        }),
      }),
    ),
    Compensation_Data: element(
      z.object({
        Employee_Base_Pay_Plan_Assignment_Data: element(
          z.object({ Amount: z.string(), Currency_Reference: soapReferenceSchema, Frequency_Reference: element(soapReferenceSchema) }),
        ),
      }),
    ),
    Organization_Data: element(
      z.object({
        Worker_Organization_Data: element(
          z.array(
            z.object({
              Organization_Data: z.object({
                Organization_Reference_ID: z.string(),
                Organization_Name: element(z.string()),
                Organization_Type_Reference: soapReferenceSchema,
              }),
            }),
          ),
        ),
      }),
    ),
    Transaction_Log_Entry_Data: element(z.object({ Transaction_Log_Entry: element(z.array(transactionLogEntrySchema)) })),
  }),
});

/** A worker as Get_Workers returned it (parsed). */
export type SoapWorker = z.infer<typeof soapWorkerSchema>;

/** `wd:Get_Workers_Response` paging numbers. */
export const soapResponseResultsSchema = z.object({
  Total_Results: z.coerce.number().int().min(0),
  Total_Pages: z.coerce.number().int().min(0),
  Page: z.coerce.number().int().min(0),
});

/** `wd:Get_Workers_Response`; workers are validated one by one so a bad one never blocks the page. */
export const soapGetWorkersResponseSchema = z.object({
  Response_Results: soapResponseResultsSchema,
  Response_Data: element(z.object({ Worker: element(z.array(z.unknown())) })),
});

/** A SOAP fault body. */
export const soapFaultSchema = z.object({
  faultcode: z.string(),
  faultstring: z.string(),
  detail: element(
    z.object({
      Validation_Fault: element(
        z.object({ Validation_Error: element(z.union([z.array(z.object({ Message: z.string() })), z.object({ Message: z.string() })])) }),
      ),
    }),
  ),
});
