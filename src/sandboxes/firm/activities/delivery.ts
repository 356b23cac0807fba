/** Delivery milestones reached and finished projects closed for time entry. */
import { addDays } from '../calendar.js';
import { type FirmContext, recordActivity } from '../firm-context.js';
import { closedProjectFields, completedMilestoneFields } from '../psa-fields.js';

/** Completes every milestone whose target date has come (on a working day) and releases it for billing. */
export async function completeDueMilestones(context: FirmContext, date: string): Promise<void> {
  for (const milestone of context.state.milestones.filter((m) => m.completedOn === null && m.targetDate <= date)) {
    await context.salesforce.update('pse__Milestone__c', milestone.milestoneId!, completedMilestoneFields(date));
    milestone.completedOn = date;
    recordActivity(context, { date, action: 'milestone.completed', key: milestone.key, outcome: 'done' });
  }
}

/** Days after its end date a project manager closes a project (after the last approvals and resubmissions). */
export const CLOSE_AFTER_END_DAYS = 11;

/** Closes projects that ended well before `date`; a share of them will still get a late timecard attempt (dirt). */
export async function closeFinishedProjects(context: FirmContext, date: string): Promise<void> {
  const { state, random, options } = context;
  for (const project of state.projects.filter((p) => p.closedForTimeOn === null && addDays(p.endDate, CLOSE_AFTER_END_DAYS) <= date)) {
    await context.salesforce.update('pse__Proj__c', project.projectId!, closedProjectFields());
    project.closedForTimeOn = date;
    project.lateTimecardPlanned = random.chance(options.dirt.closedProjectTimecardRate);
    recordActivity(context, { date, action: 'project.closed_for_time', key: project.key, outcome: 'done' });
  }
}
