import { describe, expect, it } from 'vitest';
import type { AnyCanonicalEvent } from '../../src/canonical/events/index.js';
import { defineFlow, defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { stepKey } from '../../src/runtime/flows/step-key.js';
import type { TestLineEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

const resolved = stepKey<{ project: string }>()('resolve-project');
const resolveProject = defineStep({ id: resolved, invoke: async (e: TestLineEvent) => ({ project: e.data.key }) });
const postTimeBill = defineStep({
  id: 'post-time-bill',
  needs: [resolved],
  invoke: async (_e: TestLineEvent, ctx) => ({ posted: ctx.output(resolved).project }),
});

/**
 * The type half of these tests is checked by `tsc --noEmit` (vitest does not type-check): an unused
 * `@ts-expect-error` is a compile error, so each directive below fails the build if the chain check
 * stops rejecting the flow. The runtime half is checked here.
 */
describe('typed step chain', () => {
  it('type-checks a flow whose steps need only earlier steps (the control for the cases below)', () => {
    const named = defineFlowOf<TestLineEvent>()({ id: 'chain-ok-named', on, key: byKey, steps: [resolveProject, postTimeBill] });
    expect(named.steps.map((s) => s.id)).toEqual(['resolve-project', 'post-time-bill']);
  });

  it('rejects, by type and at definition, a flow whose step needs a later step (input type named: defineFlowOf<TestLineEvent>())', () => {
    expect(() =>
      // @ts-expect-error -- post-time-bill needs resolve-project, which runs after it
      defineFlowOf<TestLineEvent>()({ id: 'chain-bad-named', on, key: byKey, steps: [postTimeBill, resolveProject] }),
    ).toThrow('flow chain-bad-named: step post-time-bill needs resolve-project to run before it');
  });

  it('rejects, by type and at definition, a flow over canonical events (input inferred from on) whose step needs a later step', () => {
    type TimeApproved = AnyCanonicalEvent<'time.approved'>;
    const project = stepKey<{ project: string }>()('resolve-project');
    const resolve = defineStep({ id: project, invoke: async (e: TimeApproved) => ({ project: e.subject }) });
    const post = defineStep({ id: 'post-time-bill', needs: [project], invoke: async (_e: TimeApproved, ctx) => ({ posted: ctx.output(project).project }) });
    expect(defineFlow({ id: 'chain-canonical-ok', on: ['time.approved'], key: (e) => e.subject, steps: [resolve, post] }).steps).toHaveLength(2);
    expect(() =>
      // @ts-expect-error -- post-time-bill needs resolve-project, which runs after it
      defineFlow({ id: 'chain-canonical-bad', on: ['time.approved'], key: (e) => e.subject, steps: [post, resolve] }),
    ).toThrow('flow chain-canonical-bad: step post-time-bill needs resolve-project to run before it');
  });

  it('rejects at definition a step that needs a step absent from the flow, when the types are bypassed', () => {
    const steps = [postTimeBill] as unknown as Parameters<ReturnType<typeof defineFlowOf<TestLineEvent>>>[0]['steps'];
    expect(() => defineFlowOf<TestLineEvent>()({ id: 'chain-absent', on, key: byKey, steps })).toThrow(
      'flow chain-absent: step post-time-bill needs resolve-project to run before it',
    );
  });
});
