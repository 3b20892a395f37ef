// Worker threads started before they are needed: a V8 instance and the reader's modules take
// ~0.1 s to start, which can overlap with the main thread loading the command's modules and reading
// the header and the sample. This module imports nothing of the reader, so that the command line can
// start a worker as soon as it knows the first data file.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Files from this size on are shared with a worker. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

// the compiled worker beside this module; from the TypeScript sources (tests), the built one
const WORKER_URL = existsSync(fileURLToPath(new URL('./worker.js', import.meta.url))) ? new URL('./worker.js', import.meta.url) : new URL('../../dist/fast/worker.js', import.meta.url);

/**
 * A worker thread that waits for its part (a WorkerStart, split.ts), or is terminated when the
 * file turns out not to be split.
 */
export interface PreparedWorker {
  worker: Worker;
  /** [batches sent, batches taken by the main thread] */
  progress: Int32Array;
  /** why it stopped, when it stopped (an error in its start-up) before it was given work */
  ended?: Error;
}

export function prepareWorker(url: URL = WORKER_URL): PreparedWorker {
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(url, { workerData: { progress } });
  const prepared: PreparedWorker = { worker, progress };
  // kept for the reading that gives it work: it fails with it
  worker.on('error', (error) => (prepared.ended ??= error));
  worker.on('exit', (code) => (prepared.ended ??= new Error(`worker stopped with exit code ${code}`)));
  return prepared;
}

/** Workers started ahead for a file, not yet taken. */
const ahead = new Map<string, PreparedWorker>();

/**
 * Start a worker now for a file that is large enough to be shared (a path, not standard input);
 * it does not keep the process alive until it is taken (takeWorker).
 */
export function startWorkerFor(file: string): PreparedWorker | undefined {
  if (file === '-') return undefined;
  if (ahead.has(file)) return ahead.get(file);
  try {
    if (statSync(file).size < PARALLEL_MIN_BYTES) return undefined;
  } catch {
    return undefined; // the reading says what is wrong with it
  }
  const prepared = prepareWorker();
  prepared.worker.unref();
  ahead.set(file, prepared);
  return prepared;
}

/**
 * The worker of `povcheck summarize` or `check`, started from the arguments as they are, before the
 * command line's modules load (bin/povcheck.js): its thread then starts while they load, ~20–30 ms
 * sooner. It reads only the plain forms `--data FILE`, `--data=FILE` and `-d FILE`, and
 * starts nothing for a command line that may not share its file (--crosswalk, --encoding, "--");
 * the command line, once parsed, takes the worker for its first data file (takeWorker), and a worker
 * it does not take ends with the process.
 */
export function startWorkerForArgs(args: string[]): PreparedWorker | undefined {
  if (args[0] !== 'summarize' && args[0] !== 'check') return undefined;
  let file: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--' || arg === '--crosswalk' || arg.startsWith('--crosswalk=') || arg === '--encoding' || arg.startsWith('--encoding=')) return undefined;
    if (file !== undefined) continue;
    if ((arg === '--data' || arg === '-d') && i + 1 < args.length && !args[i + 1].startsWith('-')) file = args[i + 1];
    else if (arg.startsWith('--data=')) file = arg.slice('--data='.length);
  }
  return file === undefined ? undefined : startWorkerFor(file);
}

/** The worker started ahead for this file, or a new one. */
export function takeWorker(file: string): PreparedWorker {
  const prepared = ahead.get(file);
  if (!prepared) return prepareWorker();
  ahead.delete(file);
  prepared.worker.ref();
  return prepared;
}
