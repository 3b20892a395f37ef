// A worker thread reading the second part of a large household file (then, if it is done first, the
// tail of the main thread's part): the same loader, handlers and scanner as the main thread, its own
// tallies, and its household-years sent in file order, part by part, for the main thread's panel.
import { parentPort, workerData } from 'node:worker_threads';
import { makeHandlers } from '../handlers.js';
import { FileLoader } from '../input/load.js';
import type { Finding, Reject } from '../input/types.js';
import { STANDARDS } from '../standards/index.js';
import { MAX_TAILS } from '../tally/panel.js';
import { Tallier } from '../tally/tally.js';
import { rowSinks } from './households.js';
import { CHUNK, Misaligned, prepareRoom, scanRecords } from './records.js';
import { META, steal, type WorkerBuffers, type WorkerDone, type WorkerPanelBatch, type WorkerStart, type WorkerStealing } from './split.js';

interface WorkerInput {
  /** [batches sent, batches taken by the main thread] */
  progress: Int32Array;
}

const input = workerData as WorkerInput;
// started early: the part to read comes once the main thread has read the header and the sample; its room meanwhile
prepareRoom(CHUNK);
const start = await new Promise<WorkerStart>((resolve) => parentPort!.once('message', resolve));
const BATCH = start.batchRows;
/** batches in flight before the worker waits for the main thread */
const IN_FLIGHT = 8;
/**
 * The first batch is small, and its buffers come from the pool like every later batch's: sending a
 * batch is then code that has run before V8 compiles the fused row (which it is compiled into); its
 * first run after that would throw the compiled row away (~35 ms of compiling it again).
 */
const FIRST_BATCH = Math.min(BATCH, 256);
/**
 * Batches of the tail taken from the main thread are smaller: the main thread records the last
 * batch after this thread is done, and smaller batches reach it sooner while it still reads.
 */
const TAIL_BATCH = Math.min(BATCH, 4096);
const newBuffers = (): WorkerBuffers => ({ type: 'buffers', ids: new ArrayBuffer(BATCH * 16), meta: new ArrayBuffer(BATCH * META * 4) });
let leaves: WorkerPanelBatch['leaves'] = [];
// (its leaf units are numbers here, named by the main thread as they come with the batches)
const tallier = new Tallier(start.options.standards ?? STANDARDS, (id, province, district, commune) => leaves.push([id, province, district, commune]));
const first = newBuffers();
let ids = Buffer.from(first.ids);
let used = 0;
let meta = new Int32Array(first.meta);
let rows = 0;
let limit = FIRST_BATCH;
/** the part the rows are of: this thread's own (0), or the k-th piece of tail taken from the main thread's part (k) */
let part = 0;
// buffers to fill: two to begin with (the next batches are sent before the main thread gives any back), then those of the batches it has taken
const returned: WorkerBuffers[] = [newBuffers(), newBuffers()];
parentPort!.on('message', (message: WorkerBuffers) => returned.push(message));

const flush = () => {
  if (rows === 0 && leaves.length === 0) return;
  const batch: WorkerPanelBatch = { type: 'panel', leaves, ids: ids.subarray(0, used), meta: meta.subarray(0, rows * META), rows, part };
  parentPort!.postMessage(batch, [ids.buffer as ArrayBuffer, meta.buffer as ArrayBuffer]);
  const sent = Atomics.add(input.progress, 0, 1) + 1;
  for (let taken = Atomics.load(input.progress, 1); sent - taken > IN_FLIGHT; taken = Atomics.load(input.progress, 1)) Atomics.wait(input.progress, 1, taken, 1000);
  leaves = [];
  const again = returned.pop() ?? newBuffers();
  ids = Buffer.from(again.ids);
  used = 0;
  meta = new Int32Array(again.meta);
  rows = 0;
  limit = part ? TAIL_BATCH : BATCH;
};

tallier.sink = (bytes, start, end, year, status, unit, flags, line, bits) => {
  const length = end - start;
  if (used + length > ids.length) {
    const bigger = Buffer.alloc(Math.max(ids.length * 2, used + length));
    ids.copy(bigger, 0, 0, used);
    ids = bigger;
  }
  for (let i = start, k = used; i < end; i++, k++) ids[k] = bytes[i];
  used += length;
  const m = rows * META;
  meta[m] = unit;
  meta[m + 1] = line;
  meta[m + 2] = (year << 16) | bits;
  meta[m + 3] = status | (flags << 2);
  meta[m + 4] = used;
  if (++rows === limit) flush();
};

const findings: Finding[] = [];
const rejects: Reject[] = [];
const handlers = makeHandlers(start.file, start.options, { tallier, findings, rejects });
const loader = new FileLoader(start.file, { decimal: start.decimal }, handlers, start.format);
loader.header(start.headerCells);
const { stringRow, fastRow } = rowSinks(loader, handlers);
const delimiter = start.format.delimiter.charCodeAt(0);
// Its part starts at a line start: a record start unless a quoted cell with a line break runs over
// it. The main thread finds that out when it ends its part there (or this thread, ending the tail it
// took there); either way the file is then read again on one thread, and what was read here is dropped.
let misaligned = false;
const tails: WorkerDone['tails'] = [];
try {
  await scanRecords(start.file, { from: start.from, to: start.to, line: 0, longest: start.longestRecord }, delimiter, start.eol, start.chunkSize, stringRow, fastRow);
  flush();
  // then the tail of the main thread's part that it has not claimed yet, if it is worth taking; and
  // again, while there is such a tail when it is read: each piece is before the one taken before it
  for (let piece = 1; piece <= MAX_TAILS; piece++) {
    const taken = await steal(start.balance, start.file, start.eol, start.stealMinBytes);
    if (taken || piece === 1) parentPort!.postMessage({ type: 'stealing', part: taken } satisfies WorkerStealing);
    if (!taken) break;
    part = piece;
    limit = TAIL_BATCH;
    const tail = { ...taken, lines: 0, rejects: rejects.length, findings: findings.length };
    tails.push(tail);
    tail.lines = (await scanRecords(start.file, { ...taken, line: 0, cut: true, longest: start.longestRecord }, delimiter, start.eol, start.chunkSize, stringRow, fastRow)).line;
    flush();
  }
} catch (error) {
  if (!(error instanceof Misaligned)) throw error;
  misaligned = true;
}
const done: WorkerDone = { type: 'done', report: loader.report, blanks: loader.blanks, rejects, findings, counts: tallier.exportCounts(), tails, misaligned };
parentPort!.postMessage(done, [done.counts.cells.buffer as ArrayBuffer]);
