import os from 'node:os';
import { round } from './measure.js';

/** The machine a benchmark ran on, with its load averages at the time (shared machines skew figures). */
export function describeMachine(): { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: number[] } {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map(round),
  };
}
