import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';
import { readContractText, shapeDifferences, xmlShapeOf } from '../../contracts/contract.js';
import { fetchAccessToken, getWorkersEnvelope, postSoap } from './workday-test-client.js';

type Shape = Record<string, Record<string, unknown>[] | undefined>;

/** `Envelope/Body/Get_Workers_Response` of a SOAP message, every element an array (see xmlShapeOf). */
const responseOf = (xml: string): unknown => {
  const envelope = (xmlShapeOf(xml) as Shape)['Envelope']![0]! as Shape;
  return (envelope['Body']![0]! as Shape)['Get_Workers_Response'];
};

/**
 * The sandbox's Get_Workers against the layout of Workday's Human_Resources v44.0 element reference
 * (test/contracts/workday/get-workers.response.xml): every element and attribute the documented
 * response carries at a path is present at that path in the sandbox's (values are not compared;
 * elements the example omits are allowed, as the response groups and [0..1] cardinalities allow them).
 */
describe('Workday sandbox answers Get_Workers in the documented element layout', () => {
  let sandbox: RunningWorkdaySandbox;
  beforeAll(async () => {
    sandbox = await startWorkdaySandbox({ clock: createSandboxClock('2026-01-05T09:00:00.000Z', 'manual') });
    const termination = await fetch(`${sandbox.adminUrl}/workers/21002/termination`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terminationDate: '2026-01-30' }),
    });
    expect(termination.status).toBe(201);
  });
  afterAll(() => sandbox.stop());

  it('Response_Filter, Response_Results and workers with reference, personal, employment, compensation, organization and transaction log data', async () => {
    const group = ['Reference', 'Personal_Information', 'Employment_Information', 'Compensation', 'Organizations', 'Transaction_Log_Data']
      .map((name) => `<bsvc:Include_${name}>true</bsvc:Include_${name}>`).join('');
    const response = await postSoap(sandbox, getWorkersEnvelope(`<bsvc:Response_Group>${group}</bsvc:Response_Group>`), await fetchAccessToken(sandbox));
    expect(response.status).toBe(200);
    expect(shapeDifferences(responseOf(response.xml), responseOf(readContractText('workday', 'get-workers.response.xml')))).toEqual([]);
  });
});
