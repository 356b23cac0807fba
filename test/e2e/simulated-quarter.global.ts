/**
 * vitest globalSetup: the control server of the shared simulated quarter (see
 * test/support/simulated-quarter.ts). It simulates nothing by itself; the first heavy e2e proof that
 * asks for the quarter has it simulated, once per test run, and every later one reuses it.
 */
import type { TestProject } from 'vitest/node';
import { serveSimulatedQuarter } from '../support/simulated-quarter.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const quarter = await serveSimulatedQuarter({ log: (line) => console.log(`[simulated quarter] ${line}`) });
  project.provide('simulatedQuarterUrl', quarter.url);
  return () => quarter.close();
}
