import { sql, type Kysely } from 'kysely';
import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { Database } from '../../persistence/schema.js';

/** What a claimed run needs to resume: its input (original or corrected) and its checkpointed outputs. */
export interface RunResumeState {
  input: CanonicalEvent;
  /** Outputs of steps completed under the run's current input version, by step id. */
  outputs: Map<string, unknown>;
}

/** Resume states by run id, and the runs whose input could not be loaded, with the reason. */
export interface LoadedRunInputs {
  states: Map<string, RunResumeState>;
  unavailable: Map<string, string>;
}

/**
 * Loads the inputs of many runs in at most two statements (never one per run); their checkpoints
 * came with the claim (`stepOutputs`). A run whose input is missing is reported in `unavailable`,
 * never failing the other runs of the batch.
 */
export async function loadRunInputs(
  db: Kysely<Database>,
  runs: ReadonlyArray<{ id: string; eventId: string; inputVersion: number; stepOutputs: Record<string, unknown> }>,
): Promise<LoadedRunInputs> {
  const states = new Map<string, RunResumeState>();
  const unavailable = new Map<string, string>();
  if (runs.length === 0) return { states, unavailable };
  const runIds = runs.map((r) => r.id);
  const events = await sql<{
    id: string; type: string; subject: string; source: string; source_id: string; source_version: string; time: Date;
    correlation_id: string; causation_id: string | null; schema_version: string; data: unknown;
  }>`select id, type, subject, source, source_id, source_version, time, correlation_id, causation_id, schema_version, data
       from tl_event where id = any(${[...new Set(runs.map((r) => r.eventId))]}::text[])`.execute(db);
  const eventById = new Map(events.rows.map((e) => [e.id, e]));
  const corrected = runs.some((r) => r.inputVersion > 1)
    ? await sql<{ run_id: string; version: number; input: CanonicalEvent }>`
        select run_id, version, input from tl_run_input where run_id = any(${runIds}::text[])`.execute(db)
    : { rows: [] };
  const inputByRunVersion = new Map(corrected.rows.map((r) => [`${r.run_id}#${r.version}`, r.input]));

  for (const run of runs) {
    let input: CanonicalEvent | undefined;
    if (run.inputVersion > 1) {
      input = inputByRunVersion.get(`${run.id}#${run.inputVersion}`);
    } else {
      const e = eventById.get(run.eventId);
      if (e) {
        input = {
          id: e.id, type: e.type, subject: e.subject, source: e.source, sourceId: e.source_id, sourceVersion: e.source_version,
          time: new Date(e.time).toISOString(), correlationId: e.correlation_id, causationId: e.causation_id,
          schemaVersion: e.schema_version, data: e.data,
        };
      }
    }
    if (!input) {
      unavailable.set(run.id, run.inputVersion > 1 ? `input version ${run.inputVersion} is missing` : `event ${run.eventId} is missing from the event log`);
      continue;
    }
    states.set(run.id, { input, outputs: new Map(Object.entries(run.stepOutputs)) });
  }
  return { states, unavailable };
}
