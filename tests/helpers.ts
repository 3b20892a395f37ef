// Shared test helpers: run the real binary as a user would, and in-process I/O.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../src/output.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/povcheck.js', import.meta.url));

export function povcheck(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: options.input,
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function memoryIo(env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  return io;
}


/** Write `content` to a fresh temporary file named `name`; returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-test-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A seeded random number generator (mulberry32): the same numbers for the same seed. */
export function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
