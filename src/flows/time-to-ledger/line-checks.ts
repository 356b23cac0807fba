import { compareHours, isZero, sumHours } from '../../canonical/money/index.js';
import type { TimeApprovedEvent } from './time-entry-event.js';

/** What a time line is judged against about its project (read from the PSA on the way). */
export interface ProjectFacts {
  projectCode?: string | undefined;
  /** The project's currency: time bills post in it. */
  currency?: string | undefined;
  closedForTime?: boolean | undefined;
  /** The business date the project closed for time entry, when the PSA tells it. */
  closedForTimeOn?: string | undefined;
  endDate?: string | undefined;
  status?: string | undefined;
}

/** Why a line cannot post: an exception category and its reason. */
export interface LineProblem {
  category: 'project_closed' | 'missing_rate' | 'currency_mismatch' | 'impossible_day';
  reason: string;
}

/**
 * Closed for time is judged per line, on its work date: time worked up to and including the day the
 * project closed posts, whenever the hub first sees it. The close date is the PSA's; without one the
 * project's end date stands in, and without either the PSA's own approval stands (it refuses time on
 * closed projects itself).
 */
export function closureProblem(line: Pick<TimeApprovedEvent['data'], 'workDate'>, project: ProjectFacts): LineProblem | undefined {
  const closed = project.closedForTime === true || project.status === 'closed' || project.status === 'cancelled';
  if (!closed) return undefined;
  const closedOn = project.closedForTimeOn ?? project.endDate;
  if (closedOn === undefined || line.workDate <= closedOn) return undefined;
  const when = project.closedForTimeOn !== undefined ? `closed for time on ${closedOn}` : `ended on ${closedOn} and is closed for time`;
  const which = project.projectCode ? `project ${project.projectCode}` : 'the project';
  return { category: 'project_closed', reason: `worked on ${line.workDate}, after ${which} ${when}` };
}

/** Billable time must carry a bill rate above zero: a missing or zero rate would post unbilled work as free. */
export function rateProblem(line: TimeApprovedEvent['data']): LineProblem | undefined {
  if (!line.billable) return undefined;
  if (!line.billRate) return { category: 'missing_rate', reason: `${line.hours} billable hours on ${line.workDate} without a bill rate` };
  if (isZero(line.billRate)) return { category: 'missing_rate', reason: `${line.hours} billable hours on ${line.workDate} at a zero bill rate (${line.billRate.currency})` };
  return undefined;
}

/** Time posts in its project's currency: a rate in another currency is never relabelled. */
export function currencyProblem(line: TimeApprovedEvent['data'], project: ProjectFacts): LineProblem | undefined {
  const currency = line.billRate?.currency ?? line.costRate?.currency;
  if (currency === undefined || project.currency === undefined || currency === project.currency) return undefined;
  return {
    category: 'currency_mismatch',
    reason: `time in ${currency} on ${project.projectCode ? `project ${project.projectCode}` : 'a project'} billed in ${project.currency}: no rate is converted or relabelled without an FX policy`,
  };
}

/** A worker's day: the worker's PSA record id and the work date. */
export interface WorkerDay {
  workerId: string;
  workDate: string;
}

/** Map key of a worker's day. */
export function workerDayKey(day: WorkerDay): string {
  return `${day.workerId}|${day.workDate}`;
}

/** One approved entry of a worker's day, as the event log holds its newest version. */
export interface WorkerDayEntry {
  timeEntryId: string;
  hours: string;
  approvedAt: string;
}

/** Most hours one person can work in one day. */
export const HOURS_IN_A_DAY = '24';

/**
 * A person cannot work more than 24 hours in a day. Entries of the worker's day are taken in approval
 * order (approval instant, then entry id) — the record's own data, not the order the hub saw them —
 * and the line whose approval takes the day past 24 hours is held, as is every later one.
 */
export function impossibleDayProblem(line: TimeApprovedEvent['data'], day: readonly WorkerDayEntry[]): LineProblem | undefined {
  const own: WorkerDayEntry = { timeEntryId: line.timeEntryId, hours: line.hours, approvedAt: line.approvedAt };
  const entries = [...day.filter((e) => e.timeEntryId !== line.timeEntryId), own]
    .sort((a, b) => a.approvedAt.localeCompare(b.approvedAt) || a.timeEntryId.localeCompare(b.timeEntryId));
  const upTo = entries.slice(0, entries.indexOf(own) + 1);
  const total = sumHours(upTo.map((e) => e.hours));
  if (compareHours(total, HOURS_IN_A_DAY) <= 0) return undefined;
  const dayTotal = sumHours(entries.map((e) => e.hours));
  return {
    category: 'impossible_day',
    reason: `${dayTotal} hours approved for one person on ${line.workDate} (${entries.map((e) => `${e.timeEntryId} ${e.hours} h`).join(', ')}): more than 24 hours in a day`,
  };
}
