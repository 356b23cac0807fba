import type { AnyCanonicalEvent } from '../../canonical/events/index.js';
import { defineStep } from '../../runtime/flows/define-step.js';
import { defineFlow } from '../../runtime/flows/define-flow.js';
import { createFlowRegistry, type FlowRegistry } from '../../runtime/flows/flow-registry.js';

/** The runtime benchmark's flow: three no-op single steps on `time.approved`, keyed by source id. */
export const noopFlow = defineFlow({
  id: 'bench-noop',
  on: ['time.approved'],
  key: (event) => event.sourceId,
  steps: [
    defineStep({ id: 'validate', invoke: async (event: AnyCanonicalEvent<'time.approved'>) => ({ key: event.sourceId }) }),
    defineStep({ id: 'map', invoke: async (_event: AnyCanonicalEvent<'time.approved'>) => ({ rate: '185.00' }) }),
    defineStep({ id: 'post', invoke: async (_event: AnyCanonicalEvent<'time.approved'>, ctx) => ({ ref: ctx.idempotencyKey() }) }),
  ],
});

/** A registry with only the no-op flow (parent and worker children build the same one). */
export function noopFlowRegistry(): FlowRegistry {
  return createFlowRegistry([noopFlow]);
}
