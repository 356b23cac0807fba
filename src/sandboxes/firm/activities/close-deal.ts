/**
 * A deal closes: the sales rep wins the opportunity with its sold-service lines, and the PSA sets up
 * the project, its staffing (bill rates by role and region) and its billing milestones.
 */
import { Decimal } from 'decimal.js';
import { addDays, addMonths, isoWeekday, mondayOf } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Consultant, Deal, Milestone, Project } from '../firm-model.js';
import { pickConsultant, staffConsultant } from './staffing.js';
import {
  contractFields, lineItemFields, milestoneFields, openOpportunityFields, projectFields, wonOpportunityFields,
} from '../psa-fields.js';
import {
  type BillingModel, type LegalEntity, type Role, SUBSCRIPTION_TERM_MONTHS, billRateCard, billingModelLabel, billingModelMix, legalEntity,
  practices, subscriptionTiers,
} from '../reference-data.js';

const HOURS_PER_WEEK = 40;

function money(value: Decimal.Value): string {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** Closes one deal on `date`, its project starting on `projectStart`; the billing model is drawn from the mix unless given. */
export async function closeDeal(context: FirmContext, date: string, projectStart: string, model?: BillingModel): Promise<void> {
  const { state, random, salesforce, options } = context;
  // Most deals go to the primary account; now and then the rep picks the duplicate (dirt travels on).
  const primaries = state.clients.filter((c) => c.duplicateOf === null);
  let client = random.pick(primaries);
  const duplicate = state.clients.find((c) => c.duplicateOf === client.key);
  if (duplicate && random.chance(0.5)) client = duplicate;
  const entity = legalEntity(client.entity);
  const billingModel = model ?? pickWeighted(random, billingModelMix);
  const practice = random.pick(practices);
  const startDate = isoWeekday(projectStart) === 1 ? projectStart : addDays(mondayOf(projectStart), 7);
  const term = dealTerm(context, billingModel, startDate);
  const { weeks, endDate } = term;

  const project: Project = {
    key: context.nextKey('P', 4), dealKey: null, name: '', clientKey: client.key, entity: client.entity, region: entity.region,
    practice, billingModel, currency: entity.currency, billable: true, startDate, endDate, closedForTimeOn: null,
    lateTimecardPlanned: false, projectId: null,
  };

  // Staffing plan: 1-3 people (support: one), each at their own role's rate card price for the project's entity.
  const staffChoices = billingModel === 'subscription' ? ([[1, 1]] as const) : billingModel === 'retainer' ? ([[1, 0.6], [2, 0.4]] as const) : ([[1, 0.5], [2, 0.35], [3, 0.15]] as const);
  const staffCount = Math.min(pickWeighted<number>(random, staffChoices), state.consultants.length);
  const taken = new Set<string>();
  const staffed: Consultant[] = [];
  for (let slot = 0; slot < staffCount; slot += 1) {
    const candidate = pickConsultant(context, project, random.chance(options.dirt.crossEntityRate), taken);
    if (!candidate) break;
    taken.add(candidate.key);
    staffed.push(candidate);
  }
  const rateFor = (role: Role) => billRateCard[role][project.entity];
  const soldLines = staffed.map((consultant) => ({ role: consultant.role, hours: String(weeks * HOURS_PER_WEEK), rate: rateFor(consultant.role) }));
  const labour = soldLines.reduce((sum, line) => sum.plus(new Decimal(line.hours).times(line.rate)), new Decimal(0));
  const recurring = recurringTerms(context, billingModel, project.entity, term.months, staffed.map((c) => rateFor(c.role)));
  const amount = billingModel === 'time_and_materials'
    ? money(labour)
    : recurring !== null
      ? money(new Decimal(recurring.monthlyFee).times(recurring.months))
      : money(labour.dividedBy(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(1000));

  const deal: Deal = {
    key: context.nextKey('D', 3), clientKey: client.key, billingModel, practice, entity: client.entity, currency: entity.currency,
    closeDate: date, amount, opportunityId: null, recurring, contractId: null,
    name: `${client.name} - ${practice} (${billingModelLabel[billingModel]})`,
  };
  project.dealKey = deal.key;
  project.name = `${deal.name} ${deal.key}`;

  const psaIds = { regionId: state.regionIds[project.region]!, practiceId: state.practiceIds[practice]! };
  deal.opportunityId = await salesforce.create('Opportunity', openOpportunityFields(deal, client.accountId!, psaIds));
  if (billingModel === 'time_and_materials') {
    for (const line of soldLines) {
      await salesforce.create('OpportunityLineItem', lineItemFields(deal.opportunityId, state.productIds[line.role]!, line.hours, line.rate, startDate));
    }
  } else if (recurring !== null) {
    const product = billingModel === 'retainer' ? state.productIds.retainer! : state.productIds.subscription!;
    await salesforce.create('OpportunityLineItem', lineItemFields(deal.opportunityId, product, String(recurring.months), recurring.monthlyFee, startDate));
  } else {
    await salesforce.create('OpportunityLineItem', lineItemFields(deal.opportunityId, state.productIds.fixedFee!, '1', amount, startDate));
  }
  if (billingModel === 'subscription') {
    // The support term lives on a Contract, drafted then activated, as sales ops would.
    deal.contractId = await salesforce.create('Contract', contractFields(deal, client.accountId!, startDate));
    await salesforce.update('Contract', deal.contractId, { Status: 'Activated' });
  }
  await salesforce.update('Opportunity', deal.opportunityId, { ...wonOpportunityFields(deal), ...(deal.contractId ? { ContractId: deal.contractId } : {}) });
  state.deals.push(deal);
  recordActivity(context, { date, action: 'deal.won', key: deal.key, outcome: 'done', detail: `${billingModel} ${amount} ${deal.currency}` });

  project.projectId = await salesforce.create('pse__Proj__c', projectFields(project, { accountId: client.accountId!, opportunityId: deal.opportunityId, ...psaIds }));
  state.projects.push(project);
  recordActivity(context, { date, action: 'project.created', key: project.key, outcome: 'done' });

  for (const consultant of staffed) {
    // Fixed-fee, milestone, retainer and subscription work is billed through milestones or fees, so its
    // time is not billable by the hour; on T&M now and then someone shadows unbilled.
    const billable = billingModel === 'time_and_materials' && !random.chance(0.1);
    await staffConsultant(context, project, consultant, { billable, discounted: random.chance(0.2) });
  }

  if (billingModel === 'retainer') await planRetainerMonths(context, project, recurring!);
  if (billingModel === 'fixed_fee' || billingModel === 'milestone') {
    const shares = billingModel === 'fixed_fee' ? ['0.5', '0.5'] : ['0.3', '0.3', '0.4'];
    let allocated = new Decimal(0);
    for (const [index, share] of shares.entries()) {
      const last = index === shares.length - 1;
      const milestoneAmount = last ? money(new Decimal(amount).minus(allocated)) : money(new Decimal(amount).times(share));
      allocated = allocated.plus(milestoneAmount);
      const targetDate = last ? endDate : addDays(startDate, Math.round(((index + 1) * weeks * 7) / shares.length) - 3);
      const milestone: Milestone = {
        key: context.nextKey('M', 4), projectKey: project.key, name: `${project.name} - Milestone ${index + 1}`, amount: milestoneAmount,
        currency: project.currency, targetDate, completedOn: null, milestoneId: null, purpose: 'delivery', servicePeriod: null,
      };
      milestone.milestoneId = await salesforce.create('pse__Milestone__c', milestoneFields(milestone, project.projectId));
      state.milestones.push(milestone);
    }
  }
}

/** How long a deal runs: weeks for project work, months for retainers (ending on a Friday) and support terms. */
function dealTerm(context: FirmContext, billingModel: BillingModel, startDate: string): { weeks: number; months: number; endDate: string } {
  if (billingModel === 'subscription') {
    const endDate = addDays(addMonths(startDate, SUBSCRIPTION_TERM_MONTHS), -1);
    return { weeks: Math.floor((Date.parse(endDate) - Date.parse(startDate)) / (7 * 86_400_000)), months: SUBSCRIPTION_TERM_MONTHS, endDate };
  }
  if (billingModel === 'retainer') {
    const months = context.random.int(3, 6);
    let endDate = addDays(addMonths(startDate, months), -1);
    while (isoWeekday(endDate) !== 5) endDate = addDays(endDate, -1);
    return { weeks: Math.round((Date.parse(endDate) - Date.parse(startDate)) / (7 * 86_400_000)), months, endDate };
  }
  const weeks = context.random.int(4, 12);
  return { weeks, months: 0, endDate: addDays(startDate, weeks * 7 - 3) }; // ends on a Friday
}

/**
 * The monthly fee of a retainer (40-80 reserved hours a month per person at rate card, 5 % off, rounded
 * to 100) or a support subscription (a tier of the entity's price list); null for project work.
 */
function recurringTerms(
  context: FirmContext, billingModel: BillingModel, entity: LegalEntity['code'], months: number, rates: string[],
): Deal['recurring'] {
  if (billingModel === 'subscription') {
    return { monthlyFee: context.random.pick(subscriptionTiers[entity]), months, billedIn: 'advance' };
  }
  if (billingModel !== 'retainer') return null;
  const reserved = rates.reduce((sum, rate) => sum.plus(new Decimal(context.random.pick([40, 60, 80])).times(rate)), new Decimal(0));
  const monthlyFee = money(reserved.times('0.95').dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(100));
  return { monthlyFee, months, billedIn: 'arrears' };
}

/** A retainer bills through one PSA milestone per service month, due at the month's end (in arrears). */
async function planRetainerMonths(context: FirmContext, project: Project, recurring: NonNullable<Deal['recurring']>): Promise<void> {
  for (let month = 1; month <= recurring.months; month += 1) {
    const serviceStart = addMonths(project.startDate, month - 1);
    const serviceEnd = addDays(addMonths(project.startDate, month), -1);
    const targetDate = month === recurring.months || serviceEnd > project.endDate ? project.endDate : serviceEnd;
    const milestone: Milestone = {
      key: context.nextKey('M', 4), projectKey: project.key, name: `${project.name} - Retainer ${serviceStart}..${serviceEnd}`.slice(0, 80),
      amount: recurring.monthlyFee, currency: project.currency, targetDate, completedOn: null, milestoneId: null, purpose: 'retainer_month',
      servicePeriod: { start: serviceStart, end: serviceEnd < project.endDate ? serviceEnd : project.endDate },
    };
    milestone.milestoneId = await context.salesforce.create('pse__Milestone__c', milestoneFields(milestone, project.projectId!));
    context.state.milestones.push(milestone);
  }
}
