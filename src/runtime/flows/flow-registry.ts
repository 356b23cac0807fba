import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { FlowDefinition } from './define-flow.js';

/** The flows a process knows, looked up by id and by the event types they subscribe to. */
export interface FlowRegistry {
  readonly flows: ReadonlyArray<FlowDefinition>;
  get(flowId: string): FlowDefinition | undefined;
  subscribersOf(eventType: string): ReadonlyArray<FlowDefinition>;
}

/** Builds a registry; two flows with one id is a programming error. */
export function createFlowRegistry(flows: ReadonlyArray<FlowDefinition<CanonicalEvent>>): FlowRegistry {
  const byId = new Map<string, FlowDefinition>();
  const byType = new Map<string, FlowDefinition[]>();
  for (const flow of flows) {
    if (byId.has(flow.id)) throw new Error(`duplicate flow id ${flow.id}`);
    byId.set(flow.id, flow);
    for (const type of flow.on) byType.set(type, [...(byType.get(type) ?? []), flow]);
  }
  return {
    flows,
    get: (flowId) => byId.get(flowId),
    subscribersOf: (eventType) => byType.get(eventType) ?? [],
  };
}
