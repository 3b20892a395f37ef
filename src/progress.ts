// Progress on stderr for inputs large enough to wait for — only on a terminal, never in CI logs
// or piped output, never with --quiet.
import { statSync } from 'node:fs';
import type { Io } from './output.js';

export interface Progress {
  /** called every few thousand rows with the rows read so far in the file */
  rows(file: string, rows: number): void;
  done(): void;
}

/** Inputs smaller than this finish before a progress line would help. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export function terminalProgress(io: Io, files: string[], quiet: boolean, now: () => number = Date.now): Progress | undefined {
  if (quiet || !io.stderrIsTTY) return undefined;
  const size = files.reduce((sum, f) => {
    try {
      return sum + (f === '-' ? PROGRESS_MIN_BYTES : statSync(f).size);
    } catch {
      return sum;
    }
  }, 0);
  if (size < PROGRESS_MIN_BYTES) return undefined;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    rows(file, rows) {
      const t = now();
      if (t - last < 250) return;
      last = t;
      shown = true;
      const rate = rows / Math.max(0.001, (t - start) / 1000);
      io.stderr(`\r\u001b[K${file}: ${rows.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
