// The fused household row of the fast reader: one pass from a row's field boundaries to its counts,
// for rows in the usual forms — read, classified and tallied with numbers only, no record object,
// no string. It does exactly what FastHouseholds.read → makeHandlers' household → Tallier.addHousehold
// do for such a row; any row it is not sure of (an odd cell, white space around a cell, a status that
// disagrees with the computed one, a duplicate id, a year past --as-of, …) it declines before
// changing anything, and the row takes that general path. The differential tests hold both to the
// csv-parse reader.
import type { Classifier } from '../classify/classify.js';
import type { FileLoader } from '../input/load.js';
import { AREA_VALUES, INDICATOR_BITS, STATUS_VALUES, TRANSITION_VALUES } from '../input/load.js';
import { categoryKey, parseYesNo, type DecimalMark } from '../input/normalize.js';
import { FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR, TRANSITIONS } from '../input/types.js';
import { STANDARD_IDS } from '../standards/index.js';
import type { PovertyStandard } from '../standards/types.js';
import { STATUS_CODE } from '../tally/panel.js';
import {
  EM_NO, EM_YES, LOAN_KNOWN_BIT, LOAN_MET_BIT, LOAN_NEED_BIT, MERIT, RURAL, TRAINING_KNOWN_BIT, TRAINING_MET_BIT, TRAINING_NEED_BIT,
  TRANSITION_COLUMN_BIT, URBAN, type Tallier,
} from '../tally/tally.js';
import { Interner, mark, numberFromBytes, reviewYearFromBytes, wholeFromBytes } from './households.js';
import { grown } from '../grown.js';
import { padded, SPACE, type UnitCache } from './records.js';

/** What the fused row needs of the later stages. */
export interface KernelSinks {
  tallier: Tallier;
  classifier: Classifier;
  /** rows of later review years are left to the general path */
  asOf: number | undefined;
  tick: (() => void) | undefined;
}

/** A standard as numbers, for classifying without objects. */
interface Plan {
  index: number;
  mask: number;
  twoTier: boolean;
  threshold: number;
  poorUrban: number;
  nearUrban: number;
  poorRural: number;
  nearRural: number;
}

const UNIT_TABLE = 1 << 12;
const NO_COLUMN = -1;
/** rows after which the blank counters are settled, whatever reads them: each stays below 2^31 */
const SETTLE_ROWS = 1 << 30;

export class HouseholdKernel {
  private readonly width: number;
  private readonly cId: number;
  private readonly cYear: number;
  private readonly cProvince: number;
  private readonly cDistrict: number;
  private readonly cCommune: number;
  private readonly cArea: number;
  private readonly cEthnic: number;
  private readonly cMerit: number;
  private readonly cSize: number;
  private readonly cIncome: number;
  private readonly cCount: number;
  private readonly cStatus: number;
  private readonly cTransition: number;
  private readonly cStandard: number;
  private readonly cLoanNeed: number;
  private readonly cLoanReceived: number;
  private readonly cTrainingNeed: number;
  private readonly cTrainingReceived: number;
  /** the deprivation columns as bits of the scanner's empty-field masks (columns 0–31, 32–63), and each column's indicator bit */
  private readonly flags0: number;
  private readonly flags1: number;
  private readonly flagBitOf: Int32Array;
  private readonly hasFlags: boolean;
  /**
   * Blank cells per column, counted as how often each byte of the rows' empty-field masks came
   * (bytes 0–3 of columns 0–31, 4–7 of columns 32–63: 256 counters each), then added to the
   * loader's counts by column when they are read: four additions a row (eight past 32 columns),
   * none of them a branch on the row's cells (bit-sliced counters, carried from bit to bit as far as
   * the row's blanks went, took ~15 ns a row against ~4).
   */
  private readonly maskBytes = new Int32Array(8 * 256);
  private pendingRows = 0;
  /** the file has columns past the 32nd */
  private readonly wide: boolean;
  private readonly blanks: Float64Array;
  private readonly transitionColumn: number;

  private readonly yesNo = new Interner((t) => parseYesNo(t));
  private readonly area = new Interner((t) => (t === '' ? undefined : AREA_VALUES[categoryKey(t)]));
  private readonly status = new Interner((t) => (t === '' ? undefined : STATUS_VALUES[categoryKey(t)]));
  private readonly transition = new Interner((t) => (t === '' ? undefined : TRANSITION_VALUES[categoryKey(t)]));
  private readonly standardCell = new Interner((t) => (STANDARD_IDS.includes(t) ? t : undefined));

  // leaf units by the bytes of their three cells: an open-addressing table over an arena of keys
  private unitSlots = new Int32Array(UNIT_TABLE).fill(-1);
  private unitKeyStart = new Int32Array(256);
  private unitKeyLengths = new Int32Array(256 * 3);
  private unitIds = new Int32Array(256);
  private unitCount = 0;
  private unitArena = Buffer.alloc(1 << 14);
  // the arena and the chunk last seen as DataViews, to compare four bytes at a time
  private arenaView = viewOf(this.unitArena);
  private lastBuf: Buffer | undefined;
  private lastView = this.arenaView;
  private unitArenaUsed = 0;

  private readonly plans = new Map<PovertyStandard, Plan>();
  /**
   * The standard of each review year (offset from FIRST_REVIEW_YEAR) for rows without a standard
   * cell, found ahead: a row of another year than the last takes the same path (the plan is made
   * when a standard is first used: making it notes the standard's missing indicator columns).
   */
  private readonly yearStandards: (PovertyStandard | undefined)[] = [];
  // the plan of the last standard used
  private lastStandard: PovertyStandard | null = null;
  private lastPlan: Plan | undefined;

  constructor(
    private readonly loader: FileLoader,
    private readonly decimal: DecimalMark,
    private readonly sinks: KernelSinks,
  ) {
    const index = loader.mapping!.index;
    const at = (column: string) => index.get(column) ?? NO_COLUMN;
    this.width = loader.headerCells.length;
    this.cId = at('household_id');
    this.cYear = at('year');
    this.cProvince = at('province');
    this.cDistrict = at('district');
    this.cCommune = at('commune');
    this.cArea = at('area');
    this.cEthnic = at('ethnic_minority');
    this.cMerit = at('meritorious');
    this.cSize = at('household_size');
    this.cIncome = at('income_per_capita');
    this.cCount = at('deprivation_count');
    this.cStatus = at('status');
    this.cTransition = at('transition');
    this.cStandard = at('standard');
    this.cLoanNeed = at('loan_need');
    this.cLoanReceived = at('loan_received');
    this.cTrainingNeed = at('training_need');
    this.cTrainingReceived = at('training_received');
    const flags = INDICATOR_BITS.map((c, bit) => [bit, at(c)]).filter(([, i]) => i !== NO_COLUMN);
    this.flagBitOf = new Int32Array(64);
    let flags0 = 0, flags1 = 0;
    for (const [bit, i] of flags) {
      this.flagBitOf[i] = bit;
      if (i < 32) flags0 |= 1 << i;
      else flags1 |= 1 << (i - 32);
    }
    this.flags0 = flags0;
    this.flags1 = flags1;
    this.hasFlags = flags.length > 0;
    this.blanks = loader.blanks;
    this.wide = this.width > 32;
    loader.settleBlanks = () => this.settleBlanks();
    this.transitionColumn = this.cTransition === NO_COLUMN ? 0 : TRANSITION_COLUMN_BIT;
    for (let year = FIRST_REVIEW_YEAR; year <= LAST_REVIEW_YEAR; year++) this.yearStandards.push(sinks.classifier.standardFor(year, null));
  }

  /**
   * The kernel reads files of these columns; a file with a column of old communes (crosswalk) is
   * not for it, nor one with a column it reads past the 64th (the scanner marks empty fields up to there).
   */
  static accepts(loader: FileLoader): boolean {
    const index = loader.mapping!.index;
    return loader.mapping!.kind === 'households' && !index.has('old_commune') && Math.max(...index.values()) < 64;
  }

  /** One more accepted row's blank cells into the counters of its masks' bytes (settled before a counter could pass 2^30). */
  private countBlanks(empty0: number, empty1: number): void {
    const counts = this.maskBytes;
    counts[empty0 & 255]++;
    counts[256 + ((empty0 >>> 8) & 255)]++;
    counts[512 + ((empty0 >>> 16) & 255)]++;
    counts[768 + (empty0 >>> 24)]++;
    if (this.wide) {
      counts[1024 + (empty1 & 255)]++;
      counts[1280 + ((empty1 >>> 8) & 255)]++;
      counts[1536 + ((empty1 >>> 16) & 255)]++;
      counts[1792 + (empty1 >>> 24)]++;
    }
    if (++this.pendingRows === SETTLE_ROWS) this.settleBlanks();
  }

  /** The indicator bits of the deprivation cells named by `cells` (bit k: column base + k), or -1 for a cell that is not a yes/no mark. */
  private deprivations(buf: Buffer, starts: Int32Array, ends: Int32Array, cells: number, base: number): number {
    let mask = 0;
    for (; cells !== 0; cells &= cells - 1) {
      const c = base + 31 - Math.clz32(cells & -cells);
      const v = mark(buf, starts[c], ends[c], this.yesNo);
      if (v < 0) return -1;
      mask |= v << this.flagBitOf[c];
    }
    return mask;
  }

  /** The counted blanks into the loader's counts: each byte value's count to each column whose bit it has. */
  private settleBlanks(): void {
    if (this.pendingRows === 0) return;
    const counts = this.maskBytes, blanks = this.blanks;
    for (let at = 0; at < counts.length; at++) {
      const n = counts[at];
      if (n === 0) continue;
      const base = (at >> 8) * 8;
      for (let bits = at & 255; bits !== 0; bits &= bits - 1) {
        const k = base + 31 - Math.clz32(bits & -bits);
        if (k < blanks.length) blanks[k] += n;
      }
      counts[at] = 0;
    }
    this.pendingRows = 0;
  }

  private plan(standard: PovertyStandard): Plan {
    let plan = this.plans.get(standard);
    if (!plan) {
      const { urban, rural } = standard.lines;
      plan = {
        index: this.sinks.tallier.standards.indexOf(standard),
        mask: this.sinks.classifier.maskOf(standard),
        twoTier: standard.rule === 'two-tier',
        threshold: standard.deprivationThreshold,
        poorUrban: urban.poor,
        nearUrban: urban.nearPoor ?? urban.poor,
        poorRural: rural.poor,
        nearRural: rural.nearPoor ?? rural.poor,
      };
      this.plans.set(standard, plan);
    }
    return plan;
  }

  /** The chunk as a DataView, made again only when the chunk's buffer is another. */
  private chunkView(buf: Buffer): DataView {
    if (buf !== this.lastBuf) {
      this.lastBuf = buf;
      this.lastView = viewOf(buf);
    }
    return this.lastView;
  }

  /** The leaf unit of the row's province, district and commune cells, named once per distinct bytes (-1: not for the kernel). */
  private unit(buf: Buffer, ps: number, pe: number, ds: number, de: number, cs: number, ce: number): number {
    const pl = pe - ps, dl = de - ds, cl = ce - cs;
    const slots = this.unitSlots;
    const mask = slots.length - 1;
    let i = unitHash(buf, ps, pe, ds, de, cs, ce) & mask;
    for (let u = slots[i]; u >= 0; u = slots[i]) {
      const k = u * 3;
      const lengths = this.unitKeyLengths;
      if (lengths[k] === pl && lengths[k + 1] === dl && lengths[k + 2] === cl) {
        const a = this.unitKeyStart[u];
        const arena = this.arenaView;
        const bytes = this.chunkView(buf);
        const same = sameBytes(arena, a, bytes, ps, pl) && sameBytes(arena, a + pl, bytes, ds, dl) && sameBytes(arena, a + pl + dl, bytes, cs, cl);
        if (same) return this.unitIds[u];
      }
      i = (i + 1) & mask;
    }
    return this.addUnit(buf, ps, pe, ds, de, cs, ce, i);
  }

  /** A unit's cells seen for the first time: its leaf unit, or -1 when a cell is padded with white space (the general path trims). */
  private addUnit(buf: Buffer, ps: number, pe: number, ds: number, de: number, cs: number, ce: number, at: number): number {
    if (padded(buf, ps, pe) || padded(buf, ds, de) || padded(buf, cs, ce)) return -1;
    const id = this.sinks.tallier.unitFor(cellText(buf, ps, pe), cellText(buf, ds, de), cellText(buf, cs, ce));
    const u = this.unitCount++;
    this.unitKeyStart = grown(this.unitKeyStart, u + 1);
    this.unitKeyLengths = grown(this.unitKeyLengths, (u + 1) * 3);
    this.unitIds = grown(this.unitIds, u + 1);
    const length = pe - ps + de - ds + ce - cs;
    if (this.unitArenaUsed + length > this.unitArena.length) {
      const bigger = Buffer.alloc(Math.max(this.unitArena.length * 2, this.unitArenaUsed + length));
      this.unitArena.copy(bigger, 0, 0, this.unitArenaUsed);
      this.unitArena = bigger;
      this.arenaView = viewOf(bigger);
    }
    this.unitKeyStart[u] = this.unitArenaUsed;
    // (byte by byte: a Buffer.copy per cell cost ~0.3 µs, three for each of a national file's 20,000 units and areas)
    this.unitArenaUsed = copyBytes(buf, ps, pe, this.unitArena, this.unitArenaUsed);
    this.unitArenaUsed = copyBytes(buf, ds, de, this.unitArena, this.unitArenaUsed);
    this.unitArenaUsed = copyBytes(buf, cs, ce, this.unitArena, this.unitArenaUsed);
    this.unitKeyLengths[u * 3] = pe - ps;
    this.unitKeyLengths[u * 3 + 1] = de - ds;
    this.unitKeyLengths[u * 3 + 2] = ce - cs;
    this.unitIds[u] = id;
    this.unitSlots[at] = u;
    if (this.unitCount * 2 > this.unitSlots.length) this.rehashUnits();
    return id;
  }

  /** Twice the slots, each unit put in again (its key stays where it is in the arena). */
  private rehashUnits(): void {
    const arena = this.unitArena;
    this.unitSlots = new Int32Array(this.unitSlots.length * 2).fill(-1);
    const mask = this.unitSlots.length - 1;
    const starts = this.unitKeyStart, lengths = this.unitKeyLengths;
    for (let u = 0; u < this.unitCount; u++) {
      const ps = starts[u], pe = ps + lengths[u * 3], de = pe + lengths[u * 3 + 1], ce = de + lengths[u * 3 + 2];
      let i = unitHash(arena, ps, pe, pe, de, de, ce) & mask;
      while (this.unitSlots[i] >= 0) i = (i + 1) & mask;
      this.unitSlots[i] = u;
    }
  }

  /** The bits of a need / received pair of columns (known, need, met), or -1 for a cell the general path must read. */
  private support(buf: Buffer, starts: Int32Array, ends: Int32Array, needColumn: number, receivedColumn: number, known: number, needBit: number, metBit: number): number {
    const received = receivedColumn === NO_COLUMN ? 0 : mark(buf, starts[receivedColumn], ends[receivedColumn], this.yesNo);
    if (needColumn === NO_COLUMN) return received < 0 ? -1 : 0;
    const need = mark(buf, starts[needColumn], ends[needColumn], this.yesNo);
    if (need < 0 || received < 0) return -1;
    return known | (need ? needBit | (received ? metBit : 0) : 0);
  }

  /** One row: true when it was read, classified and counted here; false (nothing changed) for the general path. */
  row(buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number, empty0: number, empty1: number, units: UnitCache | null): boolean {
    if (n !== this.width) return false;
    const year = reviewYearFromBytes(buf, starts[this.cYear], ends[this.cYear]);
    if (year < 0 || (this.sinks.asOf !== undefined && year > this.sinks.asOf)) return false;
    // the unit
    const ps = starts[this.cProvince], pe = ends[this.cProvince];
    if (pe === ps) return false;
    let ds = 0, de = 0, cs = 0, ce = 0;
    if (this.cDistrict !== NO_COLUMN) {
      ds = starts[this.cDistrict];
      de = ends[this.cDistrict];
    }
    if (this.cCommune !== NO_COLUMN) {
      cs = starts[this.cCommune];
      ce = ends[this.cCommune];
    }
    // the id: ASCII (others are normalised on the general path)
    let is = 0, ie = 0;
    if (this.cId !== NO_COLUMN) {
      is = starts[this.cId];
      ie = ends[this.cId];
      if (ie > is && (buf[is] <= SPACE || buf[ie - 1] <= SPACE)) return false;
      if (!belowDel(this.chunkView(buf), is, ie)) return false;
    }
    // group flags and area; with the unit, from the record loop's cache of these four cells, when it
    // has seen them (its value: leaf unit × 4 + area: 0 none, 1 rural, 2 urban)
    let flags = 0;
    let urban = -1;
    let as = 0, ae = 0;
    if (this.cArea !== NO_COLUMN) {
      as = starts[this.cArea];
      ae = ends[this.cArea];
    }
    const cached = units === null ? -1 : units.unit(ps, pe, ds, de, cs, ce, as, ae);
    if (cached >= 0) {
      urban = (cached & 3) - 1;
      if (urban >= 0) flags |= urban ? URBAN : RURAL;
    } else if (ae > as) {
      const area = this.area.get(buf, as, ae);
      if (area.value === undefined || area.padded) return false;
      urban = area.value === 'urban' ? 1 : 0;
      flags |= urban ? URBAN : RURAL;
    }
    if (this.cEthnic !== NO_COLUMN) {
      const v = mark(buf, starts[this.cEthnic], ends[this.cEthnic], this.yesNo);
      if (v < 0) return false;
      flags |= v ? EM_YES : EM_NO;
    }
    if (this.cMerit !== NO_COLUMN) {
      const v = mark(buf, starts[this.cMerit], ends[this.cMerit], this.yesNo);
      if (v < 0) return false;
      if (v) flags |= MERIT;
    }
    // what the row adds besides the household: transition and support
    let bits = this.transitionColumn;
    if (this.cTransition !== NO_COLUMN) {
      const s = starts[this.cTransition], e = ends[this.cTransition];
      if (e > s) {
        const t = this.transition.get(buf, s, e);
        if (t.value === undefined || t.padded) return false;
        bits |= TRANSITIONS.indexOf(t.value) + 1;
      }
    }
    const loan = this.support(buf, starts, ends, this.cLoanNeed, this.cLoanReceived, LOAN_KNOWN_BIT, LOAN_NEED_BIT, LOAN_MET_BIT);
    const training = this.support(buf, starts, ends, this.cTrainingNeed, this.cTrainingReceived, TRAINING_KNOWN_BIT, TRAINING_NEED_BIT, TRAINING_MET_BIT);
    if (loan < 0 || training < 0) return false;
    bits |= loan | training;
    // deprivations: the cells that are not empty
    const low = this.deprivations(buf, starts, ends, ~empty0 & this.flags0, 0);
    const high = low < 0 ? -1 : this.deprivations(buf, starts, ends, ~empty1 & this.flags1, 32);
    if (high < 0) return false;
    const deprivationMask = low | high;
    let deprivationCount = -1;
    if (this.cCount !== NO_COLUMN) {
      deprivationCount = wholeFromBytes(buf, starts[this.cCount], ends[this.cCount], 0, 12);
      if (deprivationCount === -2) return false;
    }
    if (this.cSize !== NO_COLUMN && wholeFromBytes(buf, starts[this.cSize], ends[this.cSize], 1, Infinity) === -2) return false;
    // income, in the file's number convention
    let income = -1;
    if (this.cIncome !== NO_COLUMN) {
      const s = starts[this.cIncome], e = ends[this.cIncome];
      if (e > s) {
        income = numberFromBytes(buf, s, e, this.decimal);
        if (Number.isNaN(income)) return false;
      }
    }
    // the standard and the status
    let standardText: string | null = null;
    if (this.cStandard !== NO_COLUMN) {
      const s = starts[this.cStandard], e = ends[this.cStandard];
      if (e > s) {
        const id = this.standardCell.get(buf, s, e);
        if (id.value === undefined || id.padded) return false;
        standardText = id.value;
      }
    }
    const standard = standardText === null ? this.yearStandards[year - FIRST_REVIEW_YEAR] : this.sinks.classifier.standardFor(year, standardText);
    if (standard === undefined) return false;
    if (standard !== this.lastStandard) {
      this.lastPlan = this.plan(standard);
      this.lastStandard = standard;
    }
    const plan = this.lastPlan!;
    const deprivations = this.hasFlags ? popcount(deprivationMask & plan.mask) : deprivationCount;
    let computed = 0;
    if (income >= 0 && urban >= 0) {
      const poorLine = urban ? plan.poorUrban : plan.poorRural;
      if (plan.twoTier) {
        if (income <= poorLine) computed = 3;
        else if (income <= (urban ? plan.nearUrban : plan.nearRural)) computed = deprivations < 0 ? 0 : deprivations >= plan.threshold ? 3 : 2;
        else computed = 1;
      } else if (income > poorLine) computed = 1;
      else computed = deprivations < 0 ? 0 : deprivations >= plan.threshold ? 3 : 2;
    }
    let status = computed;
    if (this.cStatus !== NO_COLUMN) {
      const s = starts[this.cStatus], e = ends[this.cStatus];
      if (e > s) {
        const given = this.status.get(buf, s, e);
        if (given.value === undefined || given.padded) return false;
        status = STATUS_CODE[given.value];
        // a status that disagrees with the computed one is reported: the general path does it
        if (computed !== 0 && computed !== status) return false;
      }
    }
    if (status === 0) return false;
    // the leaf unit: from the cache, else named here (and cached with the area)
    let unit = cached >> 2;
    if (cached < 0) {
      unit = this.unit(buf, ps, pe, ds, de, cs, ce);
      if (unit < 0) return false;
      units?.addUnit(ps, pe, ds, de, cs, ce, as, ae, unit * 4 + urban + 1);
    }
    if (!this.sinks.tallier.addCounted(unit, year, flags, status, bits, plan.index, buf, is, ie, line)) return false;
    // the row is in: the loader's counts
    const report = this.loader.report;
    report.rows++;
    report.accepted++;
    this.countBlanks(empty0, empty1);
    this.sinks.tick?.();
    return true;
  }
}

/** A cheap hash of a unit's three cells (lengths and a few bytes): the table compares the bytes anyway. */
function unitHash(buf: Buffer, ps: number, pe: number, ds: number, de: number, cs: number, ce: number): number {
  const dl = de - ds, cl = ce - cs;
  let h = Math.imul((pe - ps) * 961 + dl * 31 + cl, 0x9e3779b1);
  h = Math.imul(h ^ buf[pe - 1], 0x01000193);
  if (dl > 0) h = Math.imul(h ^ buf[ds + (dl >> 1)] ^ (buf[de - 1] << 8), 0x01000193);
  if (cl > 0) h = Math.imul(h ^ buf[cs + (cl >> 1)] ^ (buf[ce - 1] << 8) ^ (buf[cs + (cl >> 2)] << 16), 0x01000193);
  return h ^ (h >>> 15);
}

const viewOf = (buf: Buffer) => new DataView(buf.buffer, buf.byteOffset, buf.length);

/**
 * A unit cell's text (not padded: addUnit checked), NFC as the string path has it. Decoded each
 * time rather than interned: a unit's cells are read once, and the Interner's loops, run for every
 * new unit's three cells, made V8 compile Interner.get with its lookup (~20 ms in each thread).
 */
const cellText = (buf: Buffer, start: number, end: number): string => (start === end ? '' : buf.toString('utf8', start, end).normalize('NFC'));

/**
 * Every byte of [start, end) is below 127 (ASCII, DEL excepted): four at a time. A word with no top
 * bit set has bytes of at most 127, so adding 1 to each carries into no other byte and sets the top
 * bit of those that were 127.
 */
function belowDel(view: DataView, start: number, end: number): boolean {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w = view.getInt32(i, true);
    if (((w | ((w + 0x01010101) | 0)) & 0x80808080) !== 0) return false;
  }
  for (; i < end; i++) if (view.getUint8(i) > 126) return false;
  return true;
}

/** The n bytes at a[ai] and at b[bi] are the same: compared four at a time. */
function sameBytes(a: DataView, ai: number, b: DataView, bi: number, n: number): boolean {
  let k = 0;
  for (; k + 4 <= n; k += 4) if (a.getInt32(ai + k) !== b.getInt32(bi + k)) return false;
  for (; k < n; k++) if (a.getUint8(ai + k) !== b.getUint8(bi + k)) return false;
  return true;
}

function popcount(n: number): number {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** from[start, end) copied to `to` at `at`: where the copy ends. */
function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): number {
  for (let k = start; k < end; k++) to[at++] = from[k];
  return at;
}
