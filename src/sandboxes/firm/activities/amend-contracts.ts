/**
 * Contract amendments (change orders), as a firm books them in Salesforce and Certinia: an Amendment
 * opportunity is won on the client's account and the PSA follows — a new bill rate from an effective
 * date (the assignment ends the day before and a new one at the new rate takes over, so approved time
 * keeps the rate it was worked at), more weeks of hours (project and assignments extended), or an
 * extra billing milestone on fixed-fee and milestone work.
 */
import { Decimal } from 'decimal.js';
import { addDays, mondayOf } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Amendment, Assignment, Deal, Milestone, Project } from '../firm-model.js';
import { byKey } from '../firm-model.js';
import { amendmentOpportunityFields, assignmentFields, lineItemFields, milestoneFields, wonOpportunityFields } from '../psa-fields.js';

const HOURS_PER_WEEK = 40;
const money = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);

/** Weekly (Wednesday): each running project gets a change order with probability `options.amendmentRate`. */
export async function amendContracts(context: FirmContext, date: string): Promise<void> {
  const { state, random, options } = context;
  const effectiveDate = addDays(mondayOf(date), 7);
  const candidates = state.projects.filter((p) => p.dealKey !== null && p.closedForTimeOn === null && p.startDate <= date
    && addDays(effectiveDate, 13) <= p.endDate
    && (p.billingModel === 'time_and_materials' || p.billingModel === 'fixed_fee' || p.billingModel === 'milestone'));
  for (const project of candidates) {
    // One change order a month per project at most: the last one has to be delivered first.
    if (state.amendments.some((a) => a.projectKey === project.key && addDays(a.signedOn, 28) > date)) continue;
    if (!random.chance(options.amendmentRate)) continue;
    const deal = byKey(state.deals, project.dealKey!);
    if (project.billingModel === 'time_and_materials') {
      const kind = pickWeighted(random, [['rate_change', 0.5], ['added_hours', 0.5]] as const);
      if (kind === 'rate_change') await changeBillRate(context, deal, project, date, effectiveDate);
      else await addHours(context, deal, project, date, effectiveDate);
    } else {
      await addMilestone(context, deal, project, date);
    }
  }
}

function newAmendment(context: FirmContext, deal: Deal, project: Project, kind: Amendment['kind'], signedOn: string, effectiveDate: string): Amendment {
  return {
    key: context.nextKey('CO', 3), dealKey: deal.key, projectKey: project.key, kind, signedOn, effectiveDate, amount: '0.00', currency: project.currency,
    opportunityId: null, assignmentKeyBefore: null, assignmentKeyAfter: null, billRateBefore: null, billRateAfter: null, addedHours: null,
    newEndDate: null, milestoneKey: null,
  };
}

/** Books the Amendment opportunity (opened, optional sold lines, won) and remembers the amendment. */
async function bookAmendment(context: FirmContext, amendment: Amendment, deal: Deal, project: Project, description: string, lines: Array<{ productId: string; quantity: string; unitPrice: string }>): Promise<void> {
  const { state, salesforce } = context;
  const accountId = byKey(state.clients, deal.clientKey).accountId!;
  const ids = { regionId: state.regionIds[project.region]!, practiceId: state.practiceIds[project.practice]! };
  amendment.opportunityId = await salesforce.create('Opportunity', amendmentOpportunityFields(amendment, deal, accountId, ids, description));
  for (const line of lines) {
    await salesforce.create('OpportunityLineItem', lineItemFields(amendment.opportunityId, line.productId, line.quantity, line.unitPrice, amendment.effectiveDate));
  }
  await salesforce.update('Opportunity', amendment.opportunityId, wonOpportunityFields({ ...deal, closeDate: amendment.signedOn }));
  state.amendments.push(amendment);
  recordActivity(context, { date: amendment.signedOn, action: `amendment.${amendment.kind}`, key: amendment.key, outcome: 'done', detail: description });
}

/** A new bill rate (+5/8/10 %) for one billable consultant from the effective Monday on. */
async function changeBillRate(context: FirmContext, deal: Deal, project: Project, date: string, effectiveDate: string): Promise<void> {
  const { state, random, salesforce } = context;
  // Not the dirt assignments (no rate, or a rate in another currency than the contract's): sales would fix those first.
  const current = state.assignments.filter((a) => a.projectKey === project.key && a.billable && a.currency === project.currency && a.billRate !== '0.00' && a.startDate < effectiveDate && a.endDate >= addDays(effectiveDate, 13)
    && byKey(state.consultants, a.consultantKey).terminationDate === null);
  if (current.length === 0) return;
  const before = random.pick(current);
  const consultant = byKey(state.consultants, before.consultantKey);
  const newRate = money(new Decimal(before.billRate).times(random.pick(['1.05', '1.08', '1.10'])));
  const after: Assignment = {
    ...before, key: context.nextKey('S', 4), billRate: newRate, startDate: effectiveDate, assignmentId: null,
  };
  const amendment = newAmendment(context, deal, project, 'rate_change', date, effectiveDate);
  const remainingHours = Math.round(((Date.parse(after.endDate) - Date.parse(effectiveDate)) / (7 * 86_400_000)) * HOURS_PER_WEEK);
  amendment.amount = money(new Decimal(newRate).minus(before.billRate).times(remainingHours));
  amendment.assignmentKeyBefore = before.key;
  amendment.assignmentKeyAfter = after.key;
  amendment.billRateBefore = before.billRate;
  amendment.billRateAfter = newRate;
  const description = `Bill rate of ${consultant.firstName} ${consultant.lastName} (${before.role}) from ${before.billRate} to ${newRate} ${project.currency} effective ${effectiveDate}`;
  await bookAmendment(context, amendment, deal, project, description, []);

  before.endDate = addDays(effectiveDate, -1);
  await salesforce.update('pse__Assignment__c', before.assignmentId!, { pse__End_Date__c: before.endDate });
  after.assignmentId = await salesforce.create('pse__Assignment__c', assignmentFields(
    after, { projectId: project.projectId!, contactId: consultant.contactId! },
    { resource: `${consultant.firstName} ${consultant.lastName}`, project: project.name }, after.currency, consultant.costRate,
  ));
  state.assignments.push(after);
}

/** Two to four more weeks of the same team: the project and its running assignments are extended. */
async function addHours(context: FirmContext, deal: Deal, project: Project, date: string, effectiveDate: string): Promise<void> {
  const { state, random, salesforce } = context;
  const weeks = random.int(2, 4);
  const oldEnd = project.endDate;
  const extended = state.assignments.filter((a) => a.projectKey === project.key && a.endDate === oldEnd && byKey(state.consultants, a.consultantKey).terminationDate === null);
  if (extended.length === 0) return;
  const newEnd = addDays(oldEnd, weeks * 7);
  const hours = weeks * HOURS_PER_WEEK;
  const amendment = newAmendment(context, deal, project, 'added_hours', date, effectiveDate);
  amendment.amount = money(extended.filter((a) => a.billable).reduce((sum, a) => sum.plus(new Decimal(a.billRate).times(hours)), new Decimal(0)));
  amendment.addedHours = new Decimal(hours * extended.length).toFixed(2);
  amendment.newEndDate = newEnd;
  const lines = extended.map((a) => ({ productId: state.productIds[a.role]!, quantity: String(hours), unitPrice: a.billRate }));
  await bookAmendment(context, amendment, deal, project, `${weeks} more weeks (${amendment.addedHours} h) until ${newEnd}`, lines);

  project.endDate = newEnd;
  await salesforce.update('pse__Proj__c', project.projectId!, { pse__End_Date__c: newEnd });
  for (const assignment of extended) {
    assignment.endDate = newEnd;
    await salesforce.update('pse__Assignment__c', assignment.assignmentId!, { pse__End_Date__c: newEnd });
  }
}

/** Extra scope on fixed-fee or milestone work: one more milestone (10-20 % of the deal) due at the project's end. */
async function addMilestone(context: FirmContext, deal: Deal, project: Project, date: string): Promise<void> {
  const { state, random, salesforce } = context;
  const amount = money(new Decimal(deal.amount).times(random.pick(['0.10', '0.15', '0.20'])).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(100));
  const amendment = newAmendment(context, deal, project, 'added_milestone', date, date);
  amendment.amount = amount;
  const milestone: Milestone = {
    key: context.nextKey('M', 4), projectKey: project.key, name: `${project.name} - Change order ${amendment.key}`.slice(0, 80), amount,
    currency: project.currency, targetDate: project.endDate, completedOn: null, milestoneId: null, purpose: 'change_order', servicePeriod: null,
  };
  amendment.milestoneKey = milestone.key;
  await bookAmendment(context, amendment, deal, project, `Added milestone of ${amount} ${project.currency} due ${project.endDate}`, [
    { productId: state.productIds.fixedFee!, quantity: '1', unitPrice: amount },
  ]);
  milestone.milestoneId = await salesforce.create('pse__Milestone__c', milestoneFields(milestone, project.projectId!));
  state.milestones.push(milestone);
}
