// Data flows one way: files → records (input) → statuses (classify) → tallies (tally).
import { makeHandlers } from './handlers.js';
import type { Crosswalk } from './crosswalk/crosswalk.js';
import { OldView } from './crosswalk/attribute.js';
import type { Encoding } from './input/decode.js';
import { loadFile } from './input/load.js';
import { loadFileFast, nameFirstRows } from './fast/scan.js';
import { Misaligned } from './fast/records.js';
import type { DecimalMark } from './input/normalize.js';
import type { CsvReader, Delimiter } from './input/reader.js';
import type { FileReport, Finding, Reject } from './input/types.js';
import type { Progress } from './progress.js';
import type { PovertyStandard } from './standards/types.js';
import { Tallier, type Tallies } from './tally/tally.js';

export interface DataOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  decimal?: DecimalMark;
  standard?: string;
  /** ignore rows of review years after this one */
  asOf?: number;
  /** the standards with any --standards-file overrides applied */
  standards?: readonly PovertyStandard[];
  progress?: Progress;
  /** attribute rows of new units to the old units the rulesets name */
  crosswalk?: Crosswalk;
  /** for tests: a reader other than the fast scanner (the csv-parse path), and the scanner's chunk size */
  reader?: CsvReader;
  chunkSize?: number;
  /** false: one thread; and the size from which a file is split with a worker (default 8 MB) */
  parallel?: boolean;
  parallelMinBytes?: number;
  /** for tests: rows in each batch the worker sends (32,768 by default) */
  parallelBatchRows?: number;
  /**
   * for tests: the worker reads its own part, then takes the tail of this thread's part (however
   * small) before this thread starts; `taken` hears what it took. With `afterWorker`, this thread
   * starts once the worker is done: its rows then come last to the panel; `onPiece` hears every
   * piece of tail the worker takes
   */
  stealFirst?: { taken: (part: { from: number; to: number } | undefined) => void; afterWorker?: boolean; onPiece?: (part: { from: number; to: number }) => void };
  /** for the tests: the longest record a worker reads before the split is given up (see split.ts) */
  parallelLongestRecord?: number;
  /** stops the reading (at the next chunk) with the signal's reason */
  signal?: AbortSignal;
  /**
   * called once: when the rows of the first file after its header and sample are about to be read
   * (a worker, if any, already given its part), or when the loading ends before that. A promise it
   * returns is other work of this thread, done first (its error stops the loading); a worker done
   * first takes the tail of this thread's part meanwhile.
   */
  onReading?: () => void | Promise<unknown>;
}

export interface Dataset {
  inputs: FileReport[];
  rejects: Reject[];
  findings: Finding[];
  tallies: Tallies;
  tallier: Tallier;
  /** with a crosswalk: the same data attributed to the old units */
  old?: { tallier: Tallier; tallies: Tallies };
}

export async function loadData(files: string[], given: DataOptions): Promise<Dataset> {
  let reading = given.onReading;
  const onReading = () => {
    const called = reading;
    reading = undefined;
    return called?.();
  };
  try {
    return await load(files, { ...given, onReading });
  } catch (error) {
    // a file split between threads at a line start inside a quoted cell: all read again, each on one thread
    if (!(error instanceof Misaligned)) throw error;
    return await load(files, { ...given, onReading, parallel: false });
  } finally {
    void onReading()?.catch(() => undefined); // its error is the caller's: it made the promise
  }
}

async function load(files: string[], options: DataOptions): Promise<Dataset> {
  const tallier = new Tallier(options.standards);
  const inputs: FileReport[] = [];
  const rejects: Reject[] = [];
  const findings: Finding[] = [];
  const old = options.crosswalk ? new OldView(options.crosswalk, options.standards) : undefined;
  for (const file of files) {
    options.signal?.throwIfAborted();
    let rows = 0;
    const progress = options.progress;
    // (none without progress: the row code then has no call to make)
    const tick = progress
      ? () => {
          if (++rows % 8192 === 0) progress.rows(file, rows);
        }
      : undefined;
    const handlers = makeHandlers(file, options, { tallier, old, findings, rejects, tick });
    // a worker thread may read half of a large file, unless a crosswalk attributes its rows
    const parallel = old || options.parallel === false ? undefined : { tallier, findings, options: { standard: options.standard, standards: options.standards, asOf: options.asOf }, minBytes: options.parallelMinBytes, batchRows: options.parallelBatchRows, stealFirst: options.stealFirst, longestRecord: options.parallelLongestRecord };
    let report = await loadFileFast(file, options, handlers, parallel);
    if (!report) {
      await options.onReading?.();
      report = await loadFile(file, options, handlers);
    }
    if (report.unknownColumns.length) findings.push({ file, line: 1, code: 'unknownColumns', params: { columns: report.unknownColumns.join(', ') } });
    if (report.blankLines) findings.push({ file, code: 'blankLines', params: { count: report.blankLines } });
    inputs.push(report);
  }
  options.progress?.done();
  await nameFirstRows(inputs, rejects);
  const tallies = tallier.finish();
  findings.push(...tallier.findings);
  if (!old) return { inputs, rejects, findings, tallies, tallier };
  const attributed = old.finish();
  findings.push(...attributed.findings.filter((f) => f.code === 'crosswalkUnmapped' || f.code === 'crosswalkAmbiguous'));
  return { inputs, rejects, findings, tallies, tallier, old: { tallier: old.tallier, tallies: attributed.tallies } };
}
