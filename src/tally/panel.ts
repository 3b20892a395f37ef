// The panel of household ids across review years: the only per-household state povcheck keeps.
// Ids are kept as UTF-8 bytes one after the other in an arena of 1 MiB blocks, found through an
// open-addressing hash table of slots: no string and no Map entry per household. Everything per
// household lives in blocks of 65,536 slots, so growing never copies (and never holds two copies
// at once): per household the id's bytes and a length byte, a quarter byte of mark (every 16th
// slot's arena position) and about 5 bytes of table;
// per household and review year 1 byte (status, group flags, and whether a worker thread read the
// row), a 2-byte unit id (4 past 65,535 units) and 2 bytes of what the row added (to take a
// duplicate back out). Lines are not kept: the rare duplicate is looked up again in the file. `node --expose-gc scripts/measure-panel.mjs` measures it.
import type { Status } from '../standards/types.js';
import { flowLoop } from './finish-loops.js';
import { written } from '../grown.js';

export const STATUS_CODE: Record<Status, number> = { non_poor: 1, near_poor: 2, poor: 3 };
const ABSENT = 0;

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;
const ARENA_BITS = 20;
const ARENA_BLOCK = 1 << ARENA_BITS;
const MAX_ID_BYTES = 0xffff;
const MARK_BITS = 4;
const TAG_SHIFT = 26;
const SLOT_MASK = (1 << TAG_SHIFT) - 1;
/** slots the table can name (67 million households) */
export const PANEL_CAPACITY = SLOT_MASK - 1;
const MARK = 1 << MARK_BITS;
/** steps in the table per new id past which the lines are crowded, and the sum of the steps past it at which the table is made again by province */
const PROBES_CROWDED = 32;
const CROWDED = 4096 * PROBES_CROWDED;

/** in the state byte: the row was read by a worker (of a piece of tail or of its own part) */
const FROM_WORKER = 0x80;
/**
 * Where a row comes from, in the order of the file (recordOrdered): this thread's part (OWN_ROW),
 * the pieces of its tail that a worker done first took (the k-th piece it took: tailRow(k), each
 * before the one taken before it), the worker's own part (WORKER_ROW, after this thread's part).
 */
export const OWN_ROW = 0, WORKER_ROW = 8;
/** the pieces of tail a worker may take (tailRow(1) … tailRow(MAX_TAILS)) */
export const MAX_TAILS = WORKER_ROW - 1;
export const tailRow = (piece: number) => WORKER_ROW - piece;
/** in the bits column, with FROM_WORKER: the piece of tail the row came from (0: the worker's own part); the bits callers give are below it */
const PIECE_SHIFT = 13;

interface YearColumns {
  /** status (2 bits) | group flags << 2 (5 bits) | FROM_WORKER */
  state: Uint8Array[];
  /** 2 bytes while unit ids fit, 4 after */
  unit: (Uint16Array | Int32Array)[];
  /** what the row added (Tallier bits), to take a duplicate back out */
  bits: Uint16Array[];
}

const encoder = new TextEncoder();

/**
 * An empty list of blocks that holds objects from the start: a literal [] holds small integers
 * until its first push, so the first push (a warm-up's, at slot 0) and the later ones (a new block
 * every 65,536 ids) saw lists of two kinds, and the later one threw insert's compiled code away
 * (--trace-deopt: wrong map).
 */
function blockList<T extends object>(): T[] {
  const list: (T | null)[] = [null];
  list.length = 0;
  return list as T[];
}
const TAG_MASK = ~SLOT_MASK;

/**
 * The hash of a key (prefix + bytes[start, end)) for the table: where it is first looked for and its
 * tag. A key is the household's province, as a varint (its number: every byte but the last has the
 * top bit set), then its id. Exports number households one after another, so the table keeps ids
 * that differ only in their last two bytes near each other: they are first looked for in one region
 * of 32 lines of 64 bytes (2 KiB, within one 4 KiB page; bits 9 and up hash the id but its last two
 * bytes, and not the province, so that a file whose rows come from several provinces in turn keeps
 * them together), the second-to-last byte picks a pair of lines in it (one after another for
 * successive bytes: a run of a hundred new ids walks ten pairs in order), and the last byte's lowest
 * bit the line of the pair (bit 4; five ids of ten in each). The place in the line (bits 0–3)
 * counts on from the last byte, so ids of a run take places of their own; the tag (the top 6 bits)
 * hashes every byte. On a large panel, a new id's page cost more than its line: with ten ids to a
 * pair of lines anywhere in the table (as before), inserting 5 million ids took ~180 ns an id, with
 * a hundred to a region ~145 (an in-process replay of a 10M-row file's own ids). With
 * `provinceInLine` the province goes into the region too (see Panel: when provinces share their ids,
 * the regions of the ids would be crowded). The leading varint is found the same way whether the key
 * comes in two parts or whole, so both hash alike.
 */
export function keyHash(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number, provinceInLine = false): number {
  // the province: the prefix, or the key's leading varint when it comes whole
  let p = 0x811c9dc5;
  let at = start;
  if (prefix.length > 0) {
    for (let k = 0; k < prefix.length; k++) p = Math.imul(p ^ prefix[k], 0x01000193);
  } else {
    for (; at < end; at++) {
      p = Math.imul(p ^ bytes[at], 0x01000193);
      if (bytes[at] < 0x80) {
        at++;
        break;
      }
    }
  }
  // the id but its last two bytes, and those two (0x100 when the id is shorter)
  let h = 0x811c9dc5;
  for (let k = at; k < end - 2; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
  const second = end - at >= 2 ? bytes[end - 2] : 0x100;
  const last = end > at ? bytes[end - 1] : 0x100;
  const region = provinceInLine ? Math.imul(h ^ p, 0x01000193) : h;
  const pair = (second + (h >>> 20)) & 15;
  // the place in the line: the last byte on from a place of the province and the rest of the id, so that ten ids numbered one after another take ten places
  const group = Math.imul(Math.imul(h, 0x2c1b3c6d) ^ p, 0x01000193);
  const place = (last + (group ^ (group >>> 15)) + second * 7) & 15;
  const all = Math.imul(Math.imul(Math.imul(h ^ second, 0x01000193) ^ last, 0x01000193) ^ p, 0x01000193);
  const mixed = Math.imul(all ^ (all >>> 15), 0x2c1b3c6d);
  return ((region ^ (region >>> 16)) << 9) ^ (pair << 5) ^ ((last & 1) << 4) ^ place ^ ((mixed << 6) & TAG_MASK);
}
const NO_PREFIX = new Uint8Array(0);
/** entries of a new panel's table */
const TABLE_START = 1 << 12;

/**
 * The probe sequence of a key in the table: the entries of its line one after the other (wrapping
 * round in the line), then the same in another line, `lineStep` lines on (an odd number of lines,
 * from the tag bits: every line is reached). Not the next line: the ids of a run share a line, and a
 * crowded line spilling into its neighbours made runs of full lines that every later id crawled through.
 */
const lineStep = (h: number) => (((Math.imul(h >>> TAG_SHIFT, 0x9e3779b1) >>> 12) | 1) << 4);
const nextProbe = (i: number, probes: number, step: number, mask: number) => (((i & ~15) | ((i + 1) & 15)) + ((probes & 15) === 0 ? step : 0)) & mask;

/** Where a stream of rows expects its next id: a slot and the arena position of its entry. */
export interface PanelCursor {
  slot: number;
  block: number;
  offset: number;
}

/** A cursor that expects nothing yet: past every slot (and a small integer, as every later slot, so that the code reading it stays specialised to those). */
export const newCursor = (): PanelCursor => ({ slot: SLOT_MASK, block: 0, offset: 0 });

export class Panel {
  /** ids one after the other in slot order, each behind its length (1 byte; 255 then 2 bytes when longer); 0 jumps to the next block */
  private readonly arena: Buffer[];
  private arenaUsed = 0;
  /** the arena position (block << 20 | offset) of every MARK-th slot: a slot's id is a short walk from its mark */
  private readonly marks: Int32Array[] = blockList();
  /** tag << 26 | slot + 1 at each occupied position (0 empty): the tag, 6 bits of the id's hash, spares most id compares */
  private table = new Int32Array(TABLE_START);
  private count = 0;
  /** blocks of slots so far */
  private blocks = 0;
  private readonly years = new Map<number, YearColumns>();
  private wideUnits = false;
  /** the largest unit id recorded (flows count per unit) */
  private maxUnit = 0;
  private lastYear = NaN;
  private lastColumns: YearColumns | undefined;
  /**
   * The province goes into a key's region of the table too (keyHash). Off at first: households of
   * several provinces, numbered one after another, then share regions and lines. Turned on (the
   * table made again) when new ids take more than PROBES_CROWDED steps on average over a run of them
   * (their steps past PROBES_CROWDED, summed while the sum stays above 0, pass CROWDED): provinces
   * that number their households alike put the same ids of every province in one line, and probing crawls.
   */
  private provinceInLine = false;
  private crowding = 0;

  /** `arenaBlockBytes`: bytes of ids a block of the arena holds (1 MiB, at most; smaller for warmPanelCode; a longer id gets a block of its own size) */
  constructor(private readonly arenaBlockBytes = ARENA_BLOCK) {
    this.arena = [Buffer.alloc(arenaBlockBytes)];
    this.foundBlock = this.arena[0];
  }

  /** the keys' regions of the table include the province (see provinceInLine) */
  get linesByProvince(): boolean {
    return this.provinceInLine;
  }

  get size(): number {
    return this.count;
  }

  // the id entry read last: set by entry()
  private foundBlockIndex = 0;
  private foundBlock: Buffer;
  private foundStart = 0;
  private foundEnd = 0;

  /** Read the id entry at (block, offset), a 0 there meaning the next block: sets found*. */
  private entry(blockIndex: number, offset: number): void {
    let block = this.arena[blockIndex];
    let length = block[offset];
    if (length === 0) {
      block = this.arena[++blockIndex];
      offset = 0;
      length = block[0];
    }
    let header = 1;
    if (length === 255) {
      length = block[offset + 1] | (block[offset + 2] << 8);
      header = 3;
    }
    this.foundBlockIndex = blockIndex;
    this.foundBlock = block;
    this.foundStart = offset + header;
    this.foundEnd = offset + header + length;
  }

  /** Walk from the slot's mark to its id entry. */
  private locate(slot: number): void {
    const markIndex = slot >>> MARK_BITS;
    const at = this.marks[markIndex >>> (BLOCK_BITS - MARK_BITS)][markIndex & (BLOCK / MARK - 1)];
    this.entry(at >>> ARENA_BITS, at & (ARENA_BLOCK - 1));
    for (let k = slot & (MARK - 1); k > 0; k--) this.entry(this.foundBlockIndex, this.foundEnd);
  }

  /** The id entry found last (entry() or locate()) is prefix + bytes[start, end). */
  private isFound(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
    const pl = prefix.length;
    if (this.foundEnd - this.foundStart !== pl + end - start) return false;
    const block = this.foundBlock;
    let k = this.foundStart;
    for (let i = 0; i < pl; i++, k++) if (block[k] !== prefix[i]) return false;
    for (let i = start; i < end; i++, k++) if (block[k] !== bytes[i]) return false;
    return true;
  }

  /**
   * Room for about `households` ids before the table grows: growing rehashes every id (for a
   * million ids, ~0.1 s over the doublings), so a reader that can tell the size ahead says so.
   */
  reserve(households: number): void {
    let length = this.table.length;
    while (households * 4 > length * 3 && length < 1 << 26) length *= 2;
    if (length > this.table.length) this.rehash(length);
  }

  /** A larger table (twice by default), the ids read in slot order straight through the arena. */
  private rehash(length = this.table.length * 2): void {
    const table = written(new Int32Array(length));
    const mask = table.length - 1;
    let blockIndex = 0;
    let offset = 0;
    for (let slot = 0; slot < this.count; slot++) {
      this.entry(blockIndex, offset);
      const h = keyHash(NO_PREFIX, this.foundBlock, this.foundStart, this.foundEnd, this.provinceInLine);
      const step = lineStep(h);
      let i = h & mask;
      for (let probes = 1; table[i] !== 0; probes++) i = nextProbe(i, probes, step, mask);
      table[i] = ((h >>> TAG_SHIFT) << TAG_SHIFT) + slot + 1;
      blockIndex = this.foundBlockIndex;
      offset = this.foundEnd;
    }
    this.table = table;
  }

  private newBlock(columns: YearColumns): void {
    // (a row's state is read before it is set: see written, grown.ts)
    columns.state.push(written(new Uint8Array(BLOCK)));
    columns.unit.push(this.wideUnits ? new Int32Array(BLOCK) : new Uint16Array(BLOCK));
    columns.bits.push(new Uint16Array(BLOCK));
  }

  /**
   * The slot of an id given as prefix + bytes[start, end) (the parts are not copied together), added when new. With a cursor, the slot after the
   * one this stream of rows found last is tried first: exports list households in the same order
   * every year, so a later year's ids are mostly found without the table.
   */
  slot(bytes: Uint8Array, start: number, end: number, cursor?: PanelCursor, prefix: Uint8Array = NO_PREFIX): number {
    if (cursor !== undefined && cursor.slot < this.count) {
      this.entry(cursor.block, cursor.offset);
      if (this.isFound(prefix, bytes, start, end)) return this.advance(cursor, cursor.slot);
    }
    const mask = this.table.length - 1;
    const h = keyHash(prefix, bytes, start, end, this.provinceInLine);
    const tag = (h >>> TAG_SHIFT) << TAG_SHIFT;
    const step = lineStep(h);
    let i = h & mask;
    let probes = 0;
    for (let entry = this.table[i]; entry !== 0; entry = this.table[i]) {
      if (((entry >>> TAG_SHIFT) << TAG_SHIFT) === tag && (this.locate((entry & SLOT_MASK) - 1), this.isFound(prefix, bytes, start, end))) {
        const slot = (entry & SLOT_MASK) - 1;
        return cursor === undefined ? slot : this.advance(cursor, slot);
      }
      i = nextProbe(i, ++probes, step, mask);
    }
    return this.insert(bytes, start, end, prefix, tag, i, probes, cursor);
  }

  /**
   * A new id into the free table entry `i` (found after `probes` steps). Apart from the lookup: V8
   * compiles a function again each time a path of it is first taken after it was compiled, and the
   * paths here first taken late (a new block of slots every 65,536 ids, a new arena block every
   * MiB) then make only this one be compiled again, not the lookup.
   */
  private insert(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array, tag: number, i: number, probes: number, cursor: PanelCursor | undefined): number {
    if (this.count >= PANEL_CAPACITY) throw new RangeError(`more than ${PANEL_CAPACITY} household ids`);
    const slot = this.count++;
    if ((slot & IN_BLOCK) === 0) {
      this.marks.push(new Int32Array(BLOCK / MARK));
      this.blocks++;
      for (const columns of this.years.values()) this.newBlock(columns);
    }
    const length = Math.min(prefix.length + end - start, MAX_ID_BYTES);
    const header = length < 255 ? 1 : 3;
    // one byte stays free for the 0 that says "next block"
    if (this.arenaUsed + header + length >= this.arenaBlockBytes) {
      this.arena[this.arena.length - 1][this.arenaUsed] = 0;
      this.arena.push(Buffer.alloc(Math.max(this.arenaBlockBytes, header + length + 1)));
      this.arenaUsed = 0;
    }
    const arenaBlock = this.arena.length - 1;
    const block = this.arena[arenaBlock];
    if ((slot & (MARK - 1)) === 0) this.marks[slot >>> BLOCK_BITS][(slot & IN_BLOCK) >>> MARK_BITS] = (arenaBlock << ARENA_BITS) | this.arenaUsed;
    if (header === 1) block[this.arenaUsed] = length;
    else {
      block[this.arenaUsed] = 255;
      block[this.arenaUsed + 1] = length & 0xff;
      block[this.arenaUsed + 2] = length >>> 8;
    }
    let at = this.arenaUsed + header;
    const stop = at + length;
    for (let k = 0; k < prefix.length && at < stop; k++) block[at++] = prefix[k];
    for (let k = start; at < stop; k++) block[at++] = bytes[k];
    this.arenaUsed += header + length;
    this.table[i] = tag + slot + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    // the steps new ids take past PROBES_CROWDED, summed while the sum stays above 0 (see provinceInLine)
    this.crowding = Math.max(0, this.crowding + probes - PROBES_CROWDED);
    if (this.crowding > CROWDED && !this.provinceInLine) {
      this.provinceInLine = true;
      this.rehash(this.table.length);
    }
    if (cursor !== undefined) {
      cursor.slot = slot + 1;
      cursor.block = arenaBlock;
      cursor.offset = this.arenaUsed;
    }
    return slot;
  }

  /** The cursor after a found slot (whose entry entry() or locate() read last): the next slot's entry. */
  private advance(cursor: PanelCursor, slot: number): number {
    cursor.slot = slot + 1;
    cursor.block = this.foundBlockIndex;
    cursor.offset = this.foundEnd;
    return slot;
  }

  /** A unit id past 65535: every year's unit column becomes 4 bytes wide. */
  private widen(unitId: number): void {
    if (this.wideUnits || unitId <= 0xffff) return;
    this.wideUnits = true;
    for (const columns of this.years.values()) columns.unit = columns.unit.map((block) => Int32Array.from(block));
    this.lastYear = NaN;
  }

  private columns(year: number): YearColumns {
    if (year === this.lastYear) return this.lastColumns!;
    let columns = this.years.get(year);
    if (!columns) {
      columns = { state: blockList(), unit: blockList(), bits: blockList() };
      for (let b = 0; b < this.blocks; b++) this.newBlock(columns);
      this.years.set(year, columns);
    }
    this.lastYear = year;
    this.lastColumns = columns;
    return columns;
  }

  /**
   * Record a household-year from one of the parts of a file (`rank`: OWN_ROW, tailRow(k),
   * WORKER_ROW). Rows of a part come in file order, the parts in any order among themselves: a row
   * displaces the row of the same id and year recorded from a later part, which becomes the
   * duplicate (returned); otherwise the row already there stays and the new one is the duplicate.
   */
  recordOrdered(bytes: Uint8Array, start: number, end: number, year: number, status: number, unitId: number, flags: number, rank: number, bits: number, cursor?: PanelCursor, prefix: Uint8Array = NO_PREFIX):
    | undefined
    | 'duplicate'
    | { displaced: { unit: number; flags: number; status: number; bits: number; rank: number } } {
    this.widen(unitId);
    if (this.workerRowsSettled) this.clearWorkerMarks();
    // (the year's columns first: a new id that starts a block of slots then gives them their block
    // in insert, a path warmPanelCode's second panel takes)
    const columns = this.columns(year);
    const slot = this.slot(bytes, start, end, cursor, prefix);
    const b = slot >>> BLOCK_BITS, i = slot & IN_BLOCK;
    const state = columns.state[b][i];
    let displaced;
    if (state !== ABSENT) {
      const was = (state & FROM_WORKER) === 0 ? OWN_ROW : WORKER_ROW - (columns.bits[b][i] >>> PIECE_SHIFT);
      if (rank >= was) return 'duplicate';
      displaced = { unit: columns.unit[b][i], flags: (state >> 2) & 31, status: state & 3, bits: columns.bits[b][i] & ((1 << PIECE_SHIFT) - 1), rank: was };
    }
    columns.state[b][i] = status | (flags << 2) | (rank === OWN_ROW ? 0 : FROM_WORKER);
    columns.unit[b][i] = unitId;
    if (unitId > this.maxUnit) this.maxUnit = unitId;
    columns.bits[b][i] = rank === OWN_ROW ? bits : bits | ((WORKER_ROW - rank) << PIECE_SHIFT);
    return displaced ? { displaced } : undefined;
  }

  /**
   * After a file read with a worker: its rows are rows like the others. Their mark is only read by
   * recordOrdered (flows read the status and the flags), so it is cleared before the next row, if
   * any comes (another file; the piece in the bits column counts only with it).
   */
  settleWorker(): void {
    this.workerRowsSettled = true;
  }

  private workerRowsSettled = false;

  private clearWorkerMarks(): void {
    for (const columns of this.years.values()) {
      for (const states of columns.state) for (let i = 0; i < states.length; i++) states[i] &= ~FROM_WORKER;
    }
    this.workerRowsSettled = false;
  }

  /** Record a household-year given as a string id; true when the id is already there for the year. */
  record(id: string, year: number, status: number, unitId: number, flags: number): boolean {
    const bytes = encoder.encode(id);
    return this.recordOrdered(bytes, 0, bytes.length, year, status, unitId, flags, OWN_ROW, 0) === 'duplicate';
  }

  /**
   * Flows of each year in `years` against the year before, attributed to the household's unit and
   * groups in that year, handed to `add` a year at a time: the entries (unit × 32 + group flags)
   * with any flow, and the counts (6 numbers an entry, from entry × 6, in the order of
   * FLOW_FIELDS). Only years of the same standard (`periodOf`) count as "before":
   * - escaped: poor last year, not poor now; escapedNearPoor: near-poor last year, non-poor now;
   * - rePoor: poor now, not poor last year, poor in an earlier year of the period (it had escaped);
   * - newPoor: poor now, not poor last year, never poor before in the data of the period;
   * - reNearPoor / newNearPoor likewise for the near-poor list.
   */
  flows(years: number[], periodOf: (year: number) => string | null, add: (year: number, entries: Int32Array, counts: Int32Array) => void): void {
    const n = this.count;
    // a year's flows counted per unit, group flags and flow in one array (768 bytes a unit: 9 MB for
    // 12,000 units), then handed on: a few thousand additions instead of one per household that moved
    const loop = flowLoop(this.maxUnit + 1, BLOCK, this.years.size);
    const counts = loop.counts;
    for (const year of years) {
      const now = this.years.get(year);
      const before = this.years.get(year - 1);
      if (!now || !before) continue;
      const earlier = [...this.years.keys()].filter((y) => y < year - 1 && periodOf(y) === periodOf(year)).map((y) => this.years.get(y)!);
      for (let b = 0; b * BLOCK < n; b++) {
        loop.block(now.state[b], before.state[b], now.unit[b], earlier.map((e) => e.state[b]), Math.min(BLOCK, n - b * BLOCK));
      }
      // the units' group flags with any flow, found by the loop's scan, handed on at once (this runs
      // once, in code not yet optimised: a call per unit and flags cost ~16 ms on 10,000 communes)
      add(year, loop.counted(), counts);
      counts.fill(0);
    }
  }
}

let warmed = false;

/**
 * Runs the panel's lookup on a small panel of its own, once in a thread, before the first real id.
 * V8 compiles hot code from what it has seen it do, and a path first taken after that throws the
 * compiled code away to be compiled again (15–25 ms of compiling, on the core the worker reads on).
 * On a large file the first id found through a cursor, the first found through the table, a second
 * review year and the first new row of a worker all come with the worker's rows, after the lookup
 * is compiled: seven compiles of it on 1M rows (--trace-deopt), one with this.
 */
export function warmPanelCode(): void {
  if (warmed) return;
  warmed = true;
  // twice: the second panel's first id takes the path of a new block of slots (the first panel's
  // came before V8 kept feedback for insert, which it does from about its tenth call), and its arena
  // blocks of 16 bytes fill, so that the paths of a new arena block are taken too (on 1M rows they
  // were first taken at the 65,537th id and after 1 MiB of ids, each time throwing compiled code away)
  warmPanel(new Panel());
  warmPanel(new Panel(16));
}

/**
 * What warmPanelCode does with one panel: in four review years, this thread's ids in order, the
 * worker's in order (found through its cursor) or, in the first round of a year, backwards (through
 * the table) — of its own part, or of a piece of tail it took. A year's first round records new rows
 * of both parts, the worker's duplicates of this thread's rows, and this thread's rows displacing
 * the worker's; its second only duplicates. Returns how many of each outcome it had (for the tests).
 */
export function warmPanel(panel: Panel): { recorded: number[]; duplicates: number; displaced: number } {
  const ids = Buffer.from('h0h1h2h3h4h5h6h7');
  const prefix = Uint8Array.of(1);
  const own = newCursor(), theirs = newCursor();
  // new rows by rank (OWN_ROW … WORKER_ROW)
  const seen = { recorded: Array<number>(WORKER_ROW + 1).fill(0), duplicates: 0, displaced: 0 };
  // the k-th id of two bytes in `bytes`
  const record = (k: number, year: number, status: number, flags: number, rank: number, cursor: PanelCursor | undefined, bytes: Uint8Array = ids) => {
    const outcome = panel.recordOrdered(bytes, 2 * k, 2 * k + 2, year, status, k, flags, rank, 0, cursor, prefix);
    if (outcome === undefined) seen.recorded[rank]++;
    else if (outcome === 'duplicate') seen.duplicates++;
    else seen.displaced++;
  };
  for (let round = 0; round < 8; round++) {
    const year = 2000 + (round >> 1);
    for (let k = 0; k < 8; k++) {
      record(k, year, 1 + (k % 3), k & 31, OWN_ROW, own);
      record(round & 1 ? k : 7 - k, year, 1, 0, round & 2 ? tailRow(1 + (round >> 2)) : WORKER_ROW, theirs);
    }
  }
  // two new ids first looked for at the same place of the table: the second steps on from it (a step
  // first taken amid a file of many communes threw the lookup's compiled code away)
  const pair = sameHome(prefix);
  for (let k = 0; k < 2; k++) record(k, 2010, 1, 0, OWN_ROW, undefined, pair);
  return seen;
}

/** Two ids of two bytes ("a0", "a1", …), as one buffer, that a new panel first looks for at the same place of its table. */
export function sameHome(prefix: Uint8Array): Buffer {
  const idOf = (k: number) => [0x61 + Math.floor(k / 64), 0x30 + (k % 64)];
  const homes = new Map<number, number>();
  for (let k = 0; ; k++) {
    const id = Buffer.from(idOf(k));
    const home = keyHash(prefix, id, 0, 2) & (TABLE_START - 1);
    const before = homes.get(home);
    if (before !== undefined) return Buffer.from([...idOf(before), ...id]);
    homes.set(home, k);
  }
}
