/** HR hires a consultant in Workday; resource management adds them to the PSA as a resource. */
import type { FirmContext } from '../firm-context.js';
import { recordActivity } from '../firm-context.js';
import type { Consultant } from '../firm-model.js';
import { resourceContactFields } from '../psa-fields.js';
import { legalEntity } from '../reference-data.js';

/** Enters the hire in Workday (when present) and creates the resource Contact in Salesforce. */
export async function hireConsultant(context: FirmContext, consultant: Consultant, enteredOn: string): Promise<void> {
  const entity = legalEntity(consultant.entity);
  if (context.workday) {
    consultant.workdayId = await context.workday.hire({
      employeeId: consultant.employeeId,
      firstName: consultant.firstName,
      lastName: consultant.lastName,
      email: consultant.email,
      businessTitle: consultant.role,
      jobProfile: consultant.role,
      costCenter: `Delivery ${consultant.entity}`,
      company: { id: entity.workday.companyId, name: entity.name },
      location: entity.workday.location,
      region: entity.workday.region,
      supervisoryOrg: `Delivery ${consultant.entity}`,
      compensation: { basis: 'hourly', amount: consultant.costRate, currency: entity.currency },
      hireDate: consultant.hireDate,
    });
  }
  consultant.contactId = await context.salesforce.create('Contact', resourceContactFields(consultant, {
    firmAccountId: context.state.firmAccountIds[consultant.entity]!,
    regionId: context.state.regionIds[entity.region]!,
  }));
  context.state.consultants.push(consultant);
  context.state.hrEvents.push({ date: enteredOn, consultantKey: consultant.key, kind: 'hire', detail: `${consultant.role}, ${consultant.entity}, hired ${consultant.hireDate}` });
  recordActivity(context, { date: enteredOn, action: 'worker.hired', key: consultant.key, outcome: 'done' });
}
