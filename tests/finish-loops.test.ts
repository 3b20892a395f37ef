// The loops of the end of a read (src/tally/finish.wat, and the same in JavaScript): sums of cells
// up the units, flows over blocks of the panel — worked by hand, the two loops against each other on
// seeded random inputs, and whole files tallied with each.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { flowLoop, finishLoops, sumCells, type Cells } from '../src/tally/finish-loops.js';
import { FINISH_WASM } from '../src/tally/finish-wasm.js';
import { loadData } from '../src/pipeline.js';
import { rng, tempFile } from './helpers.js';

afterEach(() => {
  finishLoops.wasm = true;
});

/** Run with each loop: WebAssembly, then JavaScript. */
function withEach<T>(run: () => T): [T, T] {
  finishLoops.wasm = true;
  const wasm = run();
  finishLoops.wasm = false;
  const js = run();
  finishLoops.wasm = true;
  return [wasm, js];
}
const plain = ({ keys, data }: { keys: Int32Array; data: Int32Array }) => ({ keys: [...keys], data: [...data] });

describe('finish.wat', () => {
  it('is a valid module on this Node.js, built from finish.wat (node scripts/build-wasm.mjs)', async () => {
    expect(WebAssembly.validate(Buffer.from(FINISH_WASM, 'base64'))).toBe(true);
    // @ts-expect-error a script of ours, without types
    const { buildWasm, MODULES } = await import('../scripts/build-wasm.mjs');
    for (const module of MODULES) expect(await buildWasm(module)).toBe(readFileSync(new URL(module.out, new URL('../scripts/', import.meta.url)), 'utf8'));
  });
});

describe('sumCells', () => {
  // units: 0 the country, 1 a province, 2 and 3 its districts, 4 a commune of district 3, 5 one of district 2
  const parent = Int32Array.of(-1, 0, 1, 1, 3, 2);
  const depth = Int32Array.of(0, 1, 2, 2, 3, 3);
  // two numbers a cell (n), three apart (stride); sums' keys: unit × 4 + year's place × 2 + group
  // (perUnit 4: review years 2000 and 2001, two groups); cells' keys as Tallier's cellKey
  const cellKey = (unit: number, year: number, flags: number) => unit * 8192 + (year - 1900) * 32 + flags;
  const yearBase = new Int32Array(256);
  yearBase[100] = 0;
  yearBase[101] = 2;
  // group flags 0: groups 0 and 1; 1: group 0
  const groupBits = new Int32Array(32);
  groupBits[0] = 0b11;
  groupBits[1] = 0b01;
  // leaf ids as units (0–5), but leaf 6, which counts in commune 4
  const resolved = Int32Array.of(0, 1, 2, 3, 4, 5, 4);
  // commune 4 in 2000 (groups 0 and 1); commune 4 in 2001 (nothing counted); commune 5 in 2001 (group 0); leaf 6 (commune 4) in 2000 (group 0)
  const keys = Float64Array.of(cellKey(4, 2000, 0), cellKey(4, 2001, 1), cellKey(5, 2001, 1), cellKey(6, 2000, 1));
  const cells: Cells = {
    parts: [{ keys, counts: Int32Array.of(1, 2, 99, /* */ 0, 0, 99, /* */ 10, 20, 99, /* */ 100, 0, 99), count: 4 }],
    count: 4,
    stride: 3,
    n: 2,
    resolved,
    yearBase,
    groupBits,
    parent,
    depth,
    perUnit: 4,
  };

  it('sums each cell into its groups, then up the units, in the order the sums were first met', () => {
    for (const sums of withEach(() => plain(sumCells(cells)))) {
      // the communes' sums: 16 (commune 4, year 0, group 0) = 1,2 + 100,0; 17 = 1,2; 22 (commune 5, year 1, group 0) = 10,20
      // sums made: 16 and up (16, 12, 4, 0), 17 and up (17, 13, 5, 1), then 22 and up (22, 10, 6; 2 is made here)
      expect(sums.keys).toEqual([16, 12, 4, 0, 17, 13, 5, 1, 22, 10, 6, 2]);
      expect(sums.data).toEqual([101, 2, 101, 2, 101, 2, 101, 2, 1, 2, 1, 2, 1, 2, 1, 2, 10, 20, 10, 20, 10, 20, 10, 20]);
    }
  });

  it("sums cells given in parts (this thread's, a worker's, the flows) as one list: each part's first `count` cells, one after the other", () => {
    // the same cells in two parts, each part's array longer than its cells
    const parts = [
      { keys: Float64Array.of(keys[0], keys[1], 0), counts: Int32Array.of(1, 2, 99, /* */ 0, 0, 99, /* */ 5, 5, 5), count: 2 },
      { keys: Float64Array.of(keys[2], keys[3], 0), counts: Int32Array.of(10, 20, 99, /* */ 100, 0, 99, /* */ 7, 7, 7), count: 2 },
    ];
    for (const sums of withEach(() => plain(sumCells({ ...cells, parts })))) {
      expect(sums.keys).toEqual([16, 12, 4, 0, 17, 13, 5, 1, 22, 10, 6, 2]);
      expect(sums.data).toEqual([101, 2, 101, 2, 101, 2, 101, 2, 1, 2, 1, 2, 1, 2, 1, 2, 10, 20, 10, 20, 10, 20, 10, 20]);
    }
  });

  it('makes no sum for a cell whose counts are all 0 (its only row taken back out), whatever its groups', () => {
    const zero = { ...cells, count: 2, parts: [{ keys, counts: Int32Array.of(0, 0, 7, /* */ 0, 0, 7), count: 2 }] };
    for (const sums of withEach(() => plain(sumCells(zero)))) expect(sums).toEqual({ keys: [], data: [] });
  });

  it('gives what the JavaScript loop gives, on 200 seeded random sets of cells (1–20 numbers a cell: four at a time and the rest one at a time)', () => {
    const random = rng(20261122);
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const units = 2 + Math.floor(random() * 60);
      const parent = new Int32Array(units), depth = new Int32Array(units);
      parent[0] = -1;
      for (let u = 1; u < units; u++) {
        // a parent among the units made before, at most 3 deep
        let p = Math.floor(random() * u);
        while (depth[p] >= 3) p = parent[p];
        parent[u] = p;
        depth[u] = depth[p] + 1;
      }
      const years = 1 + Math.floor(random() * 4);
      const perUnit = years * 6, n = 1 + Math.floor(random() * 20), stride = n + Math.floor(random() * 3);
      const count = Math.floor(random() * 300);
      const counts = Int32Array.from({ length: count * stride }, () => (random() < 0.3 ? 0 : Math.floor(random() * 1000) - 100));
      // leaves (up to twice the units), each counting in a unit; review years from 1990 on; any group flags
      const leaves = 1 + Math.floor(random() * units * 2);
      const resolved = Int32Array.from({ length: leaves }, () => Math.floor(random() * units));
      const yearBase = new Int32Array(256);
      for (let y = 0; y < years; y++) yearBase[90 + y] = y * 6;
      const groupBits = Int32Array.from({ length: 32 }, () => 1 | (Math.floor(random() * 32) << 1));
      const keys = Float64Array.from({ length: count }, () => Math.floor(random() * leaves) * 8192 + (90 + Math.floor(random() * years)) * 32 + Math.floor(random() * 32));
      // in two parts, cut anywhere
      const cut = Math.floor(random() * (count + 1));
      const parts = [
        { keys: keys.slice(0, cut), counts: counts.slice(0, cut * stride), count: cut },
        { keys: keys.slice(cut), counts: counts.slice(cut * stride), count: count - cut },
      ];
      const input = { parts, count, stride, n, resolved, yearBase, groupBits, parent, depth, perUnit };
      const [wasm, js] = withEach(() => plain(sumCells(input)));
      expect(wasm).toEqual(js);
      compared += wasm.keys.length;
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe('flowLoop', () => {
  // states: status (1 non-poor, 2 near-poor, 3 poor; 0 absent) | group flags << 2
  const s = (status: number, flags = 0) => status | (flags << 2);

  it('counts escaped, re-poor, new poor and the near-poor flows per unit and group flags', () => {
    const now = Uint8Array.of(s(1), s(3, 5), s(3, 5), s(2), s(1), s(0), s(2), s(3));
    const before = Uint8Array.of(s(3), s(1), s(2), s(1), s(2), s(3), s(2), s(3));
    const earlier = [Uint8Array.of(0, s(3), 0, s(2), 0, 0, 0, 0)];
    const unit = Uint16Array.of(1, 2, 2, 1, 1, 1, 1, 1);
    for (const counts of withEach(() => {
      const loop = flowLoop(3, 8, 1);
      loop.block(now, before, unit, earlier, 8);
      return [...loop.counts];
    })) {
      const at = (u: number, flags: number) => counts.slice((u * 32 + flags) * 6, (u * 32 + flags) * 6 + 6);
      // unit 1, flags 0: household 0 escaped; 3 near-poor again (near-poor in the earlier year); 4 left near-poverty
      expect(at(1, 0)).toEqual([1, 0, 0, 1, 1, 0]);
      // unit 2, flags 5: household 1 poor again (poor in the earlier year), 2 newly poor; 5 absent, 6 and 7 unchanged
      expect(at(2, 5)).toEqual([0, 1, 1, 0, 0, 0]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    }
  });

  it('lists the entries (unit × 32 + group flags) with any flow, in order: each flow alone, and none after they are cleared', () => {
    // one household per flow, each in its own entry: escaped (unit 3, flags 0), newly poor (unit 0, flags 31),
    // re-near-poor (unit 2, flags 7: only its fifth number), left near-poverty (unit 3, flags 1: its fourth)
    const now = Uint8Array.of(s(1), s(3, 31), s(2, 7), s(1, 1));
    const before = Uint8Array.of(s(3), s(1, 31), s(1, 7), s(2, 1));
    const earlier = [Uint8Array.of(0, 0, s(2, 7), 0)];
    for (const lists of withEach(() => {
      const loop = flowLoop(4, 4, 1);
      loop.block(now, before, Uint16Array.of(3, 0, 2, 3), earlier, 4);
      const first = [...loop.counted()];
      loop.counts.fill(0);
      return [first, [...loop.counted()]];
    })) expect(lists).toEqual([[31, 2 * 32 + 7, 3 * 32, 3 * 32 + 1], []]);
  });

  it('reads only the first `end` households of a block, and unit ids of 4 bytes (past 65,535 units)', () => {
    const loop = () => {
      const flows = flowLoop(301, 4, 0);
      flows.block(Uint8Array.of(s(3), s(3), s(3), s(3)), Uint8Array.of(s(1), s(1), s(1), s(1)), Int32Array.of(300, 300, 5, 5), [], 2);
      return [...flows.counts];
    };
    for (const counts of withEach(loop)) {
      // both new poor in unit 300 (read as 2-byte ids, the second would be unit 0), none of the last two
      expect(counts.slice(300 * 32 * 6, 300 * 32 * 6 + 6)).toEqual([0, 0, 2, 0, 0, 0]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    }
  });

  it('gives what the JavaScript loop gives, on 100 seeded random sets of blocks', () => {
    const random = rng(4242);
    let flows = 0;
    for (let round = 0; round < 100; round++) {
      const units = 1 + Math.floor(random() * 300), size = 1 + Math.floor(random() * 2000), years = Math.floor(random() * 4);
      const state = () => Uint8Array.from({ length: size }, () => Math.floor(random() * 4) | (Math.floor(random() * 32) << 2));
      const blocks = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        now: state(),
        before: state(),
        unit: (random() < 0.5 ? Uint16Array : Int32Array).from({ length: size }, () => Math.floor(random() * units)),
        earlier: Array.from({ length: years }, state),
        end: Math.floor(random() * (size + 1)),
      }));
      // the counts that are not 0, as [place, count]
      const [wasm, js] = withEach(() => {
        const loop = flowLoop(units, size, years);
        for (const b of blocks) loop.block(b.now, b.before, b.unit, b.earlier, b.end);
        return [...loop.counts].flatMap((count, at) => (count ? [[at, count]] : []));
      });
      expect(wasm).toEqual(js);
      flows += wasm.reduce((sum, [, count]) => sum + count, 0);
    }
    expect(flows).toBeGreaterThan(20_000);
  });
});

describe('a file tallied with each loop', () => {
  it('gives the same tallies, in the same order', async () => {
    const random = rng(7);
    const rows = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,dtts,nguoi_co_cong,status'];
    const statuses = ['poor', 'near_poor', 'non_poor'];
    for (let h = 0; h < 400; h++) {
      const place = `Tỉnh ${h % 2},Huyện ${h % 5},Xã ${h % 13}`;
      for (const year of [2022, 2023, 2024]) {
        if (random() < 0.1) continue;
        rows.push(`H${h},${year},${place},${random() < 0.5 ? 'urban' : 'rural'},${random() < 0.3 ? 1 : 0},${random() < 0.1 ? 1 : 0},${statuses[Math.floor(random() * 3)]}`);
      }
    }
    const file = tempFile('finish-loops.csv', rows.join('\n') + '\n');
    const tallied = async (on: boolean) => {
      finishLoops.wasm = on;
      const data = await loadData([file], {});
      return [...data.tallies.values()].map((t) => ({ ...t, unit: t.unit.path.join('/') }));
    };
    const withWasm = await tallied(true);
    const withJs = await tallied(false);
    expect(withWasm).toEqual(withJs);
    expect(withWasm.length).toBeGreaterThan(200);
    expect(withWasm.filter((t) => (t.rePoor ?? 0) > 0).length).toBeGreaterThan(10);
  });
});
