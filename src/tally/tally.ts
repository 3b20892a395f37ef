// The tally stage: classified households and summary rows → figures per unit × review year × group.
// Memory is bounded by units × years × groups (cells), plus the compact panel of household ids.
import { grown, zeroGrown } from '../grown.js';
import type { Classified } from '../classify/classify.js';
import { FIGURES, FIRST_REVIEW_YEAR, GROUPS, LAST_REVIEW_YEAR, TRANSITIONS, type Finding, type UnitFigures, type Group, type HouseholdRecord, type Reject, type SummaryRecord } from '../input/types.js';
import { standardForReviewYear, STANDARDS } from '../standards/index.js';
import type { PovertyStandard } from '../standards/types.js';
import { newCursor, OWN_ROW, Panel, STATUS_CODE, tailRow, warmPanelCode, WORKER_ROW } from './panel.js';
import { stripDiacritics } from '../input/normalize.js';
import { LEVEL_DEPTH, UnitTree, unitKey, type Unit } from './units.js';
import { sumCells } from './finish-loops.js';
import { tallyKey, Tallies, type TallyKey } from './tallies.js';

/** Count fields of a cell, in Float64Array order. */
export const FIELDS = [
  'households', 'poor', 'nearPoor',
  'escaped', 'rePoor', 'newPoor', 'escapedNearPoor', 'reNearPoor', 'newNearPoor',
  'loanNeed', 'loanMet', 'loanKnown', 'trainingNeed', 'trainingMet', 'trainingKnown',
] as const;
// the counters' places as constants
const HOUSEHOLDS = 0, POOR = 1, NEAR_POOR = 2, LOAN_NEED = 9, LOAN_MET = 10, LOAN_KNOWN = 11, TRAINING_NEED = 12, TRAINING_MET = 13, TRAINING_KNOWN = 14;
// what one household row adds, as bits (kept in the panel to take a duplicate back out): the
// transition (bits 0-2), then the support bits, each at its place (X_BIT = 1 << X_AT)
const LOAN_KNOWN_AT = 3, LOAN_NEED_AT = 4, LOAN_MET_AT = 5, TRAINING_KNOWN_AT = 6, TRAINING_NEED_AT = 7, TRAINING_MET_AT = 8;
export const LOAN_KNOWN_BIT = 1 << LOAN_KNOWN_AT, LOAN_NEED_BIT = 1 << LOAN_NEED_AT, LOAN_MET_BIT = 1 << LOAN_MET_AT;
export const TRAINING_KNOWN_BIT = 1 << TRAINING_KNOWN_AT, TRAINING_NEED_BIT = 1 << TRAINING_NEED_AT, TRAINING_MET_BIT = 1 << TRAINING_MET_AT;
// the row's kind (bits 9-10): its file has a transition column, it has an id
const KIND_AT = 9;
export const TRANSITION_COLUMN_BIT = 1 << KIND_AT, HAS_ID_BIT = 2 << KIND_AT, STANDARD_SHIFT = 11;
const encoder = new TextEncoder();

/** The parts a worker reads: its own part (0), the pieces of this thread's tail it took (1, 2, …, in the order taken). */
export type WorkerPart = number;

/** Where a worker sends its household-years instead of a panel. */
export type PanelSink = (bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, line: number, bits: number) => void;

/** A worker's counts: its cells (keys, and CELL_STRIDE numbers each), and the review years' row counts (see Tallier's yearRows). */
export interface WorkerCounts {
  /** the cells' keys (with the worker's unit ids), in the order of their numbers in `cells` */
  keys: Float64Array;
  /** CELL_STRIDE numbers a cell: FIELDS, then unused */
  cells: Int32Array;
  yearRows: Int32Array;
  yearStandardRows: Int32Array;
  yearSeen: Uint8Array;
}
/** The flow counters, in the order of TRANSITIONS: a transition with code k (1-based) counts at FIELDS[2 + k]. */
export const FLOW_FIELDS = ['escaped', 'rePoor', 'newPoor', 'escapedNearPoor', 'reNearPoor', 'newNearPoor'] as const;
/** where the flow counters start in a cell: flow k of FLOW_FIELDS counts at FLOW_AT + k */
const FLOW_AT = 3;

/** Figures of one unit, review year and group. Unknown figures are null, never 0. */
export interface Tally extends UnitFigures {
  unit: Unit;
  year: number;
  group: Group;
  standard: string | null;
  source: 'households' | 'summary';
  /**
   * with a crosswalk, in the years it applies: households attributed to the unit (mapped) and those
   * that may belong to it but could not be attributed (ambiguous), and their shares of the two together
   */
  crosswalk: { mapped: number; ambiguous: number; mappedShare: number; share: number } | null;
}

export const TALLY_NUMBERS = FIGURES;

// Group flags of a cell: ethnic minority (2 bits), area (2 bits), meritorious (1 bit).
export const EM_YES = 1, EM_NO = 2, URBAN = 4, RURAL = 8, MERIT = 16;
/** The groups a household with these flags counts in, per flags value: bit g for GROUPS[g]. */
const GROUP_BITS = Int32Array.from({ length: 32 }, (_, flags) => {
  const groups: Group[] = ['all'];
  if (flags & EM_YES) groups.push('ethnic_minority');
  if (flags & EM_NO) groups.push('non_ethnic_minority');
  if (flags & URBAN) groups.push('urban');
  if (flags & RURAL) groups.push('rural');
  if (flags & MERIT) groups.push('meritorious');
  return groups.reduce((bits, g) => bits | (1 << GROUPS.indexOf(g)), 0);
});

/** places in a cell index block: one per value of a cell's group flags */
const FLAG_PLACES = 32;
/** rows counted before they are added into their cells (see Tallier.pending), and numbers per row */
const PENDING_ROWS = 256, PENDING_STRIDE = 4;
/** numbers per cell in Tallier.cellData: FIELDS, rounded up to one cache line */
const CELL_STRIDE = 16;
/** a cell's key: unit id × 8192 + (review year − 1900) × 32 + group flags (finish.wat reads it so: unit << 13 | year << 5 | flags) */
const cellKey = (unitId: number, year: number, flags: number) => (unitId * 256 + (year - 1900)) * 32 + flags;
/** a cell key's parts (numbers, no object: read in code that runs once, not yet optimised) */
const cellUnit = (key: number) => Math.floor(key / (256 * 32));
const cellYear = (key: number) => (Math.floor(key / 32) % 256) + 1900;
const cellFlags = (key: number) => key % 32;

/** review years, as offsets from FIRST_REVIEW_YEAR */
const YEAR_SPAN = LAST_REVIEW_YEAR - FIRST_REVIEW_YEAR + 1;
/** per review year in Tallier.yearRows: rows, rows of a file with a transition column, rows with an id */
const ROWS = 0, TRANSITION_ROWS = 1, ID_ROWS = 2, YEAR_STRIDE = 3;

export { tallyKey, Tallies, type TallyKey };

/** A leaf unit's cells as one text, as they were written: the key of the leaves met. */
const leafText = (province: string, district: string, commune: string) => `${province}\u0001${district}\u0001${commune}`;

/** Cells kept apart from a tallier's own and summed with them at the end (a worker's, the flows'): keys as cellKey, CELL_STRIDE numbers a cell. */
interface CellPart {
  keys: Float64Array;
  counts: Int32Array;
  count: number;
}

/** A province name as the panel compares it: unit key without diacritics. */
export const provinceKey = (province: string) => stripDiacritics(unitKey(province));
/** One household in one review year, as the duplicate lookups name it. */
export const householdYearKey = (year: number | string, province: string, id: string) => `${year}|${provinceKey(province)}|${id}`;

export class Tallier {
  readonly tree = new UnitTree();
  private readonly leaves = new Map<string, Unit>();
  private readonly leavesByKey = new Map<number, number>();
  /** in a worker: leaf units' numbers, by their cells' texts */
  private readonly leafNumbers = new Map<string, number>();
  /** the counts of every cell one after the other, CELL_STRIDE numbers each (FIELDS, then spare): one array, no object per cell */
  // (whole numbers, 32 bits: a cell is one commune, review year and set of groups; 64 bytes a cell)
  private cellData = new Int32Array(CELL_STRIDE * 1024);
  /**
   * Rows counted per review year (YEAR_STRIDE numbers a year: ROWS, TRANSITION_ROWS, ID_ROWS), per
   * year and standard (the standard's index in `standards`), and the years any row came in (its
   * rows may all have been taken back out). A row adds one to its year, standard and kind
   * (transition column, id) in `kindRows`, added into the others when they are read (settleKinds):
   * one addition a row instead of four (~5 ns of ~30 for counting it).
   */
  private readonly yearRows = new Int32Array(YEAR_SPAN * YEAR_STRIDE);
  private readonly yearStandardRows: Int32Array;
  private readonly yearSeen = new Uint8Array(YEAR_SPAN);
  /** rows by ((year's offset × standards + standard) × 4 + kind), not yet in yearRows and yearStandardRows */
  private readonly kindRows: Int32Array;
  private readonly summaries: { record: SummaryRecord; unit: Unit }[] = [];
  readonly panel = new Panel();
  /** where the panel expects the next id of this thread's rows, of a worker's own part, and of the pieces of tail it took */
  private readonly ownCursor = newCursor();
  private readonly workerCursor = newCursor();
  private readonly stolenCursor = newCursor();
  /** unit id|year → households that may belong to the unit (crosswalk ambiguity) */
  private readonly ambiguous = new Map<string, number>();
  readonly findings: Finding[] = [];

  /**
   * `onLeaf`, in a worker: its leaf units are only numbered here, each handed to onLeaf when first
   * met, and named by the main thread (which maps the numbers to its units): no unit tree is built
   * twice (on a national file, 10,000 communes: ~30–50 ms and the collector's time after them).
   */
  constructor(readonly standards: readonly PovertyStandard[] = STANDARDS, private readonly onLeaf?: (id: number, province: string, district: string, commune: string) => void) {
    this.yearStandardRows = new Int32Array(YEAR_SPAN * standards.length);
    this.kindRows = new Int32Array(YEAR_SPAN * standards.length * 4);
    warmPanelCode();
    warmCellCode();
  }


  private leaf(province: string, district: string, commune: string): Unit {
    const raw = leafText(province, district, commune);
    let unit = this.leaves.get(raw);
    if (!unit) {
      unit = this.tree.unit(province, district, commune);
      this.leaves.set(raw, unit);
    }
    return unit;
  }

  /** A leaf unit's id: its unit's, or in a worker (onLeaf given) its number. */
  private leafId(province: string, district: string, commune: string): number {
    if (this.onLeaf === undefined) return this.leaf(province, district, commune).id;
    const raw = leafText(province, district, commune);
    let id = this.leafNumbers.get(raw);
    if (id === undefined) {
      id = this.leafNumbers.size;
      this.leafNumbers.set(raw, id);
      this.onLeaf(id, province, district, commune);
    }
    return id;
  }

  // A cell is found by direct index, no hash: its unit's id and its review year's slot give a block
  // of FLAG_PLACES places (one for each set of group flags), and the place where its counts start.
  // A national file names ~10,000 communes and has ~160,000 cells (10 MB): a row's cell is rarely in
  // the processor's caches, nor was a hashed cache of the cells (4 + 2 MB) nor a Map behind it. The
  // index is small (a unit's block is 128 bytes), and a batch of rows is looked up in a short loop
  // (addPending): the processor looks up several rows' cells at once.
  /** per review year − 1900: its slot + 1 in the index (0: none yet) */
  private readonly yearSlots = new Int32Array(256);
  private slotsUsed = 0;
  private slotsPerUnit = 2;
  /** per unit id × slotsPerUnit + year slot: its block's number + 1 (0: none yet) */
  private unitBlocks = new Int32Array(1024 * 2);
  /** per block, FLAG_PLACES numbers: where a cell's counts start in cellData + 1 (0: no cell yet) */
  private cellIndex = new Int32Array(FLAG_PLACES * 1024);
  private blocks = 0;
  /**
   * Cells summed with these at the end, each part keyed as these (a key may be in several parts and
   * here): a worker's cells, and the flows (CELL_STRIDE numbers a cell, as cellData).
   */
  private readonly moreCells: CellPart[] = [];
  /** the cells' keys, in the order they were made (their counts' order in cellData) */
  private cellKeys = new Float64Array(1024);
  private cellCount = 0;

  /** Where the counts of a cell start in cellData (a new cell when absent). */
  private cellOf(unitId: number, year: number, flags: number): number {
    let slot = this.yearSlots[year - 1900] - 1;
    if (slot < 0) slot = this.newYearSlot(year);
    const u = unitId * this.slotsPerUnit + slot;
    let block = u < this.unitBlocks.length ? this.unitBlocks[u] : 0;
    if (block === 0) block = this.newBlock(u);
    const place = (block - 1) * FLAG_PLACES + flags;
    const at = this.cellIndex[place];
    return at !== 0 ? at - 1 : this.newCell(place, unitId, year, flags);
  }

  private newYearSlot(year: number): number {
    const slot = this.slotsUsed++;
    this.yearSlots[year - 1900] = slot + 1;
    if (this.slotsUsed > this.slotsPerUnit) {
      // twice the slots a unit: the blocks found so far moved to their places in a new index
      const before = this.slotsPerUnit, old = this.unitBlocks;
      this.slotsPerUnit *= 2;
      this.unitBlocks = new Int32Array(Math.ceil(old.length / before) * this.slotsPerUnit);
      for (let u = 0; u < old.length; u++) this.unitBlocks[Math.floor(u / before) * this.slotsPerUnit + (u % before)] = old[u];
    }
    return slot;
  }

  private newBlock(u: number): number {
    this.unitBlocks = zeroGrown(this.unitBlocks, u + 1);
    const block = ++this.blocks;
    this.cellIndex = zeroGrown(this.cellIndex, block * FLAG_PLACES);
    this.unitBlocks[u] = block;
    return block;
  }

  private newCell(place: number, unitId: number, year: number, flags: number): number {
    const at = this.cellCount * CELL_STRIDE;
    this.cellData = grown(this.cellData, at + CELL_STRIDE);
    this.cellKeys = grown(this.cellKeys, this.cellCount + 1);
    this.cellKeys[this.cellCount++] = cellKey(unitId, year, flags);
    this.cellIndex[place] = at + 1;
    return at;
  }

  /** Count one classified household; a reject when its id already appeared in the same year. */
  addHousehold(record: HouseholdRecord, classified: Classified, columns: { transition: boolean }): Omit<Reject, 'file' | 'line'> | undefined {
    let unitId: number;
    if (record.unitKey === undefined) unitId = this.leafId(record.province, record.district, record.commune);
    else {
      let known = this.leavesByKey.get(record.unitKey);
      if (known === undefined) {
        known = this.leafId(record.province, record.district, record.commune);
        this.leavesByKey.set(record.unitKey, known);
      }
      unitId = known;
    }
    const flags =
      (record.ethnicMinority === true ? EM_YES : record.ethnicMinority === false ? EM_NO : 0) |
      (record.area === 'urban' ? URBAN : record.area === 'rural' ? RURAL : 0) |
      (record.meritorious ? MERIT : 0);
    const idRef = record.idRef;
    const status = STATUS_CODE[classified.status];
    let bits = record.transition ? TRANSITIONS.indexOf(record.transition) + 1 : 0;
    if (record.loanNeed !== null) bits |= LOAN_KNOWN_BIT | (record.loanNeed ? LOAN_NEED_BIT | (record.loanReceived ? LOAN_MET_BIT : 0) : 0);
    if (record.trainingNeed !== null) bits |= TRAINING_KNOWN_BIT | (record.trainingNeed ? TRAINING_NEED_BIT | (record.trainingReceived ? TRAINING_MET_BIT : 0) : 0);
    if (columns.transition) bits |= TRANSITION_COLUMN_BIT;
    const bytes = idRef ? idRef.buf : encoder.encode(record.householdId ?? '');
    const start = idRef ? idRef.start : 0;
    const end = idRef ? idRef.end : bytes.length;
    if (this.addCounted(unitId, record.year, flags, status, bits, this.standards.indexOf(classified.standard), bytes, start, end, record.line)) return undefined;
    const id = record.householdId ?? Buffer.from(bytes.subarray(start, end)).toString('utf8');
    return { column: 'household_id', value: id, code: 'duplicateHousehold', params: { id, year: record.year, province: this.provinceOf(unitId) } };
  }

  /**
   * The fast reader's household row, as numbers: unit, review year, group flags, status code, what
   * it adds (transition and support bits, TRANSITION_COLUMN_BIT), its standard's index and its id's
   * bytes (start = end: no id). False, with nothing counted, when the id is already there for the year.
   */
  addCounted(unitId: number, year: number, flags: number, status: number, bits: number, standardIndex: number, id: Uint8Array, start: number, end: number, line: number): boolean {
    if (end > start) {
      bits |= HAS_ID_BIT;
      const all = bits | (standardIndex << STANDARD_SHIFT);
      if (this.sink) this.sink(id, start, end, year, status, unitId, flags, line, all);
      else if (this.recordInPanel(id, start, end, year, status, unitId, flags, all)) return false;
    }
    this.count(unitId, year, flags, status, bits, standardIndex);
    return true;
  }

  /**
   * Rows counted but not yet added into their cells, PENDING_STRIDE numbers each (unit id, review
   * year, flags | status << 5 | standard index << 8, bits), added a batch at a time (addPending):
   * with ~160,000 cells (a national file's 10,000 communes), a row's cell is rarely in the
   * processor's caches; found between the reading of a row and the panel's lookup, the misses came
   * one after the other, row after row. In a short loop over a batch the processor looks up several
   * rows' cells at once (one thread, 1M rows, 10,000 communes: the cells' lookups and counts
   * ~250 → ~115 ms).
   */
  private readonly pending = new Int32Array(PENDING_ROWS * PENDING_STRIDE);
  private pendingRows = 0;
  private readonly pendingCells = new Int32Array(PENDING_ROWS);

  /** Count one household (added with its batch, see `pending`). */
  private count(unitId: number, year: number, flags: number, status: number, bits: number, standardIndex: number): void {
    const p = this.pendingRows * PENDING_STRIDE;
    const pending = this.pending;
    pending[p] = unitId;
    pending[p + 1] = year;
    pending[p + 2] = flags | (status << 5) | (standardIndex << 8);
    pending[p + 3] = bits;
    if (++this.pendingRows === PENDING_ROWS) this.addPending();
  }

  /** The pending rows added into their cells: their cells found first, then added into. */
  private addPending(): void {
    const rows = this.pendingRows;
    this.pendingRows = 0;
    const pending = this.pending;
    const cells = this.pendingCells;
    for (let r = 0, p = 0; r < rows; r++, p += PENDING_STRIDE) cells[r] = this.cellOf(pending[p], pending[p + 1], pending[p + 2] & 31);
    for (let r = 0, p = 0; r < rows; r++, p += PENDING_STRIDE) {
      const packed = pending[p + 2];
      this.addAt(cells[r], pending[p + 1], (packed >> 5) & 3, pending[p + 3], packed >> 8, 1);
    }
  }

  /** Take back one household's counts. */
  private takeBack(unitId: number, year: number, flags: number, status: number, bits: number, standardIndex: number): void {
    this.addAt(this.cellOf(unitId, year, flags), year, status, bits, standardIndex, -1);
  }

  /** Add (sign 1) or take back (sign −1) one household's counts, into the cell whose counts start at `at`. */
  private addAt(at: number, year: number, status: number, bits: number, standardIndex: number, sign: number): void {
    const y = year - FIRST_REVIEW_YEAR;
    this.yearSeen[y] = 1;
    this.kindRows[(y * this.standards.length + standardIndex) * 4 + ((bits >> KIND_AT) & 3)] += sign;
    const cell = this.cellData;
    // without a branch on the status or the support bits: in a file they change from row to row
    // unpredictably (a mispredicted branch costs more than adding 0). Need and met bits come only
    // with their known bit.
    cell[at + HOUSEHOLDS] += sign;
    cell[at + POOR] += sign * ((status >> 1) & status & 1);
    cell[at + NEAR_POOR] += sign * ((status >> 1) & ~status & 1);
    const transition = bits & 7;
    if (transition) cell[at + 2 + transition] += sign;
    cell[at + LOAN_KNOWN] += sign * ((bits >> LOAN_KNOWN_AT) & 1);
    cell[at + LOAN_NEED] += sign * ((bits >> LOAN_NEED_AT) & 1);
    cell[at + LOAN_MET] += sign * ((bits >> LOAN_MET_AT) & 1);
    cell[at + TRAINING_KNOWN] += sign * ((bits >> TRAINING_KNOWN_AT) & 1);
    cell[at + TRAINING_NEED] += sign * ((bits >> TRAINING_NEED_AT) & 1);
    cell[at + TRAINING_MET] += sign * ((bits >> TRAINING_MET_AT) & 1);
  }

  /** per leaf unit id: its province's number + 1 (0: not yet known); per province number: the panel key's prefix (the number, as a varint) */
  private unitProvinces = new Int32Array(1024);
  private readonly provincePrefixes: Uint8Array[] = [];
  /** province key (diacritics dropped) → its number */
  private readonly provinceNumbers = new Map<string, number>();

  /** About this many households are coming (see Panel.reserve). */
  reserveHouseholds(households: number): void {
    this.panel.reserve(households);
  }

  /** The province a leaf unit lies in, as written. */
  private provinceOf(unitId: number): string {
    // (up the parents, no list of them made: asked for each new unit of a national file's 10,000)
    for (let unit: Unit | null = this.tree.all[unitId]; unit; unit = unit.parent) if (unit.level === 'province') return unit.name;
    return '';
  }

  /**
   * Household ids are taken as unique within a province (codes may repeat across provinces): the
   * panel key is the province and the id. The province part of the key of a leaf unit's households.
   */
  private panelPrefix(unitId: number): Uint8Array {
    // (a province's prefix, shared by its units: one prefix a unit, made and kept for each of a
    // national file's 10,000 communes, was a load from anywhere in the heap for every row)
    const province = unitId < this.unitProvinces.length ? this.unitProvinces[unitId] : 0;
    return province > 0 ? this.provincePrefixes[province - 1] : this.newPanelPrefix(unitId);
  }

  private newPanelPrefix(unitId: number): Uint8Array {
    const key = provinceKey(this.provinceOf(unitId));
    let n = this.provinceNumbers.get(key);
    if (n === undefined) {
      n = this.provinceNumbers.size;
      this.provinceNumbers.set(key, n);
      const bytes: number[] = [];
      for (let k = n; ; k >>>= 7) {
        if (k < 0x80) {
          bytes.push(k);
          break;
        }
        bytes.push((k & 0x7f) | 0x80);
      }
      this.provincePrefixes.push(Uint8Array.from(bytes));
    }
    this.unitProvinces = grown(this.unitProvinces, unitId + 1);
    this.unitProvinces[unitId] = n + 1;
    return this.provincePrefixes[n];
  }

  /** Record a household-year of this thread; true when it is a duplicate. A worker's row it displaces waits for its line. */
  private recordInPanel(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, bits: number): boolean {
    const outcome = this.panel.recordOrdered(bytes, start, end, year, status, unitId, flags, OWN_ROW, bits, this.ownCursor, this.panelPrefix(unitId));
    if (outcome === 'duplicate') return true;
    if (outcome) this.displacedRow(outcome.displaced, year, bytes, start, end);
    return false;
  }

  /** A worker's row displaced by a row earlier in the file: its line is looked up in its part. */
  private displacedRow({ unit, flags, status, bits, rank }: { unit: number; flags: number; status: number; bits: number; rank: number }, year: number, bytes: Uint8Array, start: number, end: number): void {
    this.workerDuplicate({ line: null, part: WORKER_ROW - rank, unit, flags, status, bits }, year, bytes, start, end);
  }

  /** Note a worker's row that turned out a duplicate, with its id and province as the reject names them. */
  private workerDuplicate(row: { line: number | null; part: WorkerPart; unit: number; flags: number; status: number; bits: number }, year: number, bytes: Uint8Array, start: number, end: number): void {
    this.workerDuplicates.push({ ...row, year, id: Buffer.from(bytes.subarray(start, end)).toString('utf8'), province: this.provinceOf(row.unit) });
  }

  /** A worker's rows that turned out duplicates: their line in the numbering of their part, or null until looked up. */
  private readonly workerDuplicates: { line: number | null; part: WorkerPart; unit: number; flags: number; status: number; bits: number; year: number; id: string; province: string }[] = [];
  /** in a worker: where household-years go instead of the panel */
  sink: PanelSink | undefined;

  /**
   * A household row the worker read from a piece of the tail of this thread's part (the `piece`-th it
   * took; its line counted from the piece's start): in the file after every row of this thread,
   * before the rows of the pieces taken before it and of the worker's own part. Recorded as it
   * comes, while this thread still reads; the worker counted it: a duplicate is taken back out when
   * the worker is settled.
   */
  addStolenRow(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, line: number, bits: number, piece: number): void {
    const outcome = this.panel.recordOrdered(bytes, start, end, year, status, unitId, flags, tailRow(piece), bits, this.stolenCursor, this.panelPrefix(unitId));
    if (outcome === 'duplicate') this.workerDuplicate({ line, part: piece, unit: unitId, flags, status, bits }, year, bytes, start, end);
    else if (outcome) this.displacedRow(outcome.displaced, year, bytes, start, end);
  }

  /** A worker's household row (its own line numbering), in the worker's file order. */
  addWorkerRow(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, line: number, bits: number): void {
    if (this.panel.recordOrdered(bytes, start, end, year, status, unitId, flags, WORKER_ROW, bits, this.workerCursor, this.panelPrefix(unitId)) === 'duplicate') {
      this.workerDuplicate({ line, part: 0, unit: unitId, flags, status, bits }, year, bytes, start, end);
    }
  }

  /** The worker's rows displaced by earlier rows, whose lines must be looked up in their part. */
  displacedWorkerRows(): { id: string; year: number; province: string; part: WorkerPart }[] {
    return this.workerDuplicates.filter((d) => d.line === null).map(({ id, year, province, part }) => ({ id, year, province, part }));
  }

  /** A worker's leaf unit, named by its texts: the unit of this tallier. */
  unitFor(province: string, district: string, commune: string): number {
    return this.leafId(province, district, commune);
  }

  /** Counts a worker tallied (unit ids already mapped to this tallier's). */
  importCounts(state: WorkerCounts, unitMap: Int32Array): void {
    // (this runs once, in code not yet optimised: what the loops read is in local names, not looked
    // up each time; and the short parts come first: V8 compiles the cells' loop while it runs, and
    // code after it, not yet run, had no feedback and threw the compiled loop away when reached)
    for (let i = 0; i < this.yearRows.length; i++) this.yearRows[i] += state.yearRows[i];
    for (let i = 0; i < this.yearStandardRows.length; i++) this.yearStandardRows[i] += state.yearStandardRows[i];
    for (let i = 0; i < YEAR_SPAN; i++) this.yearSeen[i] |= state.yearSeen[i];
    // its cells are kept as they are, their keys in this tallier's unit ids, and summed with these at
    // the end (finish): not added into these here, after both threads are done (a national file:
    // ~70,000 worker cells, ~40,000 of them new here, ~40 ms)
    const { keys, cells } = state;
    for (let c = 0; c < keys.length; c++) {
      const key = keys[c];
      keys[c] = cellKey(unitMap[cellUnit(key)], cellYear(key), cellFlags(key));
    }
    this.moreCells.push({ keys, counts: cells, count: keys.length });
  }

  /**
   * After a worker's counts are in: its rows that were duplicates are taken back out, their lines
   * become lines of the file (a part's lines + the lines before it: `offsets`, by WorkerPart; a
   * displaced row's line from `displacedLines` of its part, by householdYearKey), and the rejects are
   * returned for the caller to report.
   */
  settleWorker(offsets: number[], displacedLines: Map<string, number>[]): Omit<Reject, 'file'>[] {
    const rejects: Omit<Reject, 'file'>[] = [];
    for (const d of this.workerDuplicates) {
      this.takeBack(d.unit, d.year, d.flags, d.status, d.bits, (d.bits >> STANDARD_SHIFT) & 3);
      const line = (d.line ?? displacedLines[d.part].get(householdYearKey(d.year, d.province, d.id)) ?? 0) + offsets[d.part];
      rejects.push({ line, column: 'household_id', value: d.id, code: 'duplicateHousehold', params: { id: d.id, year: d.year, province: d.province } });
    }
    this.workerDuplicates.length = 0;
    this.panel.settleWorker();
    return rejects.sort((a, b) => a.line - b.line);
  }

  /** The pending rows into their cells, and the rows counted by year, standard and kind into the year counts: before they are read (exportCounts, finish). */
  private settleKinds(): void {
    this.addPending();
    const n = this.standards.length, kindRows = this.kindRows;
    for (let at = 0; at < kindRows.length; at++) {
      const rows = kindRows[at];
      if (rows === 0) continue;
      const kind = at & 3, standardIndex = (at >> 2) % n, y = Math.floor((at >> 2) / n);
      const r = y * YEAR_STRIDE;
      this.yearRows[r + ROWS] += rows;
      if (kind & 1) this.yearRows[r + TRANSITION_ROWS] += rows;
      if (kind & 2) this.yearRows[r + ID_ROWS] += rows;
      this.yearStandardRows[y * n + standardIndex] += rows;
      kindRows[at] = 0;
    }
  }

  /** What a worker tallied, to send to the main thread. */
  exportCounts(): WorkerCounts {
    this.settleKinds();
    // a cell's numbers are at CELL_STRIDE × the order it was made in (newCell)
    return { keys: this.cellKeys.slice(0, this.cellCount), cells: this.cellData.slice(0, this.cellCount * CELL_STRIDE), yearRows: this.yearRows, yearStandardRows: this.yearStandardRows, yearSeen: this.yearSeen };
  }

  /** Households of `year` that may belong to each of the units `paths` name but cannot be attributed to one. */
  addAmbiguous(year: number, paths: [string, string, string][], households: number): void {
    const units = new Set(paths.map(([province, district, commune]) => this.leaf(province, district, commune)));
    for (const unit of units) {
      const k = `${unit.id}|${year}`;
      this.ambiguous.set(k, (this.ambiguous.get(k) ?? 0) + households);
    }
  }

  addSummary(record: SummaryRecord): void {
    const unit = this.leaf(record.province, record.district, record.commune);
    this.summaries.push({ record, unit });
  }

  /** The standard households of a review year were classified under (the most used one). */
  private yearStandard(year: number): string | null {
    const y = year - FIRST_REVIEW_YEAR;
    if (!this.yearSeen[y]) return null;
    // (on a tie, the standard listed first)
    const n = this.standards.length;
    let best = 0;
    for (let k = 1; k < n; k++) if (this.yearStandardRows[y * n + k] > this.yearStandardRows[y * n + best]) best = k;
    return this.standards[best].id;
  }

  /** Review years any row came in, in order. */
  private presentYears(): number[] {
    const years: number[] = [];
    for (let y = 0; y < YEAR_SPAN; y++) if (this.yearSeen[y]) years.push(FIRST_REVIEW_YEAR + y);
    return years;
  }

  /** Rows of a review year: `which` of ROWS, TRANSITION_ROWS, ID_ROWS. */
  private rowsOf(year: number, which: number): number {
    return this.yearRows[(year - FIRST_REVIEW_YEAR) * YEAR_STRIDE + which];
  }

  /** How the flows of a review year are known: from a transition column, a panel, or not at all. */
  private flowSource(year: number): 'transition' | 'panel' | null {
    if (!this.yearSeen[year - FIRST_REVIEW_YEAR]) return null;
    const rows = this.rowsOf(year, ROWS);
    if (this.rowsOf(year, TRANSITION_ROWS) === rows) return 'transition';
    const previous = year > FIRST_REVIEW_YEAR && this.yearSeen[year - 1 - FIRST_REVIEW_YEAR] === 1;
    if (previous && this.rowsOf(year, ID_ROWS) === rows && this.rowsOf(year - 1, ID_ROWS) === this.rowsOf(year - 1, ROWS) && this.yearStandard(year - 1) === this.yearStandard(year)) return 'panel';
    return null;
  }

  /** All figures, household-derived and from summaries, merged by unit, year and group. */
  finish(): Tallies {
    this.settleKinds();
    const years = this.presentYears();
    const standardOf = new Map(years.map((y) => [y, this.yearStandard(y)]));
    const flowsOf = new Map(years.map((y) => [y, this.flowSource(y)]));
    const panelYears = years.filter((y) => flowsOf.get(y) === 'panel');
    if (panelYears.length) {
      const periodOf = (y: number) => standardOf.get(y) ?? this.yearStandard(y);
      // (cells of their own, summed with the others: not looked up in them)
      this.panel.flows(panelYears, periodOf, (year, entries, flows) => this.moreCells.push(flowCells(year, entries, flows)));
    }
    const resolved = this.tree.resolve();
    const blank = blankTally;
    // The cells summed by the unit they count in, review year and group, then each sum into the
    // larger units', in finish.wat: a sum's key is unit id × perUnit + the year's place × groupCount
    // + the group's place. Sums are made in the order they are first met
    // (cells in the order they came, each unit before the larger ones): the tallies' order.
    // (every number of a cell, the spare after FIELDS too, always 0: finish.wat adds four at a time)
    const n = CELL_STRIDE;
    const groupCount = GROUPS.length;
    const perUnit = years.length * groupCount;
    const units = this.tree.all;
    const parent = new Int32Array(units.length);
    const depth = new Int32Array(units.length);
    for (let id = 0; id < units.length; id++) {
      const unit = units[id];
      parent[id] = unit.parent ? unit.parent.id : -1;
      depth[id] = LEVEL_DEPTH[unit.level];
    }
    const resolvedId = new Int32Array(units.length);
    resolved.forEach((unit, id) => (resolvedId[id] = unit.id));
    // where a review year's sums start in a unit's, by year − 1900 (as a cell key has it)
    const yearBase = new Int32Array(256);
    years.forEach((year, i) => (yearBase[year - 1900] = i * groupCount));
    // this thread's cells, then a worker's and the flows; each cell's sums found from its key in
    // finish.wat (the loop over a national file's 160,000 cells ran here, mostly before V8 had
    // compiled it: ~10 ms)
    const parts: CellPart[] = [{ keys: this.cellKeys, counts: this.cellData, count: this.cellCount }, ...this.moreCells];
    const count = parts.reduce((sum, part) => sum + part.count, 0);
    const sums = sumCells({ parts, count, stride: CELL_STRIDE, n, resolved: resolvedId, yearBase, groupBits: GROUP_BITS, parent, depth, perUnit });
    // (made into tallies when read: see Tallies)
    const make = (data: Int32Array, at: number, unit: Unit, year: number, group: Group): Tally => {
      const t = blank(unit, year, group, standardOf.get(year)!, 'households');
      t.households = data[at + HOUSEHOLDS];
      t.poor = data[at + POOR];
      t.nearPoor = data[at + NEAR_POOR];
      if (flowsOf.get(year)) {
        t.escaped = data[at + FLOW_AT];
        t.rePoor = data[at + FLOW_AT + 1];
        t.newPoor = data[at + FLOW_AT + 2];
        t.escapedNearPoor = data[at + FLOW_AT + 3];
        t.reNearPoor = data[at + FLOW_AT + 4];
        t.newNearPoor = data[at + FLOW_AT + 5];
      }
      if (data[at + LOAN_KNOWN] > 0) {
        t.loanNeed = data[at + LOAN_NEED];
        t.loanMet = data[at + LOAN_MET];
      }
      if (data[at + TRAINING_KNOWN] > 0) {
        t.trainingNeed = data[at + TRAINING_NEED];
        t.trainingMet = data[at + TRAINING_MET];
      }
      return withRates(t);
    };
    const tallies = new Tallies({ ...sums, units, years, perUnit, make, n, households: HOUSEHOLDS });
    this.mergeSummaries(tallies, resolved, blank);
    this.markAmbiguous(tallies, resolved, blank);
    return tallies;
  }

  /**
   * A household that may belong to several old units counts as ambiguous for each of them: the
   * share is ambiguous ÷ (attributed + ambiguous) households of the unit and year.
   */
  private markAmbiguous(tallies: Tallies, resolved: Unit[], blank: (u: Unit, y: number, g: Group, s: string | null, src: Tally['source']) => Tally): void {
    const byUnit = new Map<string, { unit: Unit; year: number; count: number }>();
    for (const [k, count] of this.ambiguous) {
      const [id, year] = k.split('|').map(Number);
      const unit = resolved[id];
      const entry = byUnit.get(`${unit.id}|${year}`) ?? { unit, year, count: 0 };
      entry.count += count;
      byUnit.set(`${unit.id}|${year}`, entry);
    }
    if (byUnit.size === 0) return;
    const attributedYears = new Set([...byUnit.values()].map((e) => e.year));
    for (const t of tallies.values()) if (attributedYears.has(t.year) && t.group === 'all') t.crosswalk = { mapped: t.households ?? 0, ambiguous: 0, mappedShare: 1, share: 0 };
    for (const { unit, year, count } of byUnit.values()) {
      const key = tallyKey(unit.id, year, 'all');
      let t = tallies.get(key);
      if (!t) {
        t = blank(unit, year, 'all', this.yearStandard(year), 'households');
        t.households = 0;
        tallies.set(key, t);
      }
      const attributed = t.households ?? 0;
      const share = count / (attributed + count);
      const crosswalk = { mapped: attributed, ambiguous: count, mappedShare: 1 - share, share };
      // the groups of the unit are as uncertain as the whole
      for (const group of GROUPS) {
        const g = tallies.get(tallyKey(unit.id, year, group));
        if (g) g.crosswalk = crosswalk;
      }
    }
  }

  private mergeSummaries(tallies: Tallies, resolved: Unit[], blank: (u: Unit, y: number, g: Group, s: string | null, src: Tally['source']) => Tally): void {
    const own = new Set<TallyKey>();
    const flagged = new Map<string, { unit: Unit; year: number; count: number }>();
    for (const { record, unit: raw } of this.summaries) {
      const unit = resolved[raw.id];
      const key = tallyKey(unit.id, record.year, record.group);
      const standard = record.standard ?? standardForReviewYear(record.year, this.standards)?.id ?? null;
      const existing = tallies.get(key);
      const given = figuresOf(record);
      // a commune's flag is counted into the larger units below, not kept as its own figure
      if (unit.level === 'commune') given.extremelyDifficult = null;
      // Rates checked against counts on the same row.
      for (const [rate, count] of [['poorRate', 'poor'], ['nearPoorRate', 'nearPoor']] as const) {
        const stated = given[rate];
        const n = given[count];
        if (stated != null && n != null && record.households) {
          const computed = (n / record.households) * 100;
          if (Math.abs(computed - stated) > 0.005 + 1e-9) {
            this.findings.push({ file: record.file, line: record.line, column: rate === 'poorRate' ? 'poor_rate' : 'near_poor_rate', code: 'rateDisagrees', params: { column: rate === 'poorRate' ? 'poor_rate' : 'near_poor_rate', stated, computed: round2(computed) } });
          }
        }
      }
      if (unit.level === 'commune' && record.extremelyDifficult !== null && record.group === 'all') {
        for (const ancestor of UnitTree.ancestors(unit)) {
          const k = `${ancestor.id}|${record.year}`;
          const entry = flagged.get(k) ?? { unit: ancestor, year: record.year, count: 0 };
          entry.count += record.extremelyDifficult;
          flagged.set(k, entry);
        }
      }
      const target = existing ?? blank(unit, record.year, record.group, standard, 'summary');
      if (!existing) tallies.set(key, target);
      own.add(key);
      for (const field of FIGURES) {
        const value = given[field];
        if (value === null) continue;
        const current = target[field];
        if (current === null) {
          target[field] = value;
        } else if (Math.abs(current - value) > 1e-9 && !(field.endsWith('Rate') && target.source === 'households' && Math.abs(current - value) <= 0.005)) {
          this.findings.push({ file: record.file, line: record.line, code: 'tallyDisagrees', params: { unit: unit.path.join(' / ') || unit.name, year: record.year, group: record.group, field, household: round2(current), summary: value } });
        }
      }
      if (!existing && target.poor !== null && target.households) target.poorRate = (target.poor / target.households) * 100;
      if (!existing && target.nearPoor !== null && target.households) target.nearPoorRate = (target.nearPoor / target.households) * 100;
    }
    // Extremely difficult communes of a larger unit: its own count when given, else its flagged communes.
    for (const { unit, year, count } of flagged.values()) {
      if (unit.level === 'commune') {
        const t = tallies.get(tallyKey(unit.id, year, 'all'));
        if (t) t.extremelyDifficult = count;
        continue;
      }
      const key = tallyKey(unit.id, year, 'all');
      let t = tallies.get(key);
      if (!t) {
        t = blank(unit, year, 'all', standardForReviewYear(year, this.standards)?.id ?? null, 'summary');
        tallies.set(key, t);
      }
      if (t.extremelyDifficult === null) t.extremelyDifficult = count;
    }
  }
}

let cellsWarmed = false;
const NO_ID = new Uint8Array(0);

/**
 * Runs the counting of rows into their cells on a tallier of its own, once in a thread, before the
 * first real row (as warmPanelCode does the panel's lookup). V8 compiles hot code from what it has
 * seen it do, and keeps what it sees only from a function's first few calls on: the first row of a
 * file's second review year took a path of the cells' lookup taken before only by the file's first
 * row, before V8 kept anything, and the compiled lookup was thrown away (--trace-deopt: insufficient
 * type feedback; then wrong call target), every run of a file of two years, in each thread.
 */
export function warmCellCode(): void {
  if (cellsWarmed) return;
  cellsWarmed = true;
  warmCells(new Tallier());
}

/**
 * What warmCellCode does with one tallier: rows of 40 units in three review years, one year after
 * another (a new year's slot, then twice the slots a unit), 400 a year in batches of PENDING_ROWS,
 * without ids. Returns its counts (for the tests).
 */
export function warmCells(tallier: Tallier): WorkerCounts {
  // (the cells' arrays and their index grow in the lookup's compiled code, each kind in turn: the
  // feedback of grown and zeroGrown first, from enough calls of each kind that V8 keeps it)
  for (let k = 0; k < 16; k++) {
    grown(new Int32Array(1), 2);
    grown(new Float64Array(1), 2);
    zeroGrown(new Int32Array(1), 2);
  }
  for (let year = 2000; year < 2003; year++) {
    for (let r = 0; r < 400; r++) tallier.addCounted(r % 40, year, r & 31, 1 + (r % 3), 0, 0, NO_ID, 0, 0, r);
  }
  return tallier.exportCounts();
}

/** A year's flows (see Panel.flows) as cells: for each entry (unit × 32 + group flags), its key and its counts at FLOW_AT. */
function flowCells(year: number, entries: Int32Array, flows: Int32Array): CellPart {
  const count = entries.length;
  const keys = new Float64Array(count);
  const counts = new Int32Array(count * CELL_STRIDE);
  const n = FLOW_FIELDS.length;
  for (let c = 0; c < count; c++) {
    const entry = entries[c];
    keys[c] = cellKey(Math.floor(entry / 32), year, entry % 32);
    for (let f = 0, from = entry * n, to = c * CELL_STRIDE + FLOW_AT; f < n; f++) counts[to + f] = flows[from + f];
  }
  return { keys, counts, count };
}

/** A tally with every figure unknown: one object literal, so that every tally has the same shape. */
function blankTally(unit: Unit, year: number, group: Group, standard: string | null, source: Tally['source']): Tally {
  return {
    unit, year, group, standard,
    households: null, poor: null, nearPoor: null, poorRate: null, nearPoorRate: null,
    escaped: null, rePoor: null, newPoor: null, escapedNearPoor: null, reNearPoor: null, newNearPoor: null,
    loanNeed: null, loanMet: null, trainingNeed: null, trainingMet: null, extremelyDifficult: null,
    source, crosswalk: null,
  };
}

function figuresOf(record: UnitFigures): UnitFigures {
  return Object.fromEntries(FIGURES.map((f) => [f, record[f]])) as UnitFigures;
}

function withRates(t: Tally): Tally {
  if (t.households) {
    if (t.poor !== null) t.poorRate = (t.poor / t.households) * 100;
    if (t.nearPoor !== null) t.nearPoorRate = (t.nearPoor / t.households) * 100;
  }
  return t;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
