// The fast reader: byte-level scanning of UTF-8 files, behind the same FileLoader as the csv-parse
// reader. Household rows whose cells are in the usual forms are read straight from the bytes, with
// no string per field; any other row (quotes, odd values, bad bytes, a ragged row) is decoded to
// strings and goes through the very same FileLoader.process as with csv-parse, so both readers give
// the same records, rejects and lines. A malformed quote stops the file with csv-parse's own error.
import { isUtf8 } from 'node:buffer';
import { existsSync, promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { markInvalidUtf8 } from '../input/decode.js';
import { AREA_VALUES, FileLoader, INDICATOR_BITS, STATUS_VALUES, TRANSITION_VALUES, loadFile, type LoadHandlers, type LoadOptions } from '../input/load.js';
import { mapHeader } from '../input/columns.js';
import { categoryKey, parseNumber, parseYesNo, type DecimalMark } from '../input/normalize.js';
import { readCsvWithCsvParse, type CsvFormat } from '../input/reader.js';
import type { FileReport, Finding, HouseholdRecord, Reject } from '../input/types.js';
import type { HandlerOptions } from '../handlers.js';
import type { Tallier, WorkerCounts } from '../tally/tally.js';
import { STANDARD_IDS } from '../standards/index.js';

const CHUNK = 4 * 1024 * 1024;
const LF = 10, CR = 13, QUOTE = 34, SPACE = 32, TAB = 9;

class Malformed extends Error {}

interface Interned<T> {
  bytes: Buffer;
  text: string;
  value: T | undefined;
  /** unique in the process, for the numeric unit key */
  id: number;
}
let nextInternId = 1;

/** Interned cell texts: the same bytes give the same (trimmed, NFC) string, decoded once. */
class Interner<T> {
  private readonly table = new Map<number, Interned<T>[]>();
  /** a direct-mapped cache by length and end bytes, tried before hashing: categories have few values */
  private readonly quick: (Interned<T> | undefined)[] = new Array(1024);
  constructor(private readonly interpret: (text: string) => T | undefined) {}

  get(buf: Buffer, start: number, end: number): Interned<T> {
    const length = end - start;
    const slot = (length * 31 + buf[start] * 7 + buf[end - 1] * 3 + buf[start + (length >> 1)]) & 1023;
    const cached = this.quick[slot];
    if (cached !== undefined && cached.bytes.length === length) {
      const bytes = cached.bytes;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (bytes[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const entry = this.lookup(buf, start, end);
    this.quick[slot] = entry;
    return entry;
  }

  private lookup(buf: Buffer, start: number, end: number): Interned<T> {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    let bucket = this.table.get(h);
    const length = end - start;
    if (bucket) {
      next: for (const entry of bucket) {
        if (entry.bytes.length !== length) continue;
        const bytes = entry.bytes;
        for (let i = 0; i < length; i++) if (bytes[i] !== buf[start + i]) continue next;
        return entry;
      }
    } else {
      bucket = [];
      this.table.set(h, bucket);
    }
    const text = buf.toString('utf8', start, end).trim().normalize('NFC');
    const entry = { bytes: Buffer.from(buf.subarray(start, end)), text, value: this.interpret(text), id: nextInternId++ };
    bucket.push(entry);
    return entry;
  }
}

const EMPTY = { id: 0, text: '' };
const KEY_LIMIT = 1 << 17;

/** A number in the file's convention from bytes, or NaN when it is in any other form. */
export function numberFromBytes(buf: Buffer, start: number, end: number, decimal: DecimalMark): number {
  const thousands = decimal === ',' ? 46 : 44;
  const mark = decimal === ',' ? 44 : 46;
  let value = 0;
  let digits = 0;
  let inGroup = 0;
  let grouped = false;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      inGroup++;
    } else if (c === thousands) {
      if (grouped ? inGroup !== 3 : inGroup < 1 || inGroup > 3) return NaN;
      grouped = true;
      inGroup = 0;
    } else if (c === mark) break;
    else return NaN;
  }
  if (digits === 0 || digits > 15 || (grouped && inGroup !== 3)) return NaN;
  if (i === end) return value;
  if (i + 1 === end) return NaN;
  for (let j = i + 1; j < end; j++) if (buf[j] < 48 || buf[j] > 57) return NaN;
  return Number(`${value}.${buf.toString('latin1', i + 1, end)}`);
}

/** Reads the household columns of one row from bytes into a reused record; false sends the row to the string path. */
class FastHouseholds {
  private readonly col: Record<string, number> = {};
  private readonly indicators: [number, number][];
  private readonly text = new Interner<null>(() => null);
  private readonly area = new Interner((t) => (t === '' ? undefined : AREA_VALUES[categoryKey(t)]));
  private readonly status = new Interner((t) => (t === '' ? undefined : STATUS_VALUES[categoryKey(t)]));
  private readonly transition = new Interner((t) => (t === '' ? undefined : TRANSITION_VALUES[categoryKey(t)]));
  private readonly yesNo = new Interner((t) => parseYesNo(t));
  readonly record: HouseholdRecord;
  private readonly idRef = { buf: Buffer.alloc(0) as Uint8Array, start: 0, end: 0 };

  constructor(loader: FileLoader, private readonly decimal: DecimalMark) {
    for (const [column, i] of loader.mapping!.index) this.col[column] = i;
    this.indicators = INDICATOR_BITS.map((c, bit) => [bit, this.col[c] ?? -1] as [number, number]).filter(([, i]) => i >= 0);
    this.record = {
      file: loader.file, line: 0, householdId: null, year: 0, province: '', district: '', commune: '', area: null, ethnicMinority: null,
      meritorious: null, householdSize: null, income: null, deprivationMask: null, deprivationCount: null, status: null, transition: null,
      loanNeed: null, loanReceived: null, trainingNeed: null, trainingReceived: null, standard: null, oldCommune: null, idRef: null,
    };
  }

  private flag(buf: Buffer, starts: Int32Array, ends: Int32Array, i: number | undefined): boolean | null | undefined {
    if (i === undefined) return null;
    const s = starts[i], e = ends[i];
    if (e === s) return false;
    if (e === s + 1) {
      const c = buf[s];
      if (c === 120 || c === 88 || c === 49 || c === 121 || c === 89) return true; // x X 1 y Y
      if (c === 48 || c === 110 || c === 78) return false; // 0 n N
    }
    return this.yesNo.get(buf, s, e).value;
  }

  private category<T>(interner: Interner<T>, i: number | undefined, buf: Buffer, starts: Int32Array, ends: Int32Array): T | null | undefined {
    if (i === undefined || ends[i] === starts[i]) return null;
    return interner.get(buf, starts[i], ends[i]).value;
  }

  private whole(i: number | undefined, min: number, max: number, buf: Buffer, starts: Int32Array, ends: Int32Array): number | null | undefined {
    if (i === undefined || ends[i] === starts[i]) return null;
    if (ends[i] - starts[i] > 6) return undefined;
    let n = 0;
    for (let k = starts[i]; k < ends[i]; k++) {
      const c = buf[k] - 48;
      if (c < 0 || c > 9) return undefined;
      n = n * 10 + c;
    }
    return n >= min && n <= max ? n : undefined;
  }

  /** Fill the record from the row's fields; false when any cell needs the string path. */
  read(buf: Buffer, starts: Int32Array, ends: Int32Array, line: number): boolean {
    const r = this.record;
    const col = this.col;
    r.line = line;
    // year: 4 ASCII digits in range
    {
      const s = starts[col.year], e = ends[col.year];
      if (e - s !== 4) return false;
      let year = 0;
      for (let i = s; i < e; i++) {
        const c = buf[i] - 48;
        if (c < 0 || c > 9) return false;
        year = year * 10 + c;
      }
      if (year < 1990 || year > 2100) return false;
      r.year = year;
    }
    if (ends[col.province] === starts[col.province]) return false;
    const province = this.text.get(buf, starts[col.province], ends[col.province]);
    const district = col.district === undefined ? EMPTY : this.text.get(buf, starts[col.district], ends[col.district]);
    const commune = col.commune === undefined ? EMPTY : this.text.get(buf, starts[col.commune], ends[col.commune]);
    r.province = province.text;
    r.district = district.text;
    r.commune = commune.text;
    r.unitKey = province.id < KEY_LIMIT && district.id < KEY_LIMIT && commune.id < KEY_LIMIT ? (province.id * KEY_LIMIT + district.id) * KEY_LIMIT + commune.id : undefined;
    r.oldCommune = col.old_commune === undefined ? null : this.text.get(buf, starts[col.old_commune], ends[col.old_commune]).text || null;
    if (col.household_id === undefined || ends[col.household_id] === starts[col.household_id]) r.idRef = null;
    else {
      for (let i = starts[col.household_id]; i < ends[col.household_id]; i++) if (buf[i] > 126) return false; // non-ASCII ids: NFC on the string path
      this.idRef.buf = buf;
      this.idRef.start = starts[col.household_id];
      this.idRef.end = ends[col.household_id];
      r.idRef = this.idRef;
    }
    r.householdId = null;
    const area = this.category(this.area, col.area, buf, starts, ends);
    const status = this.category(this.status, col.status, buf, starts, ends);
    const transition = this.category(this.transition, col.transition, buf, starts, ends);
    if (area === undefined || status === undefined || transition === undefined) return false;
    r.area = area;
    r.status = status;
    r.transition = transition;
    if (col.standard === undefined || ends[col.standard] === starts[col.standard]) r.standard = null;
    else {
      const standard = this.text.get(buf, starts[col.standard], ends[col.standard]).text;
      if (!STANDARD_IDS.includes(standard)) return false;
      r.standard = standard;
    }
    const em = this.flag(buf, starts, ends, col.ethnic_minority);
    const merit = this.flag(buf, starts, ends, col.meritorious);
    const loanNeed = this.flag(buf, starts, ends, col.loan_need);
    const loanReceived = this.flag(buf, starts, ends, col.loan_received);
    const trainingNeed = this.flag(buf, starts, ends, col.training_need);
    const trainingReceived = this.flag(buf, starts, ends, col.training_received);
    if (em === undefined || merit === undefined || loanNeed === undefined || loanReceived === undefined || trainingNeed === undefined || trainingReceived === undefined) return false;
    r.ethnicMinority = em;
    r.meritorious = merit;
    r.loanNeed = loanNeed;
    r.loanReceived = loanReceived;
    r.trainingNeed = trainingNeed;
    r.trainingReceived = trainingReceived;
    if (this.indicators.length) {
      let mask = 0;
      for (const [bit, i] of this.indicators) {
        const s = starts[i], e = ends[i];
        if (e === s) continue;
        const c = buf[s];
        let yes: boolean | undefined;
        if (e === s + 1 && (c === 120 || c === 88 || c === 49 || c === 121 || c === 89)) yes = true;
        else if (e === s + 1 && (c === 48 || c === 110 || c === 78)) yes = false;
        else yes = this.yesNo.get(buf, s, e).value;
        if (yes === undefined) return false;
        if (yes) mask |= 1 << bit;
      }
      r.deprivationMask = mask;
    } else r.deprivationMask = null;
    const size = this.whole(col.household_size, 1, Infinity, buf, starts, ends);
    const count = this.whole(col.deprivation_count, 0, 12, buf, starts, ends);
    if (size === undefined || count === undefined) return false;
    r.householdSize = size;
    r.deprivationCount = count;
    if (col.income_per_capita === undefined || ends[col.income_per_capita] === starts[col.income_per_capita]) r.income = null;
    else {
      const income = numberFromBytes(buf, starts[col.income_per_capita], ends[col.income_per_capita], this.decimal);
      if (Number.isNaN(income)) return false;
      r.income = income;
    }
    return true;
  }
}

export interface ScanOptions {
  /** bytes read at a time (tests use tiny chunks to cut records and characters at every place) */
  chunkSize?: number;
}

/**
 * The record loop over a UTF-8 file: records without quotes are split into field boundaries on the
 * bytes and offered to `fastRow`; records with quotes, and the ones `fastRow` declines, are decoded
 * to strings (invalid bytes marked as the stream decoder does) for `stringRow`.
 */
export interface Range {
  /** byte offset of the first record */
  from: number;
  /** the end of the records to read (a record start, or the end of the file) */
  to: number;
  /** lines before `from` */
  line: number;
  /** asked after each record: stop there */
  stop?: () => boolean;
}

export type StringRow = (fields: string[], line: number) => void;
export type FastRow = (buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number) => boolean;

export async function scanRecords(file: string, range: Range, delimiter: number, eol: Eol, chunkSize: number, stringRow: StringRow, fastRow: FastRow | null): Promise<{ offset: number; line: number }> {
  const handle = await fs.open(file, 'r');
  try {
    let buf = Buffer.alloc(chunkSize);
    let length = (await handle.read(buf, 0, Math.min(buf.length, range.to - range.from), range.from)).bytesRead;
    let bufStart = range.from;
    let fileOffset = range.from + length;
    let pos = 0;
    let line = range.line;
    let final = fileOffset >= range.to || length === 0;
    const stop = range.stop;
    let valid = isUtf8(buf.subarray(0, length));
    let starts = new Int32Array(64);
    let ends = new Int32Array(64);
    const decode = (s: number, e: number) => (valid ? buf.toString('utf8', s, e) : markInvalidUtf8(buf.subarray(s, e)).toString('utf8'));
    for (;;) {
      let nextQuote = buf.indexOf(QUOTE, pos);
      if (nextQuote < 0 || nextQuote >= length) nextQuote = Infinity;
      while (pos < length) {
        // the end of the record: LF, or with CRLF line ends only a LF after a CR (a lone LF is data)
        let nl = buf.indexOf(LF, pos);
        if (eol === 'crlf') while (nl >= 0 && nl < length && (nl === pos || buf[nl - 1] !== CR)) nl = buf.indexOf(LF, nl + 1);
        if (nl < 0 || nl >= length) {
          if (!final) break;
          nl = length;
        }
        if (nextQuote < nl) {
          const parsed = parseQuoted(buf, pos, length, final, delimiter, eol, decode);
          if (parsed === null) break; // the record goes on in the next chunk
          stringRow(parsed.fields, ++line);
          pos = parsed.next;
          nextQuote = buf.indexOf(QUOTE, pos);
          if (nextQuote < 0 || nextQuote >= length) nextQuote = Infinity;
          if (stop?.()) return { offset: bufStart + pos, line };
          continue;
        }
        const end = eol === 'crlf' && nl < length ? nl - 1 : nl;
        line++;
        let done = false;
        if (fastRow !== null && end > pos && (valid || isUtf8(buf.subarray(pos, end)))) {
          let n = 0;
          let s = pos;
          for (let i = pos; i < end; i++) {
            if (buf[i] === delimiter) {
              if (n + 1 >= starts.length) {
                const grown = new Int32Array(starts.length * 2);
                grown.set(starts);
                starts = grown;
                const grownEnds = new Int32Array(ends.length * 2);
                grownEnds.set(ends);
                ends = grownEnds;
              }
              starts[n] = s;
              ends[n++] = i;
              s = i + 1;
            }
          }
          starts[n] = s;
          ends[n++] = end;
          done = fastRow(buf, starts, ends, n, line);
        }
        if (!done) stringRow(splitStrings(buf, pos, end, delimiter, decode), line);
        pos = nl + 1;
        if (stop?.()) return { offset: bufStart + Math.min(pos, length), line };
      }
      if (final) break;
      // keep the unfinished record and read on
      const rest = length - pos;
      if (rest >= buf.length / 2) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, pos, length);
        buf = bigger;
      } else buf.copy(buf, 0, pos, length);
      bufStart += pos;
      const { bytesRead } = await handle.read(buf, rest, Math.min(buf.length - rest, range.to - fileOffset), fileOffset);
      fileOffset += bytesRead;
      length = rest + bytesRead;
      final = bytesRead === 0 || fileOffset >= range.to;
      pos = 0;
      valid = isUtf8(buf.subarray(0, length));
    }
    return { offset: range.to, line };
  } finally {
    await handle.close();
  }
}

export type Eol = 'lf' | 'crlf';

/**
 * The line ends as csv-parse detects them: from the first line break of the file. undefined for a
 * lone CR (old Mac files), which the scanner leaves to csv-parse.
 */
async function detectEol(file: string, skip: number): Promise<Eol | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, skip);
    for (let i = 0; i < bytesRead; i++) {
      if (head[i] === LF) return 'lf';
      if (head[i] === CR) return i + 1 < bytesRead && head[i + 1] === LF ? 'crlf' : undefined;
    }
    return 'lf';
  } finally {
    await handle.close();
  }
}

/** What the fast reader sees in a file: every record as strings (for the differential tests). */
export async function readRecordsFast(file: string, options: ScanOptions = {}): Promise<string[][] | undefined> {
  const source = await readCsvWithCsvParse(file, {});
  if (source.format.encoding !== 'utf-8') return undefined;
  const skip = source.format.bom ? 3 : 0;
  const eol = await detectEol(file, skip);
  if (!eol) return undefined;
  const records: string[][] = [];
  const { size } = await fs.stat(file);
  await scanRecords(file, { from: skip, to: size, line: 0 }, source.format.delimiter.charCodeAt(0), eol, options.chunkSize ?? CHUNK, (fields) => records.push(fields), null);
  return records;
}

/** The row handlers of a FileLoader for the scanner: strings go through it, fast rows straight to the household handler. */
export function rowSinks(loader: FileLoader, handlers: LoadHandlers): { stringRow: StringRow; fastRow: FastRow } {
  const file = loader.file;
  let fast: FastHouseholds | undefined;
  const stringRow = (fields: string[], line: number) => {
    if (!loader.mapping) loader.header(fields);
    else loader.row(fields, line);
  };
  const fastRow = (buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number): boolean => {
    if (!loader.mapping || loader.sampling) return false;
    if (!fast) {
      if (loader.mapping!.kind !== 'households') return false;
      fast = new FastHouseholds(loader, loader.decimal!);
    }
    if (n !== loader.headerCells.length) return false;
    // cells with surrounding white space take the string path (they are trimmed, and blank when empty)
    let blanks = 0;
    for (let k = 0; k < n; k++) {
      const s = starts[k], e = ends[k];
      if (e === s) {
        blanks |= 1 << (k & 31);
        continue;
      }
      const first = buf[s], last = buf[e - 1];
      if (first <= SPACE || last <= SPACE || (first >= 0xc2 && spaceStarts(buf, s, e)) || (SPACE_TAIL[last] === 1 && spaceEnds(buf, s, e))) return false;
    }
    if (!fast.read(buf, starts, ends, line)) return false;
    const report = loader.report;
    report.rows++;
    if (blanks !== 0 || n > 32) for (let k = 0; k < n; k++) if (ends[k] === starts[k]) loader.blanks[k]++;
    const refusal = handlers.household?.(fast.record);
    if (refusal) loader.reject({ file, line, ...refusal });
    else report.accepted++;
    return true;
  };
  return { stringRow, fastRow };
}

/** How a file may be split with a worker thread. */
export interface ParallelContext {
  tallier: Tallier;
  options: HandlerOptions;
  findings: Finding[];
  /** files (after the sample) smaller than this are read by one thread */
  minBytes?: number;
}

const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const MAIN_SHARE = 0.46;
// the compiled worker beside this module; from the TypeScript sources (tests), the built one
const WORKER_URL = existsSync(fileURLToPath(new URL('./worker.js', import.meta.url))) ? new URL('./worker.js', import.meta.url) : new URL('../../dist/fast/worker.js', import.meta.url);

/** No quote from `from` to `to`: a split point at a line start is a record start. */
async function quoteFree(file: string, from: number, to: number): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, to - at), at);
      if (bytesRead === 0) break;
      const q = buf.indexOf(QUOTE);
      if (q >= 0 && q < bytesRead) return false;
      at += bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** The first record start at or after `at` (the byte after a line end). */
async function recordStartAfter(file: string, at: number, to: number, eol: Eol): Promise<number> {
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
 * Read a file with the byte scanner. Returns undefined when the file is not for it (standard
 * input, another encoding, lone CR line ends, a test reader): the caller then uses loadFile.
 * With `parallel`, the second half of a large household file goes to a worker thread.
 */
export async function loadFileFast(file: string, options: LoadOptions & ScanOptions, handlers: LoadHandlers, parallel?: ParallelContext): Promise<FileReport | undefined> {
  if (file === '-' || options.reader || options.keepFields) return undefined;
  const source = await readCsvWithCsvParse(file, options);
  const { format } = source;
  const skip = format.bom ? 3 : 0;
  const eol = format.encoding === 'utf-8' ? await detectEol(file, skip) : undefined;
  if (!eol) return undefined;
  const { size } = await fs.stat(file);
  const loader = new FileLoader(file, options, handlers, format);
  const { stringRow, fastRow } = rowSinks(loader, handlers);
  const delimiter = format.delimiter.charCodeAt(0);
  const chunkSize = options.chunkSize ?? CHUNK;
  try {
    // the header and the sample of rows that decides the decimal mark, then the rest
    const head = await scanRecords(file, { from: skip, to: size, line: 0, stop: () => parallel !== undefined && !loader.sampling }, delimiter, eol, chunkSize, stringRow, fastRow);
    const rest = { from: head.offset, to: size, line: head.line };
    const worthSplitting = parallel && head.offset < size && loader.mapping?.kind === 'households' && size - head.offset >= (parallel.minBytes ?? PARALLEL_MIN_BYTES) && os.availableParallelism() >= 2;
    if (worthSplitting && (await quoteFree(file, head.offset, size))) {
      // this thread also keeps the panel of both halves: it takes the smaller share
      const middle = await recordStartAfter(file, head.offset + Math.floor((size - head.offset) * MAIN_SHARE), size, eol);
      if (middle > head.offset && middle < size) {
        await splitWithWorker(file, loader, handlers, { stringRow, fastRow }, parallel!, { format, eol, chunkSize }, rest, middle);
        return loader.finish();
      }
    }
    if (rest.from < size) await scanRecords(file, rest, delimiter, eol, chunkSize, stringRow, fastRow);
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    // the error csv-parse gives, with its line: read the file again through it, handing nothing on
    await loadFile(file, options, {});
    throw error;
  }
  return loader.finish();
}

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
  /** per row: year, status, unit, flags, line, bits, id start, id end */
  meta: Int32Array;
  rows: number;
}

/**
 * This thread reads [rest.from, middle) while a worker reads [middle, end): the worker tallies its
 * rows and sends its household-years in file order for the one panel here, then its counts.
 */
async function splitWithWorker(
  file: string,
  loader: FileLoader,
  handlers: LoadHandlers,
  { stringRow, fastRow }: { stringRow: StringRow; fastRow: FastRow },
  parallel: ParallelContext,
  scan: { format: CsvFormat; eol: Eol; chunkSize: number },
  rest: Range,
  middle: number,
): Promise<void> {
  const { tallier } = parallel;
  // batches sent and taken: the worker waits when too many are in flight, so memory stays flat
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(WORKER_URL, {
    workerData: {
      file, from: middle, to: rest.to, format: scan.format, eol: scan.eol, chunkSize: scan.chunkSize, headerCells: loader.headerCells,
      decimal: loader.decimal, options: parallel.options, progress,
    },
  });
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
      for (let r = 0; r < message.rows; r++) {
        const m = r * 8;
        tallier.addWorkerRow(ids, meta[m + 6], meta[m + 7], meta[m], meta[m + 1], units[meta[m + 2]], meta[m + 3], meta[m + 4], meta[m + 5]);
      }
      Atomics.add(progress, 1, 1);
      Atomics.notify(progress, 1);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => code !== 0 && reject(new Error(`worker stopped with exit code ${code}`)));
  });
  done.catch(() => undefined); // awaited below, after this thread's half
  const mine = await scanRecords(file, { from: rest.from, to: middle, line: rest.line }, scan.format.delimiter.charCodeAt(0), scan.eol, scan.chunkSize, stringRow, fastRow);
  const theirs = await done;
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
  const wanted = new Set(tallier.displacedWorkerRows().map(({ id, year }) => `${year}|${id}`));
  const skipLines = new Set(theirs.rejects.map((r) => r.line));
  const displacedLines = wanted.size
    ? await firstRows(file, { from: middle, to: rest.to, line: 0 }, scan, { id: loader.mapping!.index.get('household_id')!, year: loader.mapping!.index.get('year')! }, loader.decimal!, wanted, skipLines)
    : new Map<string, number>();
  const duplicates = tallier.settleWorker(offset, displacedLines);
  report.accepted -= duplicates.length;
  report.rejected += duplicates.length;
  const rejects = [...theirs.rejects.map((r) => ({ ...r, line: r.line + offset })), ...duplicates.map((d) => withColumn(loader, { file, ...d }))];
  for (const r of rejects.sort((a, b) => a.line - b.line)) handlers.reject?.(r);
  // findings: lines of the file; a note about the whole file (no line) was made here already
  for (const f of theirs.findings) if (f.line !== undefined) parallel.findings.push({ ...f, line: f.line + offset });
}

/**
 * The first line, in a part of a UTF-8 file, of each wanted household-year (`year|id`), skipping
 * the given lines (rows rejected for other reasons): the panel keeps no lines.
 */
export async function firstRows(
  file: string,
  range: Range,
  scan: { format: CsvFormat; eol: Eol; chunkSize: number },
  columns: { id: number; year: number },
  decimal: DecimalMark,
  wanted: Set<string>,
  skipLines: Set<number>,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  await scanRecords(file, range, scan.format.delimiter.charCodeAt(0), scan.eol, scan.chunkSize, (fields, line) => {
    if (skipLines.has(line)) return;
    const key = `${parseNumber(fields[columns.year] ?? '', decimal)}|${(fields[columns.id] ?? '').trim().normalize('NFC')}`;
    if (wanted.has(key) && !found.has(key)) found.set(key, line);
  }, null);
  return found;
}

/**
 * For duplicate-household rejects: the file and line of the first row of the same household and
 * year, looked up again in the files read (the panel keeps no lines, duplicates are rare).
 */
export async function nameFirstRows(inputs: FileReport[], rejects: Reject[]): Promise<void> {
  const duplicates = rejects.filter((r) => r.code === 'duplicateHousehold');
  if (duplicates.length === 0) return;
  const wanted = new Set(duplicates.map((r) => `${r.params.year}|${r.params.id}`));
  const rejected = new Set(rejects.map((r) => `${r.file}:${r.line}`));
  const first = new Map<string, { file: string; line: number }>();
  for (const input of inputs) {
    if (input.kind !== 'households' || first.size === wanted.size) continue;
    let columns: { id: number; year: number } | undefined;
    const visit = (fields: string[], line: number) => {
      if (line === 1) {
        const mapping = mapHeader(fields.map((f) => f.normalize('NFC')));
        if (!('code' in mapping) && mapping.index.has('household_id')) columns = { id: mapping.index.get('household_id')!, year: mapping.index.get('year')! };
        return;
      }
      if (!columns || rejected.has(`${input.file}:${line}`)) return;
      const key = `${parseNumber(fields[columns.year] ?? '', input.decimal)}|${(fields[columns.id] ?? '').trim().normalize('NFC')}`;
      if (wanted.has(key) && !first.has(key)) first.set(key, { file: input.file, line });
    };
    const source = await readCsvWithCsvParse(input.file, { encoding: input.encoding, delimiter: input.delimiter });
    const eol = input.file !== '-' && input.encoding === 'utf-8' ? await detectEol(input.file, input.bom ? 3 : 0) : undefined;
    if (eol) {
      const { size } = await fs.stat(input.file);
      await scanRecords(input.file, { from: input.bom ? 3 : 0, to: size, line: 0 }, input.delimiter.charCodeAt(0), eol, CHUNK, visit, null);
    } else if (input.file !== '-') await source.read(visit);
  }
  for (const r of duplicates) {
    const at = first.get(`${r.params.year}|${r.params.id}`);
    r.params.firstFile = at?.file ?? '?';
    r.params.first = at?.line ?? '?';
  }
}

/** The header cell and position of a reject's column, as FileLoader.reject sets them. */
function withColumn(loader: FileLoader, r: Reject): Reject {
  const i = r.column === null ? undefined : loader.mapping?.index.get(r.column);
  return i === undefined ? r : { ...r, header: loader.headerCells[i], columnNumber: i + 1 };
}

function splitStrings(buf: Buffer, start: number, end: number, delimiter: number, decode: (s: number, e: number) => string): string[] {
  const fields: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === delimiter) {
      fields.push(decode(s, i));
      s = i + 1;
    }
  }
  fields.push(decode(s, end));
  return fields;
}

/** Last bytes of the multi-byte white space characters String.trim removes. */
const SPACE_TAIL = new Uint8Array(256);
for (const b of [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x9f, 0xa0, 0xa8, 0xa9, 0xaf, 0xbf]) SPACE_TAIL[b] = 1;

/** ASCII white space, or the lead byte of a multi-byte one (NBSP, the U+2000 spaces, U+3000, BOM): what String.trim removes. */
function spaceStarts(buf: Buffer, s: number, e: number): boolean {
  const c = buf[s];
  if (c === SPACE || (c >= TAB && c <= CR)) return true;
  if (c < 0xc2) return false;
  const c1 = s + 1 < e ? buf[s + 1] : -1, c2 = s + 2 < e ? buf[s + 2] : -1;
  return (c === 0xc2 && c1 === 0xa0) || (c === 0xe1 && c1 === 0x9a && c2 === 0x80) || (c === 0xe2 && c1 === 0x80 && ((c2 >= 0x80 && c2 <= 0x8a) || c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf)) ||
    (c === 0xe2 && c1 === 0x81 && c2 === 0x9f) || (c === 0xe3 && c1 === 0x80 && c2 === 0x80) || (c === 0xef && c1 === 0xbb && c2 === 0xbf);
}

function spaceEnds(buf: Buffer, s: number, e: number): boolean {
  const c = buf[e - 1];
  if (c === SPACE || (c >= TAB && c <= CR)) return true;
  if (c < 0x80) return false;
  return (e - 2 >= s && spaceStarts(buf, e - 2, e)) || (e - 3 >= s && spaceStarts(buf, e - 3, e));
}

/** An unquoted stretch from `i`: up to a delimiter, the end of the record, or the end of the data. null: more data needed. */
function scanUnquoted(buf: Buffer, i: number, length: number, final: boolean, delimiter: number, eol: Eol): { end: number; next: number; last: boolean } | null {
  for (let k = i; k < length; k++) {
    const c = buf[k];
    if (c === delimiter) return { end: k, next: k + 1, last: false };
    if (eol === 'lf' && c === LF) return { end: k, next: k + 1, last: true };
    if (eol === 'crlf' && c === CR) {
      if (k + 1 >= length) {
        if (!final) return null;
        continue;
      }
      if (buf[k + 1] === LF) return { end: k, next: k + 2, last: true };
    }
  }
  return final ? { end: length, next: length, last: true } : null;
}

/**
 * One record that holds quotes, as csv-parse reads it with relax_quotes: RFC 4180 quoted fields;
 * a quote inside an unquoted field is a plain character, and a closing quote followed by anything
 * but a delimiter or the end of the record makes the whole field plain text, quotes kept. null when
 * the record continues past `length` and more data can come.
 */
function parseQuoted(buf: Buffer, start: number, length: number, final: boolean, delimiter: number, eol: Eol, decode: (s: number, e: number) => string): { fields: string[]; next: number } | null {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (i < length && buf[i] === QUOTE) {
      let j = i + 1;
      let k: number;
      for (;;) {
        k = buf.indexOf(QUOTE, j);
        if (k < 0 || k >= length) {
          if (final) throw new Malformed('quote not closed');
          return null;
        }
        if (k + 1 >= length && !final) return null;
        if (k + 1 < length && buf[k + 1] === QUOTE) {
          j = k + 2;
          continue;
        }
        break;
      }
      const inner = decode(i + 1, k).replaceAll('""', '"');
      const after = k + 1;
      if (after >= length) {
        fields.push(inner);
        return { fields, next: length };
      }
      const c = buf[after];
      if (c === delimiter) {
        fields.push(inner);
        i = after + 1;
        continue;
      }
      if (eol === 'lf' && c === LF) {
        fields.push(inner);
        return { fields, next: after + 1 };
      }
      if (eol === 'crlf' && c === CR) {
        if (after + 1 >= length && !final) return null;
        if (after + 1 < length && buf[after + 1] === LF) {
          fields.push(inner);
          return { fields, next: after + 2 };
        }
      }
      // relax_quotes: the rest of the field is plain text, and so is the quoted part
      const rest = scanUnquoted(buf, after, length, final, delimiter, eol);
      if (rest === null) return null;
      fields.push(`"${inner}"${decode(after, rest.end)}`);
      if (rest.last) return { fields, next: rest.next };
      i = rest.next;
      if (i >= length && final) {
        fields.push('');
        return { fields, next: length };
      }
      continue;
    }
    const field = scanUnquoted(buf, i, length, final, delimiter, eol);
    if (field === null) return null;
    fields.push(decode(i, field.end));
    if (field.last) return { fields, next: field.next };
    i = field.next;
    if (i >= length && final) {
      fields.push('');
      return { fields, next: length };
    }
  }
}
