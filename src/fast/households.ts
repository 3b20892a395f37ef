// Household rows read straight from bytes: cell texts interned (decoded once per distinct value),
// numbers and yes/no marks parsed in place, into one reused record for the household handler.
import type { Handlers } from '../handlers.js';
import type { FileLoader } from '../input/load.js';
import type { HouseholdKernel } from './kernel.js';
import { AREA_VALUES, INDICATOR_BITS, STATUS_VALUES, TRANSITION_VALUES } from '../input/load.js';
import { categoryKey, parseYesNo, type DecimalMark } from '../input/normalize.js';
import { FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR, type HouseholdRecord } from '../input/types.js';
import { STANDARD_IDS } from '../standards/index.js';
import { padded, type FastRow, type StringRow, type UnitCache } from './records.js';

interface Interned<T> {
  bytes: Buffer;
  text: string;
  value: T | undefined;
  /** white space at either end (trimmed off `text`) */
  padded: boolean;
  /** unique in the process, for the numeric unit key */
  id: number;
}
let nextInternId = 1;

/** Interned cell texts: the same bytes give the same (trimmed, NFC) string, decoded once. */
export class Interner<T> {
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
    const raw = buf.toString('utf8', start, end);
    const text = raw.trim().normalize('NFC');
    const entry = { bytes: Buffer.from(buf.subarray(start, end)), text, value: this.interpret(text), padded: raw.trim() !== raw, id: nextInternId++ };
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

/** Yes (1), no (0), or -1: not a yes/no mark, or padded with white space (the string path counts a blank of spaces). */
export function mark(buf: Buffer, s: number, e: number, yesNo: Interner<boolean>): number {
  if (e === s) return 0;
  if (e === s + 1) {
    const c = buf[s];
    if (c === 120 || c === 88 || c === 49 || c === 121 || c === 89) return 1; // x X 1 y Y
    if (c === 48 || c === 110 || c === 78) return 0; // 0 n N
  }
  const entry = yesNo.get(buf, s, e);
  return entry.value === undefined || entry.padded ? -1 : entry.value ? 1 : 0;
}

/** A review year of exactly 4 ASCII digits in the reader's range, or a negative number (any other form takes the general path). */
export function reviewYearFromBytes(buf: Buffer, s: number, e: number): number {
  return e - s === 4 ? wholeFromBytes(buf, s, e, FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR) : -1;
}

/** A whole number of up to 6 digits in [min, max]; -1 when the cell is empty, -2 when it holds anything else. */
export function wholeFromBytes(buf: Buffer, s: number, e: number, min: number, max: number): number {
  if (e === s) return -1;
  if (e - s > 6) return -2;
  let n = 0;
  for (let k = s; k < e; k++) {
    const c = buf[k] - 48;
    if (c < 0 || c > 9) return -2;
    n = n * 10 + c;
  }
  return n >= min && n <= max ? n : -2;
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
    const v = mark(buf, starts[i], ends[i], this.yesNo);
    return v < 0 ? undefined : v === 1;
  }

  private category<T>(interner: Interner<T>, i: number | undefined, buf: Buffer, starts: Int32Array, ends: Int32Array): T | null | undefined {
    if (i === undefined || ends[i] === starts[i]) return null;
    return interner.get(buf, starts[i], ends[i]).value;
  }

  private whole(i: number | undefined, min: number, max: number, buf: Buffer, starts: Int32Array, ends: Int32Array): number | null | undefined {
    if (i === undefined) return null;
    const n = wholeFromBytes(buf, starts[i], ends[i], min, max);
    return n === -1 ? null : n === -2 ? undefined : n;
  }

  /** Fill the record from the row's fields; false when any cell needs the string path. */
  read(buf: Buffer, starts: Int32Array, ends: Int32Array, line: number): boolean {
    const r = this.record;
    const col = this.col;
    r.line = line;
    const year = reviewYearFromBytes(buf, starts[col.year], ends[col.year]);
    if (year < 0) return false;
    r.year = year;
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
        const yes = mark(buf, starts[i], ends[i], this.yesNo);
        if (yes < 0) return false;
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

/**
 * The row handlers of a FileLoader for the scanner: strings go through it, fast rows straight to the
 * household handler. `sampleRow` is for the rows sampled to decide the decimal mark when the loader
 * defers them (deferSample) to be dropped and read again: it gives the loader a row of which only the
 * cells that decide the mark are decoded (decoding every cell of 500 rows as strings came to ~10 ms,
 * before the worker, if any, could start). Such rows must never be processed: dropped, or the mark
 * decided (decideDecimal) and then dropped, before anything else reaches the loader.
 */
export function rowSinks(loader: FileLoader, handlers: Handlers): { stringRow: StringRow; fastRow: FastRow; sampleRow: FastRow } {
  const file = loader.file;
  let fast: FastHouseholds | undefined;
  let kernel: HouseholdKernel | undefined;
  const stringRow = (fields: string[], line: number) => {
    if (!loader.mapping) loader.header(fields);
    else loader.row(fields, line);
  };
  const fastRow = (buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number, empty0: number, empty1: number, units: UnitCache | null): boolean => {
    // (the fused row exists once the sample is read: tried first)
    if (kernel !== undefined && kernel.row(buf, starts, ends, n, line, empty0, empty1, units)) return true;
    if (!loader.mapping || loader.sampling) return false;
    if (!fast) {
      if (loader.mapping!.kind !== 'households') return false;
      loader.flushSample(); // (sampled rows come first)
      fast = new FastHouseholds(loader, loader.decimal!);
      kernel = handlers.kernel?.(loader);
      if (kernel !== undefined && kernel.row(buf, starts, ends, n, line, empty0, empty1, units)) return true;
    }
    if (n !== loader.headerCells.length) return false;
    // cells with surrounding white space take the string path (they are trimmed, and blank when empty)
    for (let k = 0; k < n; k++) if (padded(buf, starts[k], ends[k])) return false;
    if (!fast.read(buf, starts, ends, line)) return false;
    const report = loader.report;
    report.rows++;
    // blank cells, as the scanner marked them (past the 64th field, looked at)
    if (empty0 !== 0 || empty1 !== 0 || n > 64) {
      const blanks = loader.blanks;
      for (let k = 0; k < n; k++) if (ends[k] === starts[k]) blanks[k]++;
    }
    const refusal = handlers.household?.(fast.record);
    if (refusal) loader.reject({ file, line, ...refusal });
    else report.accepted++;
    return true;
  };
  let decimalColumns: number[] | undefined;
  const sampleRow = (buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number, empty0: number, empty1: number, units: UnitCache | null): boolean => {
    // (a row after the sample: the mark was given, or decided at the row before)
    if (!loader.mapping || !loader.sampling || !loader.deferSample) return fastRow(buf, starts, ends, n, line, empty0, empty1, units);
    decimalColumns ??= loader.decimalColumns;
    const fields = new Array<string>(n).fill('');
    for (const i of decimalColumns) if (i < n) fields[i] = buf.toString('utf8', starts[i], ends[i]);
    loader.row(fields, line);
    return true;
  };
  return { stringRow, fastRow, sampleRow };
}

