import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anaplanErrorOf } from '../../../src/connectors/anaplan/classify-error.js';
import { formatCsv, parseCsv } from '../../../src/connectors/anaplan/csv.js';
import { actualsToCsvRows, matchDumpRow, parseFailureDump } from '../../../src/connectors/anaplan/mappers/actuals-csv.js';
import { chunkListSchema, taskResponseSchema, tokenResponseSchema } from '../../../src/connectors/anaplan/schemas.js';
import type { ActualsRow } from '../../../src/connectors/ports/planning.js';
import { contractBody } from '../../contracts/contract.js';

/** Payloads recorded from our own sandbox, for parsing only (see sandbox-recordings/README.md): no conformance claim. */
const sandboxRecording = (name: string) => readFileSync(new URL(`./sandbox-recordings/${name}`, import.meta.url), 'utf8');
/** Anaplan's documented payloads (test/contracts/anaplan/, each naming its Anaplan Help page). */
const documented = (name: string) => contractBody('anaplan', name);

/** The rows of the import behind the recorded failure dump (sandbox-recordings/failure-dump-chunk-0.sandbox.csv). */
const sent: ActualsRow[] = [
  { projectCode: 'PRJ-100', month: '2026-01', currency: 'USD', hours: '120', cost: '6000.00', billings: '18000.00', collections: '9000.00' },
  { projectCode: 'bad code', month: '2026-01', currency: 'USD', hours: '1', cost: '1', billings: '1', collections: '1' },
  { projectCode: 'PRJ-101', month: '2031-01', currency: 'GBP', hours: '8', cost: '400.00', billings: '1200.00', collections: '0' },
  { projectCode: 'PRJ-102', month: '2026-01', currency: 'USD', hours: '1200.00', cost: '1', billings: '1', collections: '1' },
];

describe('Anaplan schemas on the documented payloads, mappers on sandbox recordings', () => {
  it('reads the documented token (authenticate, refresh), task states and dump chunk list', () => {
    expect(tokenResponseSchema.parse(documented('token.authenticate')).tokenInfo).toMatchObject({ tokenValue: 'REDACTED-token-value', expiresAt: 1770021300000 });
    expect(tokenResponseSchema.parse(documented('token.refresh'))).toMatchObject({ statusMessage: 'Token refreshed', tokenInfo: { expiresAt: 1770023400000 } });
    expect(taskResponseSchema.parse(documented('import.task-start')).task.taskState).toBe('NOT_STARTED');
    expect(taskResponseSchema.parse(documented('import.task-in-progress')).task).toMatchObject({ taskState: 'IN_PROGRESS', progress: 0.25 });
    const complete = taskResponseSchema.parse(documented('import.task-complete')).task;
    expect(complete).toMatchObject({ taskState: 'COMPLETE', progress: 1 });
    expect(complete.result).toMatchObject({ successful: true, failureDumpAvailable: true, objectId: '112000000001' });
    expect(complete.result?.details?.[0]?.values).toContain('failedCount');
    expect(chunkListSchema.parse(documented('import.dump-chunks')).chunks).toEqual([{ id: '0', name: 'Chunk 0' }]);
  });

  it('reads the 409 body the sandbox sends (sandbox recording)', () => {
    const busy = JSON.parse(sandboxRecording('model-busy-409.sandbox.json')) as { httpStatus: number; body: unknown };
    expect(anaplanErrorOf({ status: busy.httpStatus, headers: {}, body: busy.body })).toEqual({ code: '409', message: 'Model Revenue Forecast is busy: another import is running' });
  });

  it('reads the sandbox\'s failure dump into rows with line, error and the original columns, matched to what was sent', () => {
    const dump = parseFailureDump(parseCsv(sandboxRecording('failure-dump-chunk-0.sandbox.csv')));
    expect(dump.map((d) => [d.line, d.error])).toEqual([
      [3, "Invalid project code format: 'bad code'"],
      [4, "Item not located in Month list: '2031-01'"],
      [5, "Invalid number for line item Hours: '1,200.00'"],
    ]);
    expect(dump[2]!.values).toMatchObject({ Project: 'PRJ-102', Hours: '1,200.00' });
    expect(dump.map((d) => matchDumpRow(d, sent)?.projectCode)).toEqual(['bad code', 'PRJ-101', 'PRJ-102']);
    // Without a line number the row is found by project and month.
    expect(matchDumpRow({ ...dump[1]!, line: undefined }, sent)?.projectCode).toBe('PRJ-101');
  });

  it('writes actuals as the import data source the sandbox model maps (header names, decimal strings as given)', () => {
    expect(formatCsv(actualsToCsvRows(sent.slice(0, 1)))).toBe('Project,Month,Currency,Hours,Cost,Billings,Collections\r\nPRJ-100,2026-01,USD,120,6000.00,18000.00,9000.00\r\n');
  });

  it('round-trips any fields through CSV', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (rows) => {
        // A row of one empty field is a blank line, which CSV readers skip.
        const meaningful = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        expect(parseCsv(formatCsv(meaningful))).toEqual(meaningful);
      }),
    );
  });
});
