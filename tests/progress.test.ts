import { describe, expect, it } from 'vitest';
import { terminalProgress, PROGRESS_MIN_BYTES } from '../src/progress.js';
import { memoryIo, tempFile } from './helpers.js';

describe('progress', () => {
  const big = tempFile('big.csv', Buffer.alloc(PROGRESS_MIN_BYTES, 'a'));
  const small = tempFile('small.csv', 'a\n');

  it('shows rows and rate on a terminal for large inputs, and clears the line at the end', () => {
    const io = memoryIo();
    io.stderrIsTTY = true;
    let t = 0;
    const progress = terminalProgress(io, [big], false, () => t)!;
    t = 2000;
    progress.rows(big, 100_000);
    t = 2100; // throttled: less than 250 ms later
    progress.rows(big, 110_000);
    progress.done();
    expect(io.err).toBe(`\r\u001b[K${big}: 100,000 rows, 50,000 rows/s\r\u001b[K`);
  });

  it('stays silent off a terminal, with --quiet, and for small inputs', () => {
    expect(terminalProgress({ ...memoryIo(), stderrIsTTY: false }, [big], false)).toBeUndefined();
    expect(terminalProgress({ ...memoryIo(), stderrIsTTY: true }, [big], true)).toBeUndefined();
    expect(terminalProgress({ ...memoryIo(), stderrIsTTY: true }, [small], false)).toBeUndefined();
  });
});

describe('colour', () => {
  it('only on a terminal with NO_COLOR unset and without --no-color', async () => {
    const { colorWanted } = await import('../src/commands/check.js');
    const tty = { ...memoryIo({}), stdoutIsTTY: true };
    expect(colorWanted({}, tty)).toBe(true);
    expect(colorWanted({ color: false }, tty)).toBe(false);
    expect(colorWanted({}, { ...tty, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorWanted({}, { ...tty, stdoutIsTTY: false })).toBe(false);
  });
});
