/** Resource management: who gets staffed on a project, and the assignment (with its bill rate) in the PSA. */
import { Decimal } from 'decimal.js';
import type { FirmContext } from '../firm-context.js';
import type { Assignment, Consultant, Project } from '../firm-model.js';
import { assignmentFields } from '../psa-fields.js';
import { billRateCard, legalEntity } from '../reference-data.js';

/** Above this many overlapping assignments, a home-entity consultant is "fully booked" and someone abroad helps out. */
const FULLY_BOOKED = 3;

function isAvailableFrom(consultant: Consultant, date: string): boolean {
  return consultant.hireDate <= date && (consultant.terminationDate === null || consultant.terminationDate >= date);
}

/**
 * The consultant to staff next: from the project's own legal entity unless `crossEntity` (dirt) or
 * everyone at home is fully booked; least loaded first, then by key (deterministic).
 */
export function pickConsultant(context: FirmContext, project: Project, crossEntity: boolean, taken: ReadonlySet<string>): Consultant | undefined {
  const load = (consultant: Consultant) =>
    context.state.assignments.filter((a) => a.consultantKey === consultant.key && a.endDate >= project.startDate && a.startDate <= project.endDate).length;
  const ranked = context.state.consultants
    .filter((c) => !taken.has(c.key) && isAvailableFrom(c, project.startDate))
    .sort((a, b) => load(a) - load(b) || a.key.localeCompare(b.key));
  const home = ranked.filter((c) => c.entity === project.entity);
  const abroad = ranked.filter((c) => c.entity !== project.entity);
  if (crossEntity) return abroad[0] ?? home[0];
  const bestHome = home[0];
  if (bestHome && load(bestHome) < FULLY_BOOKED) return bestHome;
  return abroad[0] ?? bestHome;
}

/** Creates the assignment in the PSA: the role's rate card price in the project's entity, sometimes discounted. */
export async function staffConsultant(
  context: FirmContext,
  project: Project,
  consultant: Consultant,
  terms: { billable: boolean; discounted: boolean },
): Promise<Assignment> {
  const crossEntity = consultant.entity !== project.entity;
  const { dirtRandom, options } = context;
  // Dirt: a cross-entity assignment booked at the consultant's home rate and currency, or a billable one left without a rate.
  const wrongCurrency = crossEntity && dirtRandom.chance(options.dirt.wrongCurrencyRate);
  const missingRate = terms.billable && dirtRandom.chance(options.dirt.missingRateRate);
  const rateEntity = wrongCurrency ? consultant.entity : project.entity;
  const standard = billRateCard[consultant.role][rateEntity];
  const assignment: Assignment = {
    key: context.nextKey('S', 4), projectKey: project.key, consultantKey: consultant.key, role: consultant.role,
    billRate: missingRate ? '0.00' : terms.discounted ? new Decimal(standard).times('0.9').toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2) : standard,
    currency: wrongCurrency ? legalEntity(consultant.entity).currency : project.currency,
    billable: terms.billable, startDate: project.startDate, endDate: project.endDate, crossEntity,
    assignmentId: null,
  };
  assignment.assignmentId = await context.salesforce.create(
    'pse__Assignment__c',
    assignmentFields(
      assignment,
      { projectId: project.projectId!, contactId: consultant.contactId! },
      { resource: `${consultant.firstName} ${consultant.lastName}`, project: project.name },
      assignment.currency,
      consultant.costRate,
    ),
  );
  context.state.assignments.push(assignment);
  return assignment;
}
