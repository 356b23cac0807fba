/**
 * `POST /ccx/service/{tenant}/Human_Resources/{version}`: Workday Web Services (SOAP 1.1) for the
 * Human_Resources service, Get_Workers operation. Authenticates with a bearer token (OAuth) or a
 * WS-Security UsernameToken in the SOAP header; every failure is an `env:Fault` with HTTP 500.
 * Ref: Workday Web Services Directory, Human_Resources v44.0, Get_Workers.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxClock } from '../../kit/clock.js';
import { checkBearer } from '../bearer-auth.js';
import type { WorkdayCredentials, WorkdayTokenService } from '../token-service.js';
import type { WorkerRecord } from '../worker-model.js';
import type { AsOf, WorkerStore, WorkerView } from '../worker-store.js';
import { parseGetWorkersRequest, SoapValidationError, type GetWorkersRequest } from './get-workers-request.js';
import { buildGetWorkersResponse } from './get-workers-response.js';
import { buildSoapEnvelope, buildSoapFault, isRecord, parseSoap, textOf, type SoapFaultCode } from './soap-xml.js';

/** Registers the Human_Resources SOAP endpoint. */
export function registerWorkdaySoapRoutes(
  app: FastifyInstance,
  deps: { credentials: WorkdayCredentials; tokens: WorkdayTokenService; store: WorkerStore; clock: SandboxClock; dateZone: string },
): void {
  const { credentials, tokens, store } = deps;
  const fault = (reply: FastifyReply, code: SoapFaultCode, message: string, xpath?: string) =>
    reply.code(500).type('text/xml; charset=utf-8').send(buildSoapFault(code, message, xpath));

  app.post<{ Params: { tenant: string; version: string } }>(
    '/ccx/service/:tenant/Human_Resources/:version',
    async (request, reply) => {
      if (request.params.tenant !== credentials.tenant) return reply.code(404).type('text/plain').send('Tenant not found');
      if (!/^v\d+(\.\d+)?$/.test(request.params.version)) return fault(reply, 'env:Client', `Unsupported version ${request.params.version}`);
      let envelope: ReturnType<typeof parseSoap>;
      try {
        envelope = parseSoap(typeof request.body === 'string' ? request.body : '');
      } catch (error) {
        return fault(reply, 'env:Client', `Invalid request: ${(error as Error).message}`);
      }
      const auth = authenticate(request, envelope.header);
      if (auth !== 'valid') {
        return fault(reply, 'env:Client.authenticationError', auth === 'expired' ? 'Invalid or expired token' : 'invalid username or password');
      }
      const operation = envelope.body['Get_Workers_Request'];
      if (operation === undefined) {
        const name = Object.keys(envelope.body).find((k) => !k.startsWith('@_')) ?? '(none)';
        return fault(reply, 'env:Client', `Unsupported operation ${name} (the sandbox serves Get_Workers_Request)`);
      }
      try {
        const parsed = parseGetWorkersRequest(operation);
        const response = getWorkers(parsed);
        return reply.type('text/xml; charset=utf-8').send(buildSoapEnvelope(response));
      } catch (error) {
        if (error instanceof SoapValidationError) {
          return fault(reply, 'env:Client.validationError', `Validation error occurred. ${error.message}`, error.xpath);
        }
        throw error;
      }
    },
  );

  function authenticate(
    request: Parameters<typeof checkBearer>[0],
    header: Record<string, unknown>,
  ): 'valid' | 'expired' | 'invalid' {
    if (request.headers.authorization) {
      const bearer = checkBearer(request, tokens, credentials.clientId);
      return bearer === 'valid' ? 'valid' : bearer === 'expired' ? 'expired' : 'invalid';
    }
    const security = header['Security'];
    const usernameToken = isRecord(security) ? security['UsernameToken'] : undefined;
    if (!isRecord(usernameToken)) return 'invalid';
    const username = textOf(usernameToken['Username']) ?? '';
    const password = textOf(usernameToken['Password']) ?? '';
    const user = username.endsWith(`@${credentials.tenant}`) ? username.slice(0, -credentials.tenant.length - 1) : username;
    if (user !== credentials.username || password !== credentials.password) return 'invalid';
    if (request.sandboxFault?.tokenExpiry) return 'expired';
    request.sandboxClientId = user;
    return 'valid';
  }

  function getWorkers(request: GetWorkersRequest): Record<string, unknown> {
    const entryMoment = request.asOfEntryMoment ?? request.updatedThrough ?? clockNow();
    const asOf: AsOf = { effectiveDate: request.asOfEffectiveDate ?? clockNow().toISOString().slice(0, 10), entryMoment };
    let records = request.references ? resolveReferences(request) : store.all();
    if (request.updatedFrom && request.updatedThrough) {
      const updated = new Set(store.updatedBetween(request.updatedFrom, request.updatedThrough));
      records = records.filter((r) => updated.has(r));
    }
    const workers = records
      .map((r) => store.view(r, asOf))
      .filter((w): w is WorkerView => w !== undefined)
      .filter((w) => !request.excludeInactiveWorkers || w.active);
    const start = (request.page - 1) * request.count;
    return buildGetWorkersResponse(
      request,
      asOf,
      {
        workers: workers.slice(start, start + request.count),
        totalResults: workers.length,
        totalPages: Math.ceil(workers.length / request.count),
        page: request.page,
      },
      { dateZone: deps.dateZone },
    );
  }

  function resolveReferences(request: GetWorkersRequest) {
    const found: WorkerRecord[] = [];
    for (const reference of request.references ?? []) {
      const record = store.find(reference.value);
      const view = record && store.view(record, { effectiveDate: '9999-12-31', entryMoment: clockNow() });
      const typeMatches =
        view !== undefined &&
        (reference.type === 'WID'
          ? record!.wid === reference.value.toLowerCase()
          : reference.type === (view.workerType === 'employee' ? 'Employee_ID' : 'Contingent_Worker_ID') &&
            record!.employeeId === reference.value);
      if (record && typeMatches) {
        if (!found.includes(record)) found.push(record);
      } else if (!request.skipNonExistingInstances) {
        throw new SoapValidationError(
          `Invalid ID value. '${reference.value}' is not a valid ID value for type = '${reference.type}'`,
          'Request_References/Worker_Reference/ID',
        );
      }
    }
    return found;
  }

  function clockNow(): Date {
    return deps.clock.now();
  }
}
