import { z } from 'zod';

/**
 * The Workday delta poller's checkpoint: either the end of the last complete window (`through`), or
 * a window in progress with the next page to read, so a crash mid-window resumes at that page.
 */
export type DeltaCheckpoint = { through: string } | { from: string; through: string; page: number };

const checkpointSchema = z.union([
  z.object({ from: z.iso.datetime(), through: z.iso.datetime(), page: z.int().min(1) }),
  z.object({ through: z.iso.datetime() }),
]);

/** Reads a stored checkpoint (undefined before the first page; a corrupt one is an error, not a restart from zero). */
export function parseDeltaCheckpoint(text: string | undefined): DeltaCheckpoint | undefined {
  if (text === undefined) return undefined;
  return checkpointSchema.parse(JSON.parse(text));
}

/** The stored form of a checkpoint. */
export function formatDeltaCheckpoint(checkpoint: DeltaCheckpoint): string {
  return JSON.stringify(checkpoint);
}
