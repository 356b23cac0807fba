/**
 * Weekly timecards as consultants and approvers handle them: saved and submitted on Friday (some late),
 * approved or rejected on Monday, rejected ones fixed and resubmitted, a few corrected after approval.
 * Dirt: hours booked for days after a project's end date, and attempts after it was closed for time.
 */
import { addDays, weekDates } from '../calendar.js';
import { type FirmContext, recordActivity } from '../firm-context.js';
import type { Assignment, Consultant, Project, Timecard } from '../firm-model.js';
import { byKey } from '../firm-model.js';
import type { SObjectFields } from '../http/salesforce-api.js';
import { timecardFields, timecardHoursFields } from '../psa-fields.js';

const LATE_SUBMISSION_RATE = 0.1;
const TIMECARD = 'pse__Timecard_Header__c';

function employedOn(consultant: Consultant, date: string): boolean {
  return consultant.hireDate <= date && (consultant.terminationDate === null || date <= consultant.terminationDate);
}

/** Daily half-hours for one consultant's assignments in the week (0 outside assignment or employment). */
function splitWeek(context: FirmContext, consultant: Consultant, assignments: Assignment[], monday: string): Map<string, number[]> {
  const { random } = context;
  const weights = new Map(assignments.map((a) => [a.key, random.int(1, 3)]));
  const result = new Map(assignments.map((a) => [a.key, [0, 0, 0, 0, 0, 0, 0]]));
  weekDates(monday).forEach((date, dayIndex) => {
    if (!employedOn(consultant, date)) return;
    const active = assignments.filter((a) => a.startDate <= date && date <= a.endDate);
    if (active.length === 0) return;
    let dayTotal: number;
    if (dayIndex >= 5) dayTotal = random.chance(0.03) ? random.int(4, 8) : 0;
    else dayTotal = random.chance(0.04) ? 0 : random.int(15, 18);
    const weightSum = active.reduce((sum, a) => sum + weights.get(a.key)!, 0);
    let left = dayTotal;
    active.forEach((assignment, index) => {
      const share = index === active.length - 1 ? left : Math.floor((dayTotal * weights.get(assignment.key)!) / weightSum);
      left -= share;
      result.get(assignment.key)![dayIndex] = share;
    });
  });
  return result;
}

/** Applies updates to many timecards in one bulk action; returns the timecards the PSA accepted it for. */
async function bulkUpdate(context: FirmContext, items: Array<{ timecard: Timecard; fields: SObjectFields }>, date: string, action: string): Promise<Timecard[]> {
  if (items.length === 0) return [];
  const outcomes = await context.salesforce.updateMany(TIMECARD, items.map(({ timecard, fields }) => ({ id: timecard.timecardId!, fields })));
  const accepted: Timecard[] = [];
  outcomes.forEach((outcome, index) => {
    const { timecard } = items[index]!;
    if (outcome.ok) accepted.push(timecard);
    recordActivity(context, { date, action, key: timecard.key, outcome: outcome.ok ? 'done' : 'refused', ...(outcome.ok ? {} : { detail: outcome.reason }) });
  });
  return accepted;
}

const withStatus = (timecards: Timecard[], status: Timecard['status']) => timecards.map((timecard) => ({ timecard, fields: { pse__Status__c: status } }));

/** Saves the week's timecards in one go (the timesheet grid); a refusal (e.g. project closed for time) keeps its reason. */
async function saveTimecards(context: FirmContext, drafts: Timecard[], date: string): Promise<Timecard[]> {
  if (drafts.length === 0) return [];
  const { state } = context;
  const records = drafts.map((timecard) => {
    const assignment = byKey(state.assignments, timecard.assignmentKey);
    const project = byKey(state.projects, assignment.projectKey);
    const consultant = byKey(state.consultants, assignment.consultantKey);
    const ids = { projectId: project.projectId!, contactId: consultant.contactId!, assignmentId: assignment.assignmentId! };
    return timecardFields(timecard, ids, assignment, project, addDays(timecard.weekStart, 6));
  });
  const outcomes = await context.salesforce.createMany(TIMECARD, records);
  const saved: Timecard[] = [];
  outcomes.forEach((outcome, index) => {
    const timecard = drafts[index]!;
    state.timecards.push(timecard);
    if (outcome.ok) {
      timecard.timecardId = outcome.id;
      saved.push(timecard);
      recordActivity(context, { date, action: 'timecard.saved', key: timecard.key, outcome: 'done' });
    } else {
      timecard.refusedReason = outcome.reason;
      recordActivity(context, { date, action: 'timecard.saved', key: timecard.key, outcome: 'refused', detail: outcome.reason });
    }
  });
  return saved;
}

function newTimecard(assignment: Assignment, monday: string, halfHours: number[], afterProjectEnd: boolean, suffix = afterProjectEnd ? '-late' : ''): Timecard {
  return {
    key: `T-${assignment.key}-${monday}${suffix}`, assignmentKey: assignment.key, weekStart: monday, halfHours,
    status: 'Saved', afterProjectEnd, corrections: [], rejections: 0, resubmitPlanned: false, correctionPlannedOn: null,
    refusedReason: null, timecardId: null, approvedSeq: null, pinned: false,
  };
}

/**
 * Dirt: a consultant files a forgotten second card for last week's already approved one, with hours
 * that take one working day past 24 hours (each card alone is within the PSA's 0..24 per day). Both
 * cards stay as booked (pinned), so the day is impossible whatever happens later.
 */
function overbookedDayDraft(context: FirmContext, lastMonday: string): Timecard | undefined {
  const { state, dirtRandom } = context;
  const candidates = state.timecards.filter((t) => t.status === 'Approved' && t.weekStart === lastMonday && t.timecardId !== null && !t.afterProjectEnd && !t.pinned
    && t.corrections.length === 0 && byKey(state.projects, byKey(state.assignments, t.assignmentKey).projectKey).closedForTimeOn === null
    && t.halfHours.slice(0, 5).some((h) => h > 0));
  if (candidates.length === 0) return undefined;
  const original = dirtRandom.pick(candidates);
  const day = dirtRandom.pick(original.halfHours.slice(0, 5).flatMap((h, index) => (h > 0 ? [index] : [])));
  const halfHours = [0, 0, 0, 0, 0, 0, 0];
  halfHours[day] = Math.min(48, 48 - original.halfHours[day]! + dirtRandom.int(1, 6));
  original.pinned = true;
  original.correctionPlannedOn = null;
  const extra = newTimecard(byKey(state.assignments, original.assignmentKey), lastMonday, halfHours, false, '-extra');
  extra.pinned = true;
  return extra;
}

/** A few hours early in the week, by the last person staffed on `project` (dirt). */
function lateHoursDraft(context: FirmContext, project: Project, monday: string): Timecard | undefined {
  const assignment = context.state.assignments.filter((a) => a.projectKey === project.key).at(-1);
  if (!assignment || !employedOn(byKey(context.state.consultants, assignment.consultantKey), monday)) return undefined;
  return newTimecard(assignment, monday, [context.random.int(2, 8), context.random.int(0, 6), 0, 0, 0, 0, 0], true);
}

/** Friday: every consultant saves this week's timecards and most submit them right away. */
export async function enterWeekTimecards(context: FirmContext, friday: string, monday: string): Promise<void> {
  const { state, random, options } = context;
  const sunday = addDays(monday, 6);
  const drafts: Timecard[] = [];
  const submitNow = new Set<string>();
  for (const consultant of state.consultants) {
    const assignments = state.assignments.filter(
      (a) => a.consultantKey === consultant.key && a.startDate <= sunday && a.endDate >= monday && byKey(state.projects, a.projectKey).closedForTimeOn === null,
    );
    if (assignments.length === 0) continue;
    const split = splitWeek(context, consultant, assignments, monday);
    for (const assignment of assignments) {
      const halfHours = split.get(assignment.key)!;
      if (halfHours.every((value) => value === 0)) continue;
      const timecard = newTimecard(assignment, monday, halfHours, false);
      drafts.push(timecard);
      if (!random.chance(LATE_SUBMISSION_RATE)) submitNow.add(timecard.key);
    }
  }
  // Dirt: hours for days after a project ended last week (still open in the PSA, so they go through)...
  for (const project of state.projects.filter((p) => p.closedForTimeOn === null && p.endDate < monday && p.endDate >= addDays(monday, -7))) {
    const draft = random.chance(options.dirt.closedProjectTimecardRate) ? lateHoursDraft(context, project, monday) : undefined;
    if (draft) {
      drafts.push(draft);
      submitNow.add(draft.key);
    }
  }
  // Dirt: a forgotten card for last week that overbooks one day.
  if (context.dirtRandom.chance(options.dirt.overbookedDayRate)) {
    const draft = overbookedDayDraft(context, addDays(monday, -7));
    if (draft) {
      drafts.push(draft);
      submitNow.add(draft.key);
    }
  }
  // ...and attempts on projects already closed for time entry (the PSA refuses them).
  for (const project of state.projects.filter((p) => p.lateTimecardPlanned && p.closedForTimeOn !== null && p.closedForTimeOn <= friday)) {
    project.lateTimecardPlanned = false;
    const draft = lateHoursDraft(context, project, monday);
    if (draft) {
      drafts.push(draft);
      submitNow.add(draft.key);
    }
  }
  const saved = await saveTimecards(context, drafts, friday);
  const submitted = await bulkUpdate(context, withStatus(saved.filter((t) => submitNow.has(t.key)), 'Submitted'), friday, 'timecard.submitted');
  for (const timecard of submitted) timecard.status = 'Submitted';
}

/** Monday: late submitters catch up, then approvers decide on every submitted timecard of past weeks. */
export async function approveTimecards(context: FirmContext, monday: string): Promise<void> {
  const { state, random, options } = context;
  const late = state.timecards.filter((t) => t.status === 'Saved' && t.timecardId !== null && t.weekStart < monday);
  for (const timecard of await bulkUpdate(context, withStatus(late, 'Submitted'), monday, 'timecard.submitted')) timecard.status = 'Submitted';

  const pending = state.timecards.filter((t) => t.status === 'Submitted' && t.weekStart < monday);
  // A resubmitted or corrected timecard has been looked at already; approvers pass it.
  const rejects = new Set(pending.filter((t) => t.rejections === 0 && t.corrections.length === 0 && random.chance(options.dirt.rejectRate) && !t.pinned));
  for (const timecard of await bulkUpdate(context, withStatus(pending.filter((t) => rejects.has(t)), 'Rejected'), monday, 'timecard.rejected')) {
    timecard.status = 'Rejected';
    timecard.rejections += 1;
    timecard.resubmitPlanned = random.chance(options.dirt.resubmitRejectedRate);
  }
  for (const timecard of await bulkUpdate(context, withStatus(pending.filter((t) => !rejects.has(t)), 'Approved'), monday, 'timecard.approved')) {
    timecard.status = 'Approved';
    timecard.approvedSeq = ++state.approvals;
    if (timecard.corrections.length === 0 && random.chance(options.dirt.correctionRate) && !timecard.pinned) {
      timecard.correctionPlannedOn = addDays(monday, 7 * random.int(1, 2) + 2);
    }
  }
}

/** Changes one working day's hours by a little (never negative, never to an all-zero week). */
function adjustedHours(context: FirmContext, halfHours: readonly number[]): number[] {
  const next = [...halfHours];
  const worked = next.map((value, index) => (value > 0 ? index : -1)).filter((index) => index >= 0);
  const day = context.random.pick(worked);
  const delta = context.random.pick([-4, -2, -1, 1, 2, 4]);
  next[day] = Math.max(worked.length === 1 ? 1 : 0, next[day]! + delta);
  return next;
}

/** Tuesday: consultants fix rejected timecards they mean to resubmit. */
export async function resubmitRejected(context: FirmContext, date: string): Promise<void> {
  const fixes = context.state.timecards
    .filter((t) => t.status === 'Rejected' && t.resubmitPlanned)
    .map((timecard) => ({ timecard, halfHours: adjustedHours(context, timecard.halfHours) }));
  for (const { timecard } of fixes) timecard.resubmitPlanned = false;
  const items = fixes.map(({ timecard, halfHours }) => ({ timecard, fields: { ...timecardHoursFields(halfHours), pse__Status__c: 'Submitted' } }));
  const accepted = new Set(await bulkUpdate(context, items, date, 'timecard.resubmitted'));
  for (const { timecard, halfHours } of fixes.filter(({ timecard }) => accepted.has(timecard))) {
    timecard.halfHours = halfHours;
    timecard.status = 'Submitted';
  }
}

/** Any day: approved timecards due for a correction get new hours and are re-approved the same day. */
export async function correctApprovedTimecards(context: FirmContext, date: string): Promise<void> {
  const due = context.state.timecards.filter((t) => t.status === 'Approved' && t.correctionPlannedOn === date);
  if (due.length === 0) return;
  const fixes = due.map((timecard) => ({ timecard, before: timecard.halfHours, after: adjustedHours(context, timecard.halfHours) }));
  for (const { timecard } of fixes) timecard.correctionPlannedOn = null;
  const items = fixes.map(({ timecard, after }) => ({ timecard, fields: { ...timecardHoursFields(after), pse__Status__c: 'Submitted' } }));
  const reopened = new Set(await bulkUpdate(context, items, date, 'timecard.reopened'));
  for (const { timecard, before, after } of fixes.filter(({ timecard }) => reopened.has(timecard))) {
    timecard.halfHours = after;
    timecard.status = 'Submitted';
    timecard.corrections.push({ on: date, before, after });
  }
  for (const timecard of await bulkUpdate(context, withStatus([...reopened], 'Approved'), date, 'timecard.corrected')) {
    timecard.status = 'Approved';
    timecard.approvedSeq = ++context.state.approvals;
  }
}
