/** HR events during the period: a new hire, a promotion with a raise, and a consultant leaving. */
import { Decimal } from 'decimal.js';
import { addDays } from '../calendar.js';
import { type FirmContext, recordActivity } from '../firm-context.js';
import { legalEntity, costRateCard } from '../reference-data.js';
import { draftConsultant } from './set-up-firm.js';
import { hireConsultant } from './hire-consultant.js';

/** Which simulated day (0-based) each HR event happens on, relative to the period length. */
export function hrEventDays(days: number): { hire: number; promotion: number; termination: number } | null {
  if (days < 21) return null;
  return { hire: Math.floor(days / 3), promotion: Math.floor(days / 2), termination: Math.floor((days * 3) / 4) };
}

/** A new consultant starts on `date`. */
export async function hireNewConsultant(context: FirmContext, date: string): Promise<void> {
  await hireConsultant(context, draftConsultant(context, date), date);
}

/** The longest-serving Consultant becomes a Senior Consultant with the matching cost rate. */
export async function promoteConsultant(context: FirmContext, date: string): Promise<void> {
  const candidate = context.state.consultants.filter((c) => c.role === 'Consultant' && c.terminationDate === null).sort((a, b) => a.hireDate.localeCompare(b.hireDate))[0];
  if (!candidate) return;
  const costRate = new Decimal(costRateCard['Senior Consultant'][candidate.entity]).toFixed(2);
  if (context.workday) {
    await context.workday.changeJob(candidate.employeeId, { effectiveDate: date, businessTitle: 'Senior Consultant', jobProfile: 'Senior Consultant' });
    await context.workday.changeCompensation(candidate.employeeId, {
      effectiveDate: date, compensation: { basis: 'hourly', amount: costRate, currency: legalEntity(candidate.entity).currency },
    });
  }
  context.state.hrEvents.push({ date, consultantKey: candidate.key, kind: 'promotion', detail: `${candidate.role} -> Senior Consultant, cost ${candidate.costRate} -> ${costRate}` });
  candidate.role = 'Senior Consultant';
  candidate.costRate = costRate;
  recordActivity(context, { date, action: 'worker.promoted', key: candidate.key, outcome: 'done' });
}

/** A consultant gives notice; their last day is two weeks out and their assignments end then. */
export async function terminateConsultant(context: FirmContext, date: string): Promise<void> {
  const { state } = context;
  const active = state.consultants.filter((c) => c.terminationDate === null && c.hireDate < date);
  if (active.length < 3) return;
  const leaver = active[context.random.int(0, active.length - 1)]!;
  const lastDay = addDays(date, 11);
  leaver.terminationDate = lastDay;
  if (context.workday) await context.workday.terminate(leaver.employeeId, lastDay);
  for (const assignment of state.assignments.filter((a) => a.consultantKey === leaver.key && a.endDate > lastDay)) {
    assignment.endDate = lastDay < assignment.startDate ? assignment.startDate : lastDay;
    await context.salesforce.update('pse__Assignment__c', assignment.assignmentId!, { pse__End_Date__c: assignment.endDate });
  }
  state.hrEvents.push({ date, consultantKey: leaver.key, kind: 'termination', detail: `last day ${lastDay}` });
  recordActivity(context, { date, action: 'worker.terminated', key: leaver.key, outcome: 'done' });
}
