// The loops of the end of a read: the cells summed by unit, review year and group (Tallier.finish),
// and the flows counted over the panel (Panel.flows). They run once, over a few thousand cells and
// every household of the panel, mostly before V8 has compiled their JavaScript: ~30 ms of the ~45 ms
// a 1M-row file spends after its rows are read. In WebAssembly (finish.wat) they are compiled as the
// module is made. The same loops in JavaScript run where WebAssembly does not (node --jitless), over
// the same memory laid out the same way, and the tests compare the two.
import { FINISH_WASM } from './finish-wasm.js';
import { compiledOnce } from '../wasm.js';
import { written } from '../grown.js';

/** For the tests: false runs the JavaScript loops only. */
export const finishLoops = { wasm: true };

const compiled = compiledOnce(FINISH_WASM);

/** finish.wat, compiled once per thread; null where it cannot be, or for the tests' JavaScript loops. */
const finishModule = () => (finishLoops.wasm ? compiled() : null);

interface FinishExports {
  memory: WebAssembly.Memory;
  sum: (...args: number[]) => number;
  flows: (...args: number[]) => void;
  nonzero: (counts: number, count: number, out: number) => number;
}

/** A new instance of the module with at least `bytes` of memory, or null. */
function instance(bytes: number): FinishExports | null {
  const module = finishModule();
  if (module === null) return null;
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as FinishExports;
  const pages = Math.ceil(bytes / 65536);
  if (pages > 1) exports.memory.grow(pages - 1);
  return exports;
}

/** The cells of a Tallier, and what sumCells needs to know of its units. */
export interface Cells {
  /**
   * the cells, in parts (this thread's, a worker's, the flows), each `count` cells: their keys (leaf
   * unit × 8192 + (review year − 1900) × 32 + group flags, as Tallier's cellKey) and counts (`stride`
   * numbers a cell, the first `n` counted)
   */
  parts: { keys: Float64Array; counts: Int32Array; count: number }[];
  count: number;
  stride: number;
  n: number;
  /** per leaf unit id: the id of the unit it counts in (UnitTree.resolve) */
  resolved: Int32Array;
  /** per review year − 1900 (256): the place of its first group's sum in a unit's (the year's place × groups) */
  yearBase: Int32Array;
  /** per set of group flags (32): the places of the groups a cell with them counts in (bit g: group g) */
  groupBits: Int32Array;
  /** per unit id: its parent's id (-1: none), its depth (0 the country … 3 a commune) */
  parent: Int32Array;
  depth: Int32Array;
  /** keys a unit has: its review years × groups */
  perUnit: number;
}

/** Sums by key (unit × perUnit + place of year and group): the keys in the order first met, `n` numbers a key, and per key its row (-1: none). */
export interface Sums {
  keys: Int32Array;
  data: Int32Array;
  rows: Int32Array;
}

/**
 * The cells summed: each cell with any count into its sums (one per group it counts in), a key's sum
 * made when first met with those of the units above it not made yet (in the order met: cells in
 * order, each unit before the larger ones), then each sum into its parent's, deepest first.
 */
export function sumCells(cells: Cells): Sums {
  const { count, stride, n, parent } = cells;
  const keySpace = parent.length * cells.perUnit;
  // the memory, in 4-byte words: the cells' keys (8 bytes each, first: aligned), the cells, the
  // resolved units, year bases, group bits, parent, depth, the row table, the key list, the count,
  // the table of rows (a key has at most one row)
  const layout = [count * 2, count * stride, cells.resolved.length, 256, 32, parent.length, parent.length, keySpace, keySpace, 1, keySpace * n];
  const at: number[] = [];
  let bytes = 0;
  for (const words of layout) {
    at.push(bytes);
    bytes += words * 4;
  }
  const [keysAt, cellsAt, resolvedAt, yearBaseAt, groupBitsAt, parentAt, depthAt, sumRowAt, sumKeysAt, countsAt, sumDataAt] = at;
  const wasm = instance(bytes);
  const memory = wasm ? new Int32Array(wasm.memory.buffer) : new Int32Array(bytes / 4);
  const keys = new Float64Array(memory.buffer, keysAt, count);
  let cell = 0;
  for (const part of cells.parts) {
    keys.set(part.keys.subarray(0, part.count), cell);
    memory.set(part.counts.subarray(0, part.count * stride), cellsAt / 4 + cell * stride);
    cell += part.count;
  }
  memory.set(cells.resolved, resolvedAt / 4);
  memory.set(cells.yearBase, yearBaseAt / 4);
  memory.set(cells.groupBits, groupBitsAt / 4);
  memory.set(parent, parentAt / 4);
  memory.set(cells.depth, depthAt / 4);
  memory.fill(-1, sumRowAt / 4, (sumRowAt + keySpace * 4) / 4);
  // (the rows of sums are added into before anything is written there: see written, grown.ts)
  written(memory.subarray(sumDataAt / 4, bytes / 4));
  const args = [cellsAt, count, stride, n, keysAt, resolvedAt, yearBaseAt, groupBitsAt, parentAt, depthAt, cells.perUnit, sumRowAt, sumKeysAt, sumDataAt, countsAt] as const;
  const sums = wasm ? wasm.sum(...args) : sumJs(memory, ...args);
  return { keys: memory.subarray(sumKeysAt / 4, sumKeysAt / 4 + sums), data: memory.subarray(sumDataAt / 4, sumDataAt / 4 + sums * n), rows: memory.subarray(sumRowAt / 4, sumRowAt / 4 + keySpace) };
}

/** finish.wat's `sum`, in JavaScript over the same memory (addresses in bytes). */
function sumJs(
  m: Int32Array, cells: number, count: number, stride: number, n: number, keys: number, resolved: number, yearBase: number, groupBits: number, parent: number, depth: number, perUnit: number,
  sumRow: number, sumKeys: number, sumData: number, counts: number,
): number {
  const [c4, r4, y4, g4, p4, d4, sr4, sk4, sd4, n4] = [cells, resolved, yearBase, groupBits, parent, depth, sumRow, sumKeys, sumData, counts].map((a) => a / 4);
  const cellKeys = new Float64Array(m.buffer, keys, count);
  const addRow = (dst: number, src: number) => {
    for (let i = 0; i < n; i++) m[dst + i] += m[src + i];
  };
  const rowOf = (key: number) => {
    const r = m[n4];
    m[sk4 + r] = key;
    m[sr4 + key] = r;
    m[n4] = r + 1;
    return r;
  };
  const sumOf = (key: number) => {
    if (m[sr4 + key] >= 0) return m[sr4 + key];
    const r = rowOf(key);
    const inUnit = key % perUnit;
    for (let u = m[p4 + Math.floor(key / perUnit)]; u >= 0 && m[sr4 + u * perUnit + inUnit] < 0; u = m[p4 + u]) rowOf(u * perUnit + inUnit);
    return r;
  };
  for (let c = 0; c < count; c++) {
    const at = c4 + c * stride;
    let any = 0;
    for (let i = 0; i < n; i++) any |= m[at + i];
    if (!any) continue;
    const key = cellKeys[c];
    const base = m[r4 + Math.floor(key / 8192)] * perUnit + m[y4 + (Math.floor(key / 32) % 256)];
    for (let mask = m[g4 + (key % 32)], g = 0; mask; mask >>>= 1, g++) {
      if (mask & 1) addRow(sd4 + sumOf(base + g) * n, at);
    }
  }
  for (let d = 3; d >= 1; d--) {
    for (let r = 0; r < m[n4]; r++) {
      const key = m[sk4 + r];
      const u = Math.floor(key / perUnit);
      if (m[d4 + u] === d) addRow(sd4 + m[sr4 + m[p4 + u] * perUnit + (key % perUnit)] * n, sd4 + r * n);
    }
  }
  return m[n4];
}

/** Flows counted block after block of the panel (Panel.flows): into `counts`, 6 numbers per unit and group flags (unit × 32 + flags). */
export interface FlowLoop {
  counts: Int32Array;
  /**
   * The flows of the first `end` households of a block: their states this year, last year and in the
   * earlier years of the period (status in bits 0–1, group flags in bits 2–6), their units this year.
   */
  block(now: Uint8Array, before: Uint8Array, unit: Uint16Array | Int32Array, earlier: Uint8Array[], end: number): void;
  /** the places (in FLOWS numbers) of the counts' entries with any flow, in order */
  counted(): Int32Array;
}

/** A FlowLoop for `units` units, blocks of up to `block` households and up to `years` earlier years. */
export function flowLoop(units: number, block: number, years: number): FlowLoop {
  const countsLength = units * 32 * 6;
  // the memory, in bytes: the counts, then a block's states this year and last year, its units
  // (4 bytes each at most), the earlier years' addresses and states (each part at a multiple of 4)
  const step = (block + 3) & ~3;
  const entries = countsLength / FLOWS;
  const nowAt = countsLength * 4, beforeAt = nowAt + step, unitAt = beforeAt + step, earlierAt = unitAt + step * 4, statesAt = earlierAt + years * 4, listAt = statesAt + years * step;
  const wasm = instance(listAt + entries * 4);
  if (!wasm) {
    const counts = new Int32Array(countsLength);
    return { counts, block: (now, before, unit, earlier, end) => blockFlows(now, before, unit, earlier, end, counts), counted: () => counted(counts) };
  }
  const bytes = new Uint8Array(wasm.memory.buffer);
  const words = new Int32Array(wasm.memory.buffer);
  return {
    // (counted into before anything is written there: see written, grown.ts)
    counts: written(words.subarray(0, countsLength)),
    block(now, before, unit, earlier, end) {
      bytes.set(now.subarray(0, end), nowAt);
      bytes.set(before.subarray(0, end), beforeAt);
      bytes.set(new Uint8Array(unit.buffer, unit.byteOffset, end * unit.BYTES_PER_ELEMENT), unitAt);
      for (let e = 0; e < earlier.length; e++) {
        words[earlierAt / 4 + e] = statesAt + e * step;
        bytes.set(earlier[e].subarray(0, end), statesAt + e * step);
      }
      wasm.flows(nowAt, beforeAt, unitAt, unit.BYTES_PER_ELEMENT === 4 ? 1 : 0, earlierAt, earlier.length, end, 0);
    },
    // (a scan of every unit × 32 group flags: 10,000 communes, 2 million numbers, once a year, in code not yet compiled in JavaScript)
    counted: () => words.subarray(listAt / 4, listAt / 4 + wasm.nonzero(0, entries, listAt)),
  };
}

/** finish.wat's `nonzero`, in JavaScript: the places of the entries with any count. */
function counted(counts: Int32Array): Int32Array {
  const places: number[] = [];
  for (let e = 0, at = 0; at < counts.length; e++, at += FLOWS) {
    if (counts[at] | counts[at + 1] | counts[at + 2] | counts[at + 3] | counts[at + 4] | counts[at + 5]) places.push(e);
  }
  return Int32Array.from(places);
}

const ABSENT = 0, NON_POOR = 1, NEAR = 2, POOR = 3;
/** the flows as numbers, in the order of FLOW_FIELDS (tally.ts) */
const ESCAPED = 0, RE_POOR = 1, NEW_POOR = 2, ESCAPED_NEAR_POOR = 3, RE_NEAR_POOR = 4, NEW_NEAR_POOR = 5;
const FLOWS = 6;

/** finish.wat's `flows`, in JavaScript: the flows of one block of households. */
function blockFlows(nowState: Uint8Array, beforeState: Uint8Array, nowUnit: Uint16Array | Int32Array, earlierState: Uint8Array[], end: number, counts: Int32Array): void {
  for (let i = 0; i < end; i++) {
    const state = nowState[i];
    const cur = state & 3;
    if (cur === ABSENT) continue;
    const prev = beforeState[i] & 3;
    if (prev === cur) continue;
    const at = (nowUnit[i] * 32 + ((state >> 2) & 31)) * FLOWS;
    if (prev === POOR) counts[at + ESCAPED]++;
    else if (prev === NEAR && cur === NON_POOR) counts[at + ESCAPED_NEAR_POOR]++;
    // poor (near-poor) now and not last year: back on the list, or new to it
    if (cur === POOR || cur === NEAR) {
      let wasBefore = false;
      for (let e = 0; e < earlierState.length && !wasBefore; e++) wasBefore = (earlierState[e][i] & 3) === cur;
      counts[at + (cur === POOR ? (wasBefore ? RE_POOR : NEW_POOR) : wasBefore ? RE_NEAR_POOR : NEW_NEAR_POOR)]++;
    }
  }
}
