import { Writable } from 'node:stream';

/** A stream that keeps every JSON line pino writes: the raw text and the parsed lines. */
export function captureStream(): { stream: Writable; raw: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const raw = () => chunks.join('');
  return { stream, raw, lines: () => raw().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}
