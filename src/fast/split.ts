// A large household file read by two threads: this one reads the first part and keeps the panel of
// household ids; a worker reads the rest, tallies it, and sends its household-years in file order.
import { promises as fs } from 'node:fs';
import type { HandlerOptions } from '../handlers.js';
import type { Handlers } from '../handlers.js';
import type { FileLoader } from '../input/load.js';
import type { HeaderMapping } from '../input/columns.js';
import type { DecimalMark } from '../input/normalize.js';
import { parseNumber } from '../input/normalize.js';
import type { CsvFormat } from '../input/reader.js';
import type { Finding, Reject } from '../input/types.js';
import { householdYearKey, type Tallier, type WorkerCounts } from '../tally/tally.js';
import type { PreparedWorker } from './prewarm.js';
import { CHUNK, CR, LF, QUOTE, scanRecords, type Eol, type FastRow, type Range, type StringRow } from './records.js';

/** How a file may be split with a worker thread. */
export interface ParallelContext {
  tallier: Tallier;
  options: HandlerOptions;
  findings: Finding[];
  /** files (after the sample) smaller than this are read by one thread */
  minBytes?: number;
  /** bytes of the file this thread would read in the time it spends on other work while the worker reads: its share is smaller by that */
  busyBytes?: number;
  /** rows in each batch the worker sends */
  batchRows?: number;
}

/**
 * The share of a file this thread reads when it splits it with a worker. This thread also keeps the
 * panel of both parts, and a panel's lookups cost more as it grows (a larger table, more cache
 * misses): measured on a 2-core machine (timestamps of both threads), the two end together at about
 * 0.35 for a 100 MB file and 0.30 for 1 GB. Between, by the logarithm of the size.
 */
export function mainShare(bytes: number): number {
  const small = 128 * 2 ** 20, large = 2 ** 30;
  const t = Math.min(1, Math.max(0, Math.log2(bytes / small) / Math.log2(large / small)));
  return 0.35 - 0.05 * t;
}

/** Where the first quote from `from` to `to` is, or -1. */
export async function firstQuote(file: string, from: number, to: number): Promise<number> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, to - at), at);
      if (bytesRead === 0) break;
      const q = buf.indexOf(QUOTE);
      if (q >= 0 && q < bytesRead) return at + q;
      at += bytesRead;
    }
    return -1;
  } finally {
    await handle.close();
  }
}

/** No quote from `from` to `to`: a split point at a line start is a record start. */
export async function quoteFree(file: string, from: number, to: number): Promise<boolean> {
  return (await firstQuote(file, from, to)) < 0;
}

/** The first record start at or after `at` (the byte after a line end). */
export async function recordStartAfter(file: string, at: number, to: number, eol: Eol): Promise<number> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    for (let offset = at; offset < to; offset += buf.length - 1) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset - 1);
      for (let i = 1; i < bytesRead; i++) if (buf[i - 1] === LF && (eol === 'lf' || (i >= 2 && buf[i - 2] === CR))) return offset - 1 + i;
      if (bytesRead < buf.length) break;
    }
    return to;
  } finally {
    await handle.close();
  }
}

/**
 * Numbers per row in a WorkerPanelBatch: the worker's unit id, its line, year << 16 | what the row
 * adds (Tallier bits, under 2^16), status | group flags << 2, and where its id ends in `ids` (it
 * starts where the row before's ends).
 */
export const META = 5;

/** What the worker sends when it is done. */
export interface WorkerDone {
  type: 'done';
  report: { rows: number; accepted: number; rejected: number; blankLines: number };
  blanks: Float64Array;
  rejects: Reject[];
  findings: Finding[];
  counts: WorkerCounts;
  lines: number;
}

/** A batch of the worker's household-years for the panel, with the leaf units it named since the last batch. */
export interface WorkerPanelBatch {
  type: 'panel';
  leaves: [number, string, string, string][];
  ids: Uint8Array;
  /** META numbers per row: see META */
  meta: Int32Array;
  rows: number;
}

/** A batch's buffers, given back to the worker once taken. */
export interface WorkerBuffers {
  type: 'buffers';
  ids: ArrayBuffer;
  meta: ArrayBuffer;
}

/** What the worker needs to start reading, once this thread has read the header and the sample. */
export interface WorkerStart {
  type: 'start';
  file: string;
  options: HandlerOptions;
  from: number;
  to: number;
  format: CsvFormat;
  eol: Eol;
  chunkSize: number;
  headerCells: string[];
  decimal: DecimalMark;
  batchRows: number;
}

/**
 * This thread reads [rest.from, middle) while the prepared worker reads [middle, end): the worker
 * tallies its rows and sends its household-years in file order for the one panel here, then its counts.
 */
export async function splitWithWorker(
  prepared: PreparedWorker,
  file: string,
  loader: FileLoader,
  handlers: Handlers,
  { stringRow, fastRow }: { stringRow: StringRow; fastRow: FastRow },
  parallel: ParallelContext,
  scan: { format: CsvFormat; eol: Eol; chunkSize: number },
  rest: Range,
  middle: number,
  onReading?: () => void | Promise<unknown>,
  /** this thread's work that may wait until the worker has its part (the sampled rows) */
  started?: () => void,
): Promise<void> {
  const { tallier } = parallel;
  const { worker, progress } = prepared;
  rest.signal?.throwIfAborted();
  const start: WorkerStart = { type: 'start', file, options: parallel.options, from: middle, to: rest.to, format: scan.format, eol: scan.eol, chunkSize: scan.chunkSize, headerCells: loader.headerCells, decimal: loader.decimal!, batchRows: parallel.batchRows ?? 1 << 15 };
  worker.postMessage(start);
  started?.();
  // the worker's unit ids (small, dense) → this tallier's
  let units = new Int32Array(1024);
  const done = new Promise<WorkerDone>((resolve, reject) => {
    worker.on('message', (message: WorkerPanelBatch | WorkerDone) => {
      if (message.type === 'done') return resolve(message);
      for (const [local, province, district, commune] of message.leaves) {
        if (local >= units.length) {
          const grown = new Int32Array(Math.max(units.length * 2, local + 1));
          grown.set(units);
          units = grown;
        }
        units[local] = tallier.unitFor(province, district, commune);
      }
      const { ids, meta } = message;
      for (let r = 0, start = 0; r < message.rows; r++) {
        const m = r * META, end = meta[m + 4], packed = meta[m + 3];
        tallier.addWorkerRow(ids, start, end, meta[m + 2] >>> 16, packed & 3, units[meta[m]], packed >>> 2, meta[m + 1], meta[m + 2] & 0xffff);
        start = end;
      }
      // the batch's buffers go back to the worker, for its next batches: no new memory per batch
      const returned: WorkerBuffers = { type: 'buffers', ids: ids.buffer as ArrayBuffer, meta: meta.buffer as ArrayBuffer };
      worker.postMessage(returned, [returned.ids, returned.meta]);
      Atomics.add(progress, 1, 1);
      Atomics.notify(progress, 1);
    });
    worker.on('error', reject);
    // (after 'done', rejecting changes nothing)
    worker.on('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
    if (prepared.ended) reject(prepared.ended);
  });
  done.catch(() => undefined); // awaited below, after this thread's half
  // stopped reading (an aborted signal, an error in this thread's half): the worker stops too
  const stopWorker = () => void worker.terminate();
  rest.signal?.addEventListener('abort', stopWorker, { once: true });
  let mine: { line: number };
  let theirs: WorkerDone;
  try {
    await onReading?.();
    mine = await scanRecords(file, { from: rest.from, to: middle, line: rest.line, signal: rest.signal }, scan.format.delimiter.charCodeAt(0), scan.eol, scan.chunkSize, stringRow, fastRow);
    theirs = await done;
  } catch (error) {
    stopWorker();
    throw error;
  } finally {
    rest.signal?.removeEventListener('abort', stopWorker);
  }
  await worker.terminate();
  const offset = mine.line;
  tallier.importCounts(theirs.counts, units);
  const report = loader.report;
  report.rows += theirs.report.rows;
  report.accepted += theirs.report.accepted;
  report.rejected += theirs.report.rejected;
  report.blankLines += theirs.report.blankLines;
  for (let i = 0; i < loader.blanks.length; i++) loader.blanks[i] += theirs.blanks[i];
  // the worker's own rejects and its rows that were duplicates here, in line order; a worker row
  // displaced by an earlier row of this thread is found again in the worker's part for its line
  const wanted = new Set(tallier.displacedWorkerRows().map(({ id, year, province }) => householdYearKey(year, province, id)));
  const skipLines = new Set(theirs.rejects.map((r) => r.line));
  const displacedLines = wanted.size
    ? await firstRows(file, { from: middle, to: rest.to, line: 0 }, scan, householdColumns(loader.mapping!)!, loader.decimal!, wanted, skipLines)
    : new Map<string, number>();
  const duplicates = tallier.settleWorker(offset, displacedLines);
  report.accepted -= duplicates.length;
  report.rejected += duplicates.length;
  const rejects = [...theirs.rejects.map((r) => ({ ...r, line: r.line + offset })), ...duplicates.map((d) => loader.placeColumn({ file, ...d }))];
  for (const r of rejects.sort((a, b) => a.line - b.line)) handlers.reject?.(r);
  // findings: lines of the file; a note about the whole file (no line) was made here already
  for (const f of theirs.findings) if (f.line !== undefined) parallel.findings.push({ ...f, line: f.line + offset });
}

/** Where a household's id, review year and province are in a row. */
export interface HouseholdColumns {
  id: number;
  year: number;
  province: number;
}

export function householdColumns(mapping: HeaderMapping): HouseholdColumns | undefined {
  const { index } = mapping;
  return index.has('household_id') ? { id: index.get('household_id')!, year: index.get('year')!, province: index.get('province')! } : undefined;
}

/** The household-year a row (as strings) names, read as the loader reads it. */
export function householdYearOf(fields: string[], columns: HouseholdColumns, decimal: DecimalMark): string {
  const text = (i: number) => (fields[i] ?? '').trim().normalize('NFC');
  return householdYearKey(parseNumber(fields[columns.year] ?? '', decimal) ?? '', text(columns.province), text(columns.id));
}

/**
 * The first line, in a part of a UTF-8 file, of each wanted household-year (`year|id`), skipping
 * the given lines (rows rejected for other reasons): the panel keeps no lines.
 */
export async function firstRows(
  file: string,
  range: Range,
  scan: { format: CsvFormat; eol: Eol; chunkSize: number },
  columns: HouseholdColumns,
  decimal: DecimalMark,
  wanted: Set<string>,
  skipLines: Set<number>,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  await scanRecords(file, range, scan.format.delimiter.charCodeAt(0), scan.eol, scan.chunkSize, (fields, line) => {
    if (skipLines.has(line)) return;
    const key = householdYearOf(fields, columns, decimal);
    if (wanted.has(key) && !found.has(key)) found.set(key, line);
  }, null);
  return found;
}


