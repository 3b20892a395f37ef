// The panel of household ids across review years: the only per-household state povcheck keeps.
// Per household: one Map entry (id → slot); per household and year: 1 status byte, a 4-byte unit
// id, a 1-byte group-flag set and a 4-byte line (to name the first row of a duplicate).
import type { Status } from '../standards/types.js';
import type { FlowField } from './tally.js';

export const STATUS_CODE: Record<Status, number> = { non_poor: 1, near_poor: 2, poor: 3 };
const ABSENT = 0, NEAR = 2, POOR = 3;

interface YearColumns {
  status: Uint8Array;
  unit: Int32Array;
  flags: Uint8Array;
  line: Int32Array;
}

export class Panel {
  private readonly slots = new Map<string, number>();
  private readonly years = new Map<number, YearColumns>();
  private capacity = 1024;

  get size(): number {
    return this.slots.size;
  }

  private columns(year: number): YearColumns {
    let columns = this.years.get(year);
    if (!columns) {
      columns = { status: new Uint8Array(this.capacity), unit: new Int32Array(this.capacity), flags: new Uint8Array(this.capacity), line: new Int32Array(this.capacity) };
      this.years.set(year, columns);
    }
    return columns;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const [year, old] of this.years) {
      const grown = { status: new Uint8Array(this.capacity), unit: new Int32Array(this.capacity), flags: new Uint8Array(this.capacity), line: new Int32Array(this.capacity) };
      grown.status.set(old.status);
      grown.unit.set(old.unit);
      grown.flags.set(old.flags);
      grown.line.set(old.line);
      this.years.set(year, grown);
    }
  }

  /** Record a household-year; returns the line of the earlier row when the id is already there. */
  record(id: string, year: number, status: number, unitId: number, flags: number, line: number): number | undefined {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot >= this.capacity) this.grow();
      this.slots.set(id, slot);
    }
    const columns = this.columns(year);
    if (columns.status[slot] !== ABSENT) return columns.line[slot];
    columns.status[slot] = status;
    columns.unit[slot] = unitId;
    columns.flags[slot] = flags;
    columns.line[slot] = line;
    return undefined;
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
    const n = this.slots.size;
    for (const year of years) {
      const now = this.years.get(year);
      const before = this.years.get(year - 1);
      if (!now || !before) continue;
      const earlier = [...this.years.keys()].filter((y) => y < year - 1 && periodOf(y) === periodOf(year)).map((y) => this.years.get(y)!);
      for (let slot = 0; slot < n; slot++) {
        const cur = now.status[slot];
        if (cur === ABSENT) continue;
        const prev = before.status[slot];
        const unit = now.unit[slot];
        const flags = now.flags[slot];
        if (prev === POOR && cur !== POOR) add(unit, year, flags, 'escaped');
        if (prev === NEAR && cur === 1) add(unit, year, flags, 'escapedNearPoor');
        for (const [state, re, fresh] of [[POOR, 'rePoor', 'newPoor'], [NEAR, 'reNearPoor', 'newNearPoor']] as const) {
          if (cur !== state || prev === state) continue;
          const wasBefore = earlier.some((c) => c.status[slot] === state);
          add(unit, year, flags, wasBefore ? re : fresh);
        }
      }
    }
  }
}
