/**
 * A deal closes: the sales rep wins the opportunity with its sold-service lines, and the PSA sets up
 * the project, its staffing (bill rates by role and region) and its billing milestones.
 */
import { Decimal } from 'decimal.js';
import { addDays, isoWeekday, mondayOf } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Consultant, Deal, Milestone, Project } from '../firm-model.js';
import { pickConsultant, staffConsultant } from './staffing.js';
import {
  lineItemFields, milestoneFields, openOpportunityFields, projectFields, wonOpportunityFields,
} from '../psa-fields.js';
import { type Role, billRateCard, billingModelMix, legalEntity, practices } from '../reference-data.js';

const HOURS_PER_WEEK = 40;

function money(value: Decimal.Value): string {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** Closes one deal on `date`, its project starting on `projectStart`. */
export async function closeDeal(context: FirmContext, date: string, projectStart: string): Promise<void> {
  const { state, random, salesforce, options } = context;
  // Most deals go to the primary account; now and then the rep picks the duplicate (dirt travels on).
  const primaries = state.clients.filter((c) => c.duplicateOf === null);
  let client = random.pick(primaries);
  const duplicate = state.clients.find((c) => c.duplicateOf === client.key);
  if (duplicate && random.chance(0.5)) client = duplicate;
  const entity = legalEntity(client.entity);
  const billingModel = pickWeighted(random, billingModelMix);
  const practice = random.pick(practices);
  const weeks = random.int(4, 12);
  const startDate = isoWeekday(projectStart) === 1 ? projectStart : addDays(mondayOf(projectStart), 7);
  const endDate = addDays(startDate, weeks * 7 - 3); // ends on a Friday

  const project: Project = {
    key: context.nextKey('P', 4), dealKey: null, name: '', clientKey: client.key, entity: client.entity, region: entity.region,
    practice, billingModel, currency: entity.currency, billable: true, startDate, endDate, closedForTimeOn: null,
    lateTimecardPlanned: false, projectId: null,
  };

  // Staffing plan: 1-3 people, each at their own role's rate card price for the project's entity.
  const staffCount = Math.min(pickWeighted(random, [[1, 0.5], [2, 0.35], [3, 0.15]] as const), state.consultants.length);
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
  const amount = billingModel === 'time_and_materials' ? money(labour) : money(labour.dividedBy(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(1000));

  const deal: Deal = {
    key: context.nextKey('D', 3), clientKey: client.key, billingModel, practice, entity: client.entity, currency: entity.currency,
    closeDate: date, amount, opportunityId: null,
    name: `${client.name} - ${practice} (${billingModel === 'time_and_materials' ? 'T&M' : billingModel === 'fixed_fee' ? 'Fixed fee' : 'Milestones'})`,
  };
  project.dealKey = deal.key;
  project.name = `${deal.name} ${deal.key}`;

  const psaIds = { regionId: state.regionIds[project.region]!, practiceId: state.practiceIds[practice]! };
  deal.opportunityId = await salesforce.create('Opportunity', openOpportunityFields(deal, client.accountId!, psaIds));
  if (billingModel === 'time_and_materials') {
    for (const line of soldLines) {
      await salesforce.create('OpportunityLineItem', lineItemFields(deal.opportunityId, state.productIds[line.role]!, line.hours, line.rate, startDate));
    }
  } else {
    await salesforce.create('OpportunityLineItem', lineItemFields(deal.opportunityId, state.productIds.fixedFee!, '1', amount, startDate));
  }
  await salesforce.update('Opportunity', deal.opportunityId, wonOpportunityFields(deal));
  state.deals.push(deal);
  recordActivity(context, { date, action: 'deal.won', key: deal.key, outcome: 'done', detail: `${billingModel} ${amount} ${deal.currency}` });

  project.projectId = await salesforce.create('pse__Proj__c', projectFields(project, { accountId: client.accountId!, opportunityId: deal.opportunityId, ...psaIds }));
  state.projects.push(project);
  recordActivity(context, { date, action: 'project.created', key: project.key, outcome: 'done' });

  for (const consultant of staffed) {
    // Fixed-fee and milestone work is billed through milestones, so its time is not billable by the hour;
    // on T&M now and then someone shadows unbilled.
    const billable = billingModel === 'time_and_materials' && !random.chance(0.1);
    await staffConsultant(context, project, consultant, { billable, discounted: random.chance(0.2) });
  }

  if (billingModel !== 'time_and_materials') {
    const shares = billingModel === 'fixed_fee' ? ['0.5', '0.5'] : ['0.3', '0.3', '0.4'];
    let allocated = new Decimal(0);
    for (const [index, share] of shares.entries()) {
      const last = index === shares.length - 1;
      const milestoneAmount = last ? money(new Decimal(amount).minus(allocated)) : money(new Decimal(amount).times(share));
      allocated = allocated.plus(milestoneAmount);
      const targetDate = last ? endDate : addDays(startDate, Math.round(((index + 1) * weeks * 7) / shares.length) - 3);
      const milestone: Milestone = {
        key: context.nextKey('M', 4), projectKey: project.key, name: `${project.name} - Milestone ${index + 1}`, amount: milestoneAmount,
        currency: project.currency, targetDate, completedOn: null, milestoneId: null,
      };
      milestone.milestoneId = await salesforce.create('pse__Milestone__c', milestoneFields(milestone, project.projectId));
      state.milestones.push(milestone);
    }
  }
}
