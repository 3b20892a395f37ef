// The tallies of a read, by key (unit, review year, group): the household sums kept as numbers, each
// made into a Tally object only when it is read. A national file of 10,000 communes has ~107,000
// tallies; a command reads few of them (`summarize --level district`: ~1,400; `check`: the units its
// rulesets name). Made all at once at the end of the read, they took ~100 ms and the collector's
// time after them, on the main thread, after both threads were done.
import { FIRST_REVIEW_YEAR, GROUPS, type Group } from '../input/types.js';
import type { Unit } from './units.js';
import type { Tally } from './tally.js';

/** A tally's key: its unit's id, review year and group as one number (no string made per tally). */
export type TallyKey = number;
const GROUP_PLACE = Object.fromEntries(GROUPS.map((g, i) => [g, i])) as Record<Group, number>;
export const tallyKey = (unitId: number, year: number, group: Group): TallyKey => (unitId * 128 + (year - FIRST_REVIEW_YEAR)) * 8 + GROUP_PLACE[group];
/** A tally's parts from its key. */
export const keyUnit = (key: TallyKey) => Math.floor(key / 1024);
export const keyYear = (key: TallyKey) => (Math.floor(key / 8) % 128) + FIRST_REVIEW_YEAR;
export const keyGroup = (key: TallyKey): Group => GROUPS[key % 8];

/** The household sums of a read (sumCells, finish-loops.ts) and what makes a tally of one of them. */
export interface HouseholdSums {
  /** sums' keys (unit id × perUnit + year's place × GROUPS.length + group's place), in the tallies' order */
  keys: Int32Array;
  /** per sum key: its row in `keys` and `data`, or -1 */
  rows: Int32Array;
  /** per row, the numbers of a tally's counts (see make) */
  data: Int32Array;
  units: readonly Unit[];
  /** the review years present, in order (a year's place) */
  years: readonly number[];
  perUnit: number;
  /** a row's counts → a tally of its unit, year and group */
  make: (data: Int32Array, at: number, unit: Unit, year: number, group: Group) => Tally;
  /** numbers a row, and where a row's count of households is: a row of none (rows counted, then all taken back out) is no tally */
  n: number;
  households: number;
}

/** Tallies by key, in order: the household sums (in the order first met), then tallies set for other keys, in the order set. */
export class Tallies implements ReadonlyMap<TallyKey, Tally> {
  /** the tallies made or set, by key */
  private readonly made = new Map<TallyKey, Tally>();
  /** keys set that are not household sums, in the order set */
  private readonly added: TallyKey[] = [];
  /** per unit id: the review years of the keys set that are not household sums */
  private readonly addedYears = new Map<number, Set<number>>();
  /** per review year − FIRST_REVIEW_YEAR: its place among the sums' years, or -1 */
  private readonly yearPlace = new Int32Array(128).fill(-1);

  /** rows of the household sums that are tallies (see present), counted when first asked */
  private rows = -1;

  constructor(private readonly sums: HouseholdSums | null = null) {
    sums?.years.forEach((year, i) => (this.yearPlace[year - FIRST_REVIEW_YEAR] = i));
  }

  get size(): number {
    if (this.rows < 0) {
      this.rows = 0;
      if (this.sums) for (let r = 0; r < this.sums.keys.length; r++) if (this.present(r)) this.rows++;
    }
    return this.rows + this.added.length;
  }

  /**
   * Whether a row of the household sums is a tally: it counted households. A duplicate's counts are
   * taken back out of a cell of their own where the worker counted the row, and a key's cells may be
   * in several parts (see Tallier.moreCells): a key whose rows were all taken back sums to nothing.
   */
  private present(r: number): boolean {
    const sums = this.sums!;
    return sums.data[r * sums.n + sums.households] !== 0;
  }

  /** The row of the household sums with this key, or -1. */
  private rowOf(key: TallyKey): number {
    const unit = keyUnit(key);
    const place = this.yearPlace[keyYear(key) - FIRST_REVIEW_YEAR];
    return place < 0 ? -1 : this.rowAt(unit, place, key % 8);
  }

  /** The row of the household sums of a unit, a year's place among the sums' years and a group's place, when it is a tally (see present); else -1. */
  private rowAt(unitId: number, place: number, group: number): number {
    const sums = this.sums;
    if (sums === null || unitId >= sums.units.length) return -1;
    const r = sums.rows[unitId * sums.perUnit + place * GROUPS.length + group];
    return r >= 0 && this.present(r) ? r : -1;
  }

  /** The key of a row of the household sums. */
  private keyOfRow(r: number): TallyKey {
    const sums = this.sums!;
    const sumKey = sums.keys[r];
    const inUnit = sumKey % sums.perUnit;
    return tallyKey(Math.floor(sumKey / sums.perUnit), sums.years[Math.floor(inUnit / GROUPS.length)], GROUPS[inUnit % GROUPS.length]);
  }

  /** The tally of a row of the household sums, made when first read. */
  private ofRow(r: number, key = this.keyOfRow(r)): Tally {
    let t = this.made.get(key);
    if (t === undefined) {
      const sums = this.sums!;
      t = sums.make(sums.data, r * sums.n, sums.units[keyUnit(key)], keyYear(key), keyGroup(key));
      this.made.set(key, t);
    }
    return t;
  }

  get(key: TallyKey): Tally | undefined {
    const made = this.made.get(key);
    if (made !== undefined) return made;
    const r = this.rowOf(key);
    return r < 0 ? undefined : this.ofRow(r);
  }

  has(key: TallyKey): boolean {
    return this.made.has(key) || this.rowOf(key) >= 0;
  }

  set(key: TallyKey, tally: Tally): this {
    if (!this.made.has(key) && this.rowOf(key) < 0) {
      this.added.push(key);
      const unit = keyUnit(key);
      let years = this.addedYears.get(unit);
      if (years === undefined) this.addedYears.set(unit, (years = new Set()));
      years.add(keyYear(key));
    }
    this.made.set(key, tally);
    return this;
  }

  /** The tallies whose unit and group pass `wanted`, in order: only those are made. */
  select(wanted: (unit: Unit, group: Group) => boolean): Tally[] {
    const out: Tally[] = [];
    const sums = this.sums;
    if (sums) {
      for (let r = 0; r < sums.keys.length; r++) {
        const sumKey = sums.keys[r];
        if (this.present(r) && wanted(sums.units[Math.floor(sumKey / sums.perUnit)], GROUPS[(sumKey % sums.perUnit) % GROUPS.length])) out.push(this.ofRow(r));
      }
    }
    for (const key of this.added) {
      const t = this.made.get(key)!;
      if (wanted(t.unit, t.group)) out.push(t);
    }
    return out;
  }

  /** The review years a unit has any tally in, in order. */
  yearsOf(unitId: number): number[] {
    const years = new Set(this.addedYears.get(unitId));
    this.sums?.years.forEach((year, place) => {
      for (let g = 0; g < GROUPS.length; g++) {
        if (this.rowAt(unitId, place, g) >= 0) {
          years.add(year);
          break;
        }
      }
    });
    return [...years].sort((a, b) => a - b);
  }

  *keys(): IterableIterator<TallyKey> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<Tally> {
    for (const [, t] of this.entries()) yield t;
  }

  *entries(): IterableIterator<[TallyKey, Tally]> {
    const sums = this.sums;
    if (sums) {
      for (let r = 0; r < sums.keys.length; r++) {
        if (!this.present(r)) continue;
        const key = this.keyOfRow(r);
        yield [key, this.ofRow(r, key)];
      }
    }
    for (const key of this.added) yield [key, this.made.get(key)!];
  }

  [Symbol.iterator](): IterableIterator<[TallyKey, Tally]> {
    return this.entries();
  }

  forEach(callback: (value: Tally, key: TallyKey, map: ReadonlyMap<TallyKey, Tally>) => void): void {
    for (const [key, t] of this.entries()) callback(t, key, this);
  }
}
