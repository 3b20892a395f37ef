// A large household file read by two threads: this one reads the first part and keeps the panel of
// household ids; a worker reads the rest (and, done first, the tail of this thread's part), tallies
// it, and sends its household-years in file order.
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
import { grown } from '../grown.js';
import type { PreparedWorker } from './prewarm.js';
import { CR, LF, Misaligned, fileSource, scanRecords, type ByteSource, type Eol, type FastRow, type Range, type StringRow } from './records.js';

/** How a file may be split with a worker thread. */
export interface ParallelContext {
  tallier: Tallier;
  options: HandlerOptions;
  findings: Finding[];
  /** files (after the sample) smaller than this are read by one thread */
  minBytes?: number;
  /** rows in each batch the worker sends */
  batchRows?: number;
  /**
   * for the tests: this thread starts its part once the worker has read its own and taken the tail
   * (however small), which `taken` hears; with `afterWorker`, once the worker is done (every row of
   * the worker recorded before this thread's); `onPiece` hears every piece of tail it takes
   */
  stealFirst?: { taken: (part: { from: number; to: number } | undefined) => void; afterWorker?: boolean; onPiece?: (part: { from: number; to: number }) => void };
  /** the longest record the worker reads (WORKER_LONGEST_RECORD; the tests make it short) */
  longestRecord?: number;
}

/**
 * A record longer than this in the worker's part gives the split up (the file is read again on one
 * thread). Where a quoted cell with a line break runs over the start of the worker's part, the worker
 * reads its part out of step, quoted where the file is not, and a "record" can then run to the next
 * quote of the file, or to its end: it stops there instead of holding it all in memory. The main
 * thread finds such a file out when it ends its part (Misaligned) and reads it on one thread.
 */
const WORKER_LONGEST_RECORD = 8 * 1024 * 1024;

/**
 * The share of a file this thread reads when it splits it with a worker. This thread also keeps the
 * panel of both parts, and a panel's lookups cost more as it grows (a larger table, more cache
 * misses): 0.40 for a 100 MB file and 0.35 for 1 GB, between by the logarithm of the size — a little
 * more than where the two threads end together on average (timestamps of both on a 2-core machine),
 * because a worker done first takes the tail of this thread's part (steal) and this thread, done
 * first, can only wait: 0.35 / 0.30 ended ~40 ms (1M rows) and ~0.3 s (10M) later, interleaved runs.
 */
export function mainShare(bytes: number): number {
  const small = 128 * 2 ** 20, large = 2 ** 30;
  const t = Math.min(1, Math.max(0, Math.log2(bytes / small) / Math.log2(large / small)));
  return 0.4 - 0.05 * t;
}

/**
 * The end of this thread's part, which the worker brings forward when it has read its own part
 * first: it takes the tail of this thread's part that this thread has not claimed yet. In shared
 * memory: a lock word, then (under the lock) the end this thread has claimed — read, or about to be
 * read — and the end of its part.
 */
export interface Balance {
  lock: Int32Array;
  /** [claimed, end of this thread's part] */
  at: Float64Array;
}

export function newBalance(from: number, end: number): Balance {
  const shared = new SharedArrayBuffer(24);
  const balance = { lock: new Int32Array(shared, 0, 1), at: new Float64Array(shared, 8, 2) };
  balance.at[0] = from;
  balance.at[1] = end;
  return balance;
}

/** f under the lock (held by either thread for a few instructions only: it spins). */
function locked<T>({ lock }: Balance, f: () => T): T {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0);
  try {
    return f();
  } finally {
    Atomics.store(lock, 0, 0);
  }
}

/** This thread's claim to read up to `want`: up to where it may (the end of its part as it is now). */
export function claim(balance: Balance, want: number): number {
  return locked(balance, () => {
    const end = Math.min(want, balance.at[1]);
    if (end > balance.at[0]) balance.at[0] = end;
    return end;
  });
}

/**
 * Of the tail of the main thread's part that it has not claimed, the share the worker takes once it
 * has read its own part, and again each time it has read a piece (up to MAX_TAILS pieces, while the
 * unclaimed tail is worth taking). The main thread records the taken rows in the panel as they
 * come, while it reads the rest (about a fifth of what reading a row costs it), and the worker's
 * batches still on their way. Taken once, 0.5 left the worker idle 100–150 ms at the end of 10M rows
 * and 0.7 the main thread up to 340 ms (timestamps of both threads); piece after piece with 0.65,
 * the two ended within 35 ms of each other on 10M rows, 15 ms on 1M.
 */
export const STEAL_SHARE = 0.65;
/** bytes the main thread claims at a time: what the worker cannot take when it is done */
const CLAIM_BYTES = 1 << 20;
/** a smaller unclaimed tail is left to the main thread */
const STEAL_MIN = 256 * 1024;

/** The worker takes the unclaimed tail of the main thread's part, from a record start: the part it takes, or undefined. */
export async function steal(balance: Balance, file: string, eol: Eol, minBytes = STEAL_MIN): Promise<{ from: number; to: number } | undefined> {
  const [claimed, end] = locked(balance, () => [balance.at[0], balance.at[1]]);
  if (end - claimed < minBytes) return undefined;
  // a line start: a record start unless a quoted cell runs over it (then the main thread, ending its part there, finds it so: Misaligned)
  const from = await recordStartAfter(file, claimed + Math.floor((end - claimed) * (1 - STEAL_SHARE)), end, eol);
  return locked(balance, () => {
    if (balance.at[1] !== end || balance.at[0] > from || from >= end) return undefined;
    balance.at[1] = from;
    return { from, to: end };
  });
}

/** Bytes of this thread's part, claimed a piece at a time so that the worker can take the tail. */
function claimingSource(file: string, from: number, balance: Balance, piece: number): Promise<ByteSource> {
  return fileSource(file, from, async (position, length) => claim(balance, position + Math.min(length, piece)));
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
  /** the pieces of the main thread's tail it read after its own part (see steal), in the order taken: where each is, its lines, and where its rejects and findings begin */
  tails: { from: number; to: number; lines: number; rejects: number; findings: number }[];
  /** a part it read did not end at a record start, or held a record longer than `longestRecord`: the file is read again on one thread */
  misaligned: boolean;
}

/** Sent when the worker has read its own part (the tail of the main thread's part it reads next, if any), and for each further piece of tail it takes. */
export interface WorkerStealing {
  type: 'stealing';
  part: { from: number; to: number } | undefined;
}

/** A batch of the worker's household-years for the panel, with the leaf units it named since the last batch. */
export interface WorkerPanelBatch {
  type: 'panel';
  leaves: [number, string, string, string][];
  ids: Uint8Array;
  /** META numbers per row: see META */
  meta: Int32Array;
  rows: number;
  /** the rows' part (WorkerPart): the worker's own (0), or the k-th piece of tail it took (k; lines counted from the piece's start) */
  part: number;
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
  /** shared with the main thread: where its part ends (see Balance) */
  balance: Balance;
  /** a smaller unclaimed tail of the main thread's part is left to it */
  stealMinBytes: number;
  /** see WORKER_LONGEST_RECORD */
  longestRecord: number;
}

/**
 * This thread reads [rest.from, middle) while the prepared worker reads [middle, end): the worker
 * tallies its rows and sends its household-years in file order for the one panel here, then its counts.
 * A worker done first takes the tail of this thread's part that is not claimed yet (steal), piece
 * after piece: its rows of each piece are recorded as they come, as rows of that piece (the panel
 * orders the parts as the file does).
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
  started?: () => Promise<void>,
): Promise<void> {
  const { tallier } = parallel;
  const { worker, progress } = prepared;
  rest.signal?.throwIfAborted();
  const balance = newBalance(rest.from, middle);
  const start: WorkerStart = { type: 'start', file, options: parallel.options, from: middle, to: rest.to, format: scan.format, eol: scan.eol, chunkSize: scan.chunkSize, headerCells: loader.headerCells, decimal: loader.decimal!, batchRows: parallel.batchRows ?? 1 << 15, balance, stealMinBytes: parallel.stealFirst ? 1 : STEAL_MIN, longestRecord: parallel.longestRecord ?? WORKER_LONGEST_RECORD };
  worker.postMessage(start);
  const settled = started?.();
  settled?.catch(() => undefined); // awaited below, before this thread's part
  // the worker's unit ids (small, dense) → this tallier's
  let units = new Int32Array(1024);
  let stealing: (message: WorkerStealing) => void = () => undefined;
  const stole = new Promise<WorkerStealing>((resolve) => (stealing = resolve));
  const take = (batch: WorkerPanelBatch) => {
    const { ids, meta } = batch;
    // as a Buffer, like the chunks this thread reads: the panel's code then sees one kind of byte array
    const bytes = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
    // (rows of the tail the worker took are recorded as they come, like those of its own part: the
    // panel keeps which part a row came from, and a row earlier in the file displaces a later one)
    if (batch.part) takeStolenRows(tallier, bytes, meta, batch.rows, units, batch.part);
    else takeRows(tallier, bytes, meta, batch.rows, units);
    // the batch's buffers go back to the worker, for its next batches: no new memory per batch
    const returned: WorkerBuffers = { type: 'buffers', ids: ids.buffer as ArrayBuffer, meta: meta.buffer as ArrayBuffer };
    worker.postMessage(returned, [returned.ids, returned.meta]);
  };
  const done = new Promise<WorkerDone>((resolve, reject) => {
    worker.on('message', (message: WorkerPanelBatch | WorkerStealing | WorkerDone) => {
      if (message.type === 'done') return resolve(message);
      if (message.type === 'stealing') {
        if (message.part) parallel.stealFirst?.onPiece?.(message.part);
        return stealing(message);
      }
      // (by index: a for…of with destructuring made two objects a leaf, 10,000 leaves on a national file)
      const leaves = message.leaves;
      for (let i = 0; i < leaves.length; i++) {
        const leaf = leaves[i];
        units = grown(units, leaf[0] + 1);
        units[leaf[0]] = tallier.unitFor(leaf[1], leaf[2], leaf[3]);
      }
      take(message);
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
    await settled;
    await onReading?.();
    if (parallel.stealFirst) {
      parallel.stealFirst.taken((await Promise.race([stole, done.then(() => undefined, () => undefined)]))?.part);
      if (parallel.stealFirst.afterWorker) await done;
    }
    // this part ends where the worker's starts (or the tail it took): a record running on past it is Misaligned
    const source = await claimingSource(file, rest.from, balance, CLAIM_BYTES);
    mine = await scanRecords(source, { from: rest.from, to: middle, line: rest.line, signal: rest.signal, cut: true }, scan.format.delimiter.charCodeAt(0), scan.eol, scan.chunkSize, stringRow, fastRow);
    theirs = await done;
    if (theirs.misaligned) throw new Misaligned();
  } catch (error) {
    stopWorker();
    throw error;
  } finally {
    rest.signal?.removeEventListener('abort', stopWorker);
  }
  // (the worker has ended its work: it is stopped without waiting for it)
  void worker.terminate();
  // After this thread's part in the file: the pieces of its tail the worker took, the last taken
  // first, then the worker's own part. A part's lines follow those before it (offsets, by WorkerPart);
  // the worker's rejects and findings are in the order it read its parts (its own, then each piece).
  const pieces = theirs.tails;
  const offsets = [mine.line];
  for (let k = pieces.length; k >= 1; k--) {
    offsets[k] = offsets[0];
    offsets[0] += pieces[k - 1].lines;
  }
  const partOf = (index: number, key: 'rejects' | 'findings') => pieces.reduce((part, piece, k) => (index >= piece[key] ? k + 1 : part), 0);
  tallier.importCounts(theirs.counts, units);
  const report = loader.report;
  report.rows += theirs.report.rows;
  report.accepted += theirs.report.accepted;
  report.rejected += theirs.report.rejected;
  report.blankLines += theirs.report.blankLines;
  for (let i = 0; i < loader.blanks.length; i++) loader.blanks[i] += theirs.blanks[i];
  // the worker's own rejects and its rows that were duplicates here, in line order; a worker row
  // displaced by an earlier row is found again in its part (the tail it took, or its own) for its line
  const displaced = tallier.displacedWorkerRows();
  const displacedLines: Map<string, number>[] = [];
  for (let part = 0; part <= pieces.length; part++) {
    const wanted = new Set(displaced.filter((d) => d.part === part).map(({ id, year, province }) => householdYearKey(year, province, id)));
    const skip = new Set(theirs.rejects.filter((_, i) => partOf(i, 'rejects') === part).map((r) => r.line));
    const range = part === 0 ? { from: middle, to: rest.to, line: 0 } : { from: pieces[part - 1].from, to: pieces[part - 1].to, line: 0 };
    displacedLines[part] = wanted.size ? await firstRows(file, range, scan, householdColumns(loader.mapping!)!, loader.decimal!, wanted, skip) : new Map();
  }
  const duplicates = tallier.settleWorker(offsets, displacedLines);
  report.accepted -= duplicates.length;
  report.rejected += duplicates.length;
  const rejects = [...theirs.rejects.map((r, i) => ({ ...r, line: r.line + offsets[partOf(i, 'rejects')] })), ...duplicates.map((d) => loader.placeColumn({ file, ...d }))];
  for (const r of rejects.sort((a, b) => a.line - b.line)) handlers.reject?.(r);
  // (a note about the whole file, with no line, was made here already)
  theirs.findings.forEach((f, i) => f.line !== undefined && parallel.findings.push({ ...f, line: f.line + offsets[partOf(i, 'findings')] }));
}

/**
 * A batch of the worker's own rows into the panel. A function of its own, called per batch: as a
 * loop inside the message handler, it was compiled on the stack (OSR) in each batch and thrown out
 * at the loop's end, so that most batches ran partly unoptimised (1M rows: ~250 → ~210 ns a worker
 * row on the main thread, most of it the panel's own work).
 */
function takeRows(tallier: Tallier, ids: Uint8Array, meta: Int32Array, rows: number, units: Int32Array): void {
  for (let r = 0, start = 0; r < rows; r++) {
    const m = r * META, end = meta[m + 4], packed = meta[m + 3];
    tallier.addWorkerRow(ids, start, end, meta[m + 2] >>> 16, packed & 3, units[meta[m]], packed >>> 2, meta[m + 1], meta[m + 2] & 0xffff);
    start = end;
  }
}

/** A batch of rows the worker read from the `piece`-th piece of this thread's tail it took (lines counted from the piece's start). */
function takeStolenRows(tallier: Tallier, ids: Uint8Array, meta: Int32Array, rows: number, units: Int32Array, piece: number): void {
  for (let r = 0, start = 0; r < rows; r++) {
    const m = r * META, end = meta[m + 4], packed = meta[m + 3];
    tallier.addStolenRow(ids, start, end, meta[m + 2] >>> 16, packed & 3, units[meta[m]], packed >>> 2, meta[m + 1], meta[m + 2] & 0xffff, piece);
    start = end;
  }
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


