/** A one-line progress display on stderr: rewritten in place on a TTY, a line per update otherwise (throttled). */
export interface Progress {
  update(text: string): void;
  done(text?: string): void;
}

/** Creates the display; `enabled: false` (e.g. `--quiet`) prints nothing. */
export function createProgress(options: { stream?: NodeJS.WriteStream; enabled?: boolean; minIntervalMs?: number } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const minInterval = options.minIntervalMs ?? (tty ? 100 : 5_000);
  let last = 0;
  let shown = '';
  return {
    update(text) {
      if (options.enabled === false) return;
      const now = Date.now();
      if (now - last < minInterval) return;
      last = now;
      shown = text;
      if (tty) stream.write(`\r\u001b[2K${text}`);
      else stream.write(`${text}\n`);
    },
    done(text) {
      if (options.enabled === false) return;
      if (tty && shown) stream.write('\r\u001b[2K');
      if (text) stream.write(`${text}\n`);
    },
  };
}
