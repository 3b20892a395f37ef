// The panel of household ids across review years: the only per-household state povcheck keeps.
// Ids are kept as UTF-8 bytes in one growing arena, found through an open-addressing hash table of
// slots: no string and no Map entry per household. Per household: the id's bytes, a 4-byte offset,
// a 2-byte length and two 4-byte table cells (at most half full); per household and review year:
// 1 byte (status and group flags), a 4-byte unit id and a 4-byte line (to name the first row of a
// duplicate). `node --expose-gc scripts/measure-panel.mjs` measures it.
import type { Status } from '../standards/types.js';
import type { FlowField } from './tally.js';

export const STATUS_CODE: Record<Status, number> = { non_poor: 1, near_poor: 2, poor: 3 };
const ABSENT = 0, NEAR = 2, POOR = 3;

interface YearColumns {
  /** status (2 bits) | group flags << 2 (5 bits) */
  state: Uint8Array;
  /** 2 bytes while unit ids fit, 4 after */
  unit: Uint16Array | Int32Array;
  line: Int32Array;
  /** what the row added (Tallier bits), to take a duplicate back out */
  bits: Uint16Array;
}

const encoder = new TextEncoder();

export class Panel {
  private arena = Buffer.alloc(1 << 16);
  private arenaUsed = 0;
  private offsets = new Int32Array(1024);
  private lengths = new Uint16Array(1024);
  /** slot + 1 at each occupied position; 0 empty */
  private table = new Int32Array(2048);
  private count = 0;
  private readonly years = new Map<number, YearColumns>();

  get size(): number {
    return this.count;
  }

  private static hash(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    return h >>> 0;
  }

  private same(slot: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[slot] !== length) return false;
    const offset = this.offsets[slot];
    for (let i = 0; i < length; i++) if (this.arena[offset + i] !== bytes[start + i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let slot = 0; slot < this.count; slot++) {
      let i = Panel.hash(this.arena, this.offsets[slot], this.offsets[slot] + this.lengths[slot]) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = slot + 1;
    }
    this.table = table;
  }

  private growSlots(): void {
    // grown by half: the per-year columns are sized by it, and slack is memory per household
    const capacity = Math.ceil(this.offsets.length * 1.5);
    const offsets = new Int32Array(capacity);
    offsets.set(this.offsets);
    const lengths = new Uint16Array(capacity);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
    this.lastYear = NaN;
    for (const [year, old] of this.years) {
      const grown = this.newColumns(capacity);
      grown.state.set(old.state);
      grown.unit.set(old.unit);
      grown.line.set(old.line);
      grown.bits.set(old.bits);
      this.years.set(year, grown);
    }
  }

  /** The slot of an id given as bytes[start, end), added when new. */
  slot(bytes: Uint8Array, start: number, end: number): number {
    const mask = this.table.length - 1;
    let i = Panel.hash(bytes, start, end) & mask;
    for (let entry = this.table[i]; entry !== 0; entry = this.table[i]) {
      if (this.same(entry - 1, bytes, start, end)) return entry - 1;
      i = (i + 1) & mask;
    }
    const slot = this.count++;
    if (slot >= this.offsets.length) this.growSlots();
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = Buffer.alloc(Math.max(Math.ceil(this.arena.length * 1.5), this.arenaUsed + length));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.offsets[slot] = this.arenaUsed;
    this.lengths[slot] = Math.min(length, 0xffff);
    this.arenaUsed += length;
    this.table[i] = slot + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return slot;
  }

  private wideUnits = false;

  private newColumns(capacity: number): YearColumns {
    return { state: new Uint8Array(capacity), unit: this.wideUnits ? new Int32Array(capacity) : new Uint16Array(capacity), line: new Int32Array(capacity), bits: new Uint16Array(capacity) };
  }

  /** A unit id past 65535: every year's unit column becomes 4 bytes wide. */
  private widen(unitId: number): void {
    if (this.wideUnits || unitId <= 0xffff) return;
    this.wideUnits = true;
    for (const columns of this.years.values()) columns.unit = Int32Array.from(columns.unit);
    this.lastYear = NaN;
  }

  private lastYear = NaN;
  private lastColumns: YearColumns | undefined;

  private columns(year: number): YearColumns {
    if (year === this.lastYear) return this.lastColumns!;
    let columns = this.years.get(year);
    if (!columns) {
      const capacity = this.offsets.length;
      columns = this.newColumns(capacity);
      this.years.set(year, columns);
    }
    this.lastYear = year;
    this.lastColumns = columns;
    return columns;
  }

  /** Record a household-year by id bytes; returns the line of the earlier row when the id is already there. */
  recordBytes(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, line: number): number | undefined {
    this.widen(unitId);
    const slot = this.slot(bytes, start, end);
    const columns = this.columns(year);
    if (columns.state[slot] !== ABSENT) return columns.line[slot];
    columns.state[slot] = status | (flags << 2);
    columns.unit[slot] = unitId;
    columns.line[slot] = line;
    return undefined;
  }

  /**
   * Record a household-year where lines may be negative: a worker's rows, later in the file than
   * every positive line. A positive line displaces a negative one (the earlier row wins).
   */
  recordOrdered(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, line: number, bits: number):
    | undefined
    | { duplicateOf: number }
    | { displaced: { line: number; unit: number; flags: number; status: number; bits: number } } {
    this.widen(unitId);
    const slot = this.slot(bytes, start, end);
    const columns = this.columns(year);
    const state = columns.state[slot];
    if (state !== ABSENT && !(columns.line[slot] < 0 && line > 0)) return { duplicateOf: columns.line[slot] };
    const displaced = state === ABSENT ? undefined : { line: columns.line[slot], unit: columns.unit[slot], flags: state >> 2, status: state & 3, bits: columns.bits[slot] };
    columns.state[slot] = status | (flags << 2);
    columns.unit[slot] = unitId;
    columns.line[slot] = line;
    columns.bits[slot] = bits;
    return displaced ? { displaced } : undefined;
  }

  /** A worker's lines (negative) become lines of the file once its start is known. */
  settleLines(offset: number): void {
    for (const columns of this.years.values()) {
      const lines = columns.line;
      for (let slot = 0; slot < this.count; slot++) if (lines[slot] < 0) lines[slot] = -lines[slot] + offset;
    }
  }

  record(id: string, year: number, status: number, unitId: number, flags: number, line: number): number | undefined {
    const bytes = encoder.encode(id);
    return this.recordBytes(bytes, 0, bytes.length, year, status, unitId, flags, line);
  }

  /**
   * Flows of each year in `years` against the year before, attributed to the household's unit and
   * groups in that year. Only years of the same standard (`periodOf`) count as "before":
   * - escaped: poor last year, not poor now; escapedNearPoor: near-poor last year, non-poor now;
   * - rePoor: poor now, not poor last year, poor in an earlier year of the period (it had escaped);
   * - newPoor: poor now, not poor last year, never poor before in the data of the period;
   * - reNearPoor / newNearPoor likewise for the near-poor list.
   */
  flows(years: number[], periodOf: (year: number) => string | null, add: (unitId: number, year: number, flags: number, flow: FlowField) => void): void {
    const n = this.count;
    for (const year of years) {
      const now = this.years.get(year);
      const before = this.years.get(year - 1);
      if (!now || !before) continue;
      const earlier = [...this.years.keys()].filter((y) => y < year - 1 && periodOf(y) === periodOf(year)).map((y) => this.years.get(y)!);
      for (let slot = 0; slot < n; slot++) {
        const cur = now.state[slot] & 3;
        if (cur === ABSENT) continue;
        const prev = before.state[slot] & 3;
        const unit = now.unit[slot];
        const flags = now.state[slot] >> 2;
        if (prev === POOR && cur !== POOR) add(unit, year, flags, 'escaped');
        if (prev === NEAR && cur === 1) add(unit, year, flags, 'escapedNearPoor');
        for (const [state, re, fresh] of [[POOR, 'rePoor', 'newPoor'], [NEAR, 'reNearPoor', 'newNearPoor']] as const) {
          if (cur !== state || prev === state) continue;
          const wasBefore = earlier.some((c) => (c.state[slot] & 3) === state);
          add(unit, year, flags, wasBefore ? re : fresh);
        }
      }
    }
  }
}
