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
import { vendorRefusal } from './vendor-refusal.js';

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

/** Updates a timecard; a refusal by the PSA is logged and reported as false (the record is unchanged). */
async function tryUpdate(context: FirmContext, timecard: Timecard, fields: SObjectFields, date: string, action: string): Promise<boolean> {
  try {
    await context.salesforce.update(TIMECARD, timecard.timecardId!, fields);
    recordActivity(context, { date, action, key: timecard.key, outcome: 'done' });
    return true;
  } catch (error) {
    recordActivity(context, { date, action, key: timecard.key, outcome: 'refused', detail: vendorRefusal(error) });
    return false;
  }
}

async function submit(context: FirmContext, timecard: Timecard, date: string): Promise<void> {
  if (await tryUpdate(context, timecard, { pse__Status__c: 'Submitted' }, date, 'timecard.submitted')) timecard.status = 'Submitted';
}

/** Saves a timecard in the PSA; a refusal (e.g. the project is closed for time) is kept with its reason. */
async function saveTimecard(context: FirmContext, timecard: Timecard, date: string): Promise<boolean> {
  const { state } = context;
  const assignment = byKey(state.assignments, timecard.assignmentKey);
  const project = byKey(state.projects, assignment.projectKey);
  const consultant = byKey(state.consultants, assignment.consultantKey);
  state.timecards.push(timecard);
  try {
    timecard.timecardId = await context.salesforce.create(
      TIMECARD,
      timecardFields(timecard, { projectId: project.projectId!, contactId: consultant.contactId!, assignmentId: assignment.assignmentId! }, assignment, project, addDays(timecard.weekStart, 6)),
    );
    recordActivity(context, { date, action: 'timecard.saved', key: timecard.key, outcome: 'done' });
    return true;
  } catch (error) {
    timecard.refusedReason = vendorRefusal(error);
    recordActivity(context, { date, action: 'timecard.saved', key: timecard.key, outcome: 'refused', detail: timecard.refusedReason });
    return false;
  }
}

function newTimecard(assignment: Assignment, monday: string, halfHours: number[], afterProjectEnd: boolean): Timecard {
  return {
    key: `T-${assignment.key}-${monday}${afterProjectEnd ? '-late' : ''}`, assignmentKey: assignment.key, weekStart: monday, halfHours,
    status: 'Saved', afterProjectEnd, corrections: [], rejections: 0, resubmitPlanned: false, correctionPlannedOn: null,
    refusedReason: null, timecardId: null,
  };
}

/** A few hours early in the week, on the last person staffed on `project` (dirt). */
async function bookLateHours(context: FirmContext, project: Project, monday: string, friday: string): Promise<void> {
  const assignment = context.state.assignments.filter((a) => a.projectKey === project.key).at(-1);
  if (!assignment || !employedOn(byKey(context.state.consultants, assignment.consultantKey), monday)) return;
  const timecard = newTimecard(assignment, monday, [context.random.int(2, 8), context.random.int(0, 6), 0, 0, 0, 0, 0], true);
  if (await saveTimecard(context, timecard, friday)) await submit(context, timecard, friday);
}

/** Friday: every consultant saves this week's timecards and most submit them right away. */
export async function enterWeekTimecards(context: FirmContext, friday: string, monday: string): Promise<void> {
  const { state, random, options } = context;
  const sunday = addDays(monday, 6);
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
      if (!(await saveTimecard(context, timecard, friday))) continue;
      if (!random.chance(LATE_SUBMISSION_RATE)) await submit(context, timecard, friday);
    }
  }

  // Dirt: hours for days after a project ended last week (still open in the PSA, so they go through)...
  for (const project of state.projects.filter((p) => p.closedForTimeOn === null && p.endDate < monday && p.endDate >= addDays(monday, -7))) {
    if (random.chance(options.dirt.closedProjectTimecardRate)) await bookLateHours(context, project, monday, friday);
  }
  // ...and attempts on projects already closed for time entry (the PSA refuses them).
  for (const project of state.projects.filter((p) => p.lateTimecardPlanned && p.closedForTimeOn !== null && p.closedForTimeOn <= friday)) {
    project.lateTimecardPlanned = false;
    await bookLateHours(context, project, monday, friday);
  }
}

/** Monday: late submitters catch up, then approvers decide on every submitted timecard of past weeks. */
export async function approveTimecards(context: FirmContext, monday: string): Promise<void> {
  const { state, random, options } = context;
  for (const timecard of state.timecards.filter((t) => t.status === 'Saved' && t.timecardId !== null && t.weekStart < monday)) {
    await submit(context, timecard, monday);
  }
  for (const timecard of state.timecards.filter((t) => t.status === 'Submitted' && t.weekStart < monday)) {
    // A resubmitted timecard has been looked at already; approvers pass it.
    const reject = timecard.rejections === 0 && timecard.corrections.length === 0 && random.chance(options.dirt.rejectRate);
    if (reject) {
      if (!(await tryUpdate(context, timecard, { pse__Status__c: 'Rejected' }, monday, 'timecard.rejected'))) continue;
      timecard.status = 'Rejected';
      timecard.rejections += 1;
      timecard.resubmitPlanned = random.chance(options.dirt.resubmitRejectedRate);
    } else {
      if (!(await tryUpdate(context, timecard, { pse__Status__c: 'Approved' }, monday, 'timecard.approved'))) continue;
      timecard.status = 'Approved';
      if (timecard.corrections.length === 0 && random.chance(options.dirt.correctionRate)) {
        timecard.correctionPlannedOn = addDays(monday, 7 * random.int(1, 2) + 2);
      }
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
  for (const timecard of context.state.timecards.filter((t) => t.status === 'Rejected' && t.resubmitPlanned)) {
    timecard.resubmitPlanned = false;
    const fixed = adjustedHours(context, timecard.halfHours);
    if (!(await tryUpdate(context, timecard, { ...timecardHoursFields(fixed), pse__Status__c: 'Submitted' }, date, 'timecard.resubmitted'))) continue;
    timecard.halfHours = fixed;
    timecard.status = 'Submitted';
  }
}

/** Any day: approved timecards due for a correction get new hours and are re-approved the same day. */
export async function correctApprovedTimecards(context: FirmContext, date: string): Promise<void> {
  for (const timecard of context.state.timecards.filter((t) => t.status === 'Approved' && t.correctionPlannedOn === date)) {
    timecard.correctionPlannedOn = null;
    const before = timecard.halfHours;
    const after = adjustedHours(context, before);
    if (!(await tryUpdate(context, timecard, { ...timecardHoursFields(after), pse__Status__c: 'Submitted' }, date, 'timecard.reopened'))) continue;
    timecard.halfHours = after;
    timecard.status = 'Submitted';
    timecard.corrections.push({ on: date, before, after });
    if (await tryUpdate(context, timecard, { pse__Status__c: 'Approved' }, date, 'timecard.corrected')) timecard.status = 'Approved';
  }
}
