/** Day one: the reference setup the firm already has — services, its own accounts, consultants, clients. */
import { addDays } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Client, Consultant, EntityCode } from '../firm-model.js';
import {
  accountFields, firmAccountFields, practiceFields, productFields, projectFields, regionFields,
} from '../psa-fields.js';
import {
  type Role, clientNames, clientSuffixByEntity, costRateCard, firstNames, lastNames, legalEntities, legalEntity, practices, roles,
} from '../reference-data.js';
import { hireConsultant } from './hire-consultant.js';
import { pickConsultant, staffConsultant } from './staffing.js';

const entityMix: ReadonlyArray<readonly [EntityCode, number]> = [['US', 0.5], ['UK', 0.3], ['DE', 0.2]];
const roleMix: ReadonlyArray<readonly [Role, number]> = [['Consultant', 0.4], ['Senior Consultant', 0.3], ['Manager', 0.2], ['Architect', 0.1]];

/** Draws a new consultant (not yet hired anywhere); the first two alternate US/UK so cross-entity staffing is possible. */
export function draftConsultant(context: FirmContext, hireDate: string): Consultant {
  const ordinal = context.state.consultants.length;
  const entity: EntityCode = ordinal === 0 ? 'US' : ordinal === 1 ? 'UK' : pickWeighted(context.random, entityMix);
  const role = pickWeighted(context.random, roleMix);
  const firstName = firstNames[(ordinal * 7 + context.random.int(0, firstNames.length - 1)) % firstNames.length]!;
  const lastName = lastNames[(ordinal * 5 + context.random.int(0, lastNames.length - 1)) % lastNames.length]!;
  const key = context.nextKey('C', 3);
  const employeeId = `E${1000 + ordinal + 1}`;
  return {
    key, employeeId, firstName, lastName, role, entity, hireDate,
    email: `${firstName}.${lastName}.${employeeId}@throughline-consulting.example`.toLowerCase(),
    costRate: costRateCard[role][entity],
    terminationDate: null, workdayId: null, contactId: null,
  };
}

function taxIdFor(context: FirmContext, entity: EntityCode): string {
  const digits = (count: number) => Array.from({ length: count }, () => String(context.random.int(0, 9))).join('');
  if (entity === 'US') return `${digits(2)}-${digits(7)}`;
  return `${entity === 'UK' ? 'GB' : 'DE'}${digits(9)}`;
}

/** A near-identical spelling of a client name, as a second salesperson would type it. */
function nearDuplicateName(context: FirmContext, name: string): string {
  const variants = [
    name.toUpperCase(),
    name.replace(/\.$/, ''),
    name.replace(' ', '  '),
    name.replace(/ (Inc\.|Corp\.|LLC|Ltd|plc|GmbH|AG)$/, ', $1'),
  ];
  const distinct = variants.filter((variant) => variant !== name);
  return context.random.pick(distinct);
}

async function createClient(context: FirmContext, client: Client): Promise<void> {
  client.accountId = await context.salesforce.create('Account', accountFields(client));
  context.state.clients.push(client);
  recordActivity(context, { date: context.options.startDate, action: 'account.created', key: client.key, outcome: 'done', detail: client.duplicateOf ? `duplicate of ${client.duplicateOf}` : undefined });
}

/** Creates the firm's reference data in the estate. */
export async function setUpFirm(context: FirmContext): Promise<void> {
  const { options, state, salesforce } = context;
  const day = options.startDate;

  for (const role of roles) state.productIds[role] = await salesforce.create('Product2', productFields(role));
  state.productIds.fixedFee = await salesforce.create('Product2', productFields('Fixed fee'));
  state.productIds.retainer = await salesforce.create('Product2', productFields('Monthly retainer'));
  state.productIds.subscription = await salesforce.create('Product2', productFields('Support subscription'));
  for (const entity of legalEntities) {
    state.firmAccountIds[entity.code] = await salesforce.create('Account', firmAccountFields(entity.code));
    state.regionIds[entity.region] = await salesforce.create('pse__Region__c', regionFields(entity.region, entity.currency));
  }
  for (const practice of practices) state.practiceIds[practice] = await salesforce.create('pse__Practice__c', practiceFields(practice));

  for (let index = 0; index < options.consultants; index += 1) {
    const consultant = draftConsultant(context, addDays(day, -context.random.int(30, 1500)));
    await hireConsultant(context, consultant, day);
  }

  const clientCount = Math.max(6, Math.ceil(options.consultants / 2));
  for (let index = 0; index < clientCount; index += 1) {
    const entity = index < 3 ? legalEntities[index]!.code : pickWeighted(context.random, entityMix);
    const stem = clientNames[index % clientNames.length]!;
    const name = `${stem}${index >= clientNames.length ? ` ${Math.floor(index / clientNames.length) + 1}` : ''} ${context.random.pick(clientSuffixByEntity[entity])}`;
    const client: Client = {
      key: context.nextKey('A', 3), name, entity,
      taxId: context.random.chance(options.dirt.missingTaxIdRate) ? null : taxIdFor(context, entity),
      duplicateOf: null, accountId: null,
    };
    await createClient(context, client);
    if (context.random.chance(options.dirt.duplicateAccountRate)) {
      await createClient(context, {
        key: context.nextKey('A', 3), name: nearDuplicateName(context, name), entity,
        taxId: context.random.chance(0.5) ? null : client.taxId, duplicateOf: client.key, accountId: null,
      });
    }
  }

  // Dirt: projects a project manager set up by hand in the PSA, with no won deal behind them.
  for (let index = 0; index < options.dirt.unknownProjects; index += 1) {
    const client = context.random.pick(state.clients.filter((candidate) => candidate.duplicateOf === null));
    const entity = legalEntity(client.entity);
    const project = {
      key: context.nextKey('P', 4), dealKey: null, name: `${client.name} - Ad-hoc support ${index + 1}`, clientKey: client.key,
      entity: client.entity, region: entity.region, practice: context.random.pick(practices), billingModel: 'time_and_materials' as const,
      currency: entity.currency, billable: true, startDate: day, endDate: addDays(day, options.days + 30),
      closedForTimeOn: null, projectId: null as string | null, lateTimecardPlanned: false,
    };
    project.projectId = await salesforce.create('pse__Proj__c', projectFields(project, {
      accountId: client.accountId!, opportunityId: null, regionId: state.regionIds[project.region]!, practiceId: state.practiceIds[project.practice]!,
    }));
    state.projects.push(project);
    const consultant = pickConsultant(context, project, false, new Set());
    if (consultant) await staffConsultant(context, project, consultant, { billable: true, discounted: false });
    recordActivity(context, { date: day, action: 'project.created_by_hand', key: project.key, outcome: 'done' });
  }
}
