// The panel's id store: ids of every length find their slot again, across arena blocks and marks.
import { describe, expect, it } from 'vitest';
import { keyHash, MAX_TAILS, OWN_ROW, Panel, sameHome, tailRow, warmPanel, WORKER_ROW } from '../src/tally/panel.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('panel ids', () => {
  it('finds 300,000 ids of 1 to 600 bytes again, across many 1 MiB arena blocks', () => {
    const panel = new Panel();
    const id = (n: number) => `${'x'.repeat(n % 600)}#${n}`;
    const slots: number[] = [];
    for (let n = 0; n < 300_000; n++) {
      const b = bytes(id(n));
      slots.push(panel.slot(b, 0, b.length));
    }
    expect(panel.size).toBe(300_000);
    expect(slots.slice(0, 3)).toEqual([0, 1, 2]);
    for (let n = 0; n < 300_000; n += 997) {
      const b = bytes(id(n));
      expect(panel.slot(b, 0, b.length)).toBe(n);
    }
    expect(panel.size).toBe(300_000);
  });

  it('finds ids again across arena blocks smaller than some ids (each of those gets a block of its own size)', () => {
    const panel = new Panel(16);
    const id = (n: number) => `${'y'.repeat((n * 7) % 40)}${n}`;
    for (let n = 0; n < 2000; n++) expect(panel.slot(bytes(id(n)), 0, bytes(id(n)).length)).toBe(n);
    for (let n = 0; n < 2000; n += 3) expect(panel.slot(bytes(id(n)), 0, bytes(id(n)).length)).toBe(n);
    expect(panel.size).toBe(2000);
  });

  it('keeps finding its ids when room is reserved before and after they came, and past the room reserved', () => {
    const panel = new Panel();
    const b = (n: number) => bytes(`H${n}`);
    for (let n = 0; n < 1000; n++) panel.slot(b(n), 0, b(n).length);
    panel.reserve(100_000);
    for (let n = 0; n < 200_000; n++) expect(panel.slot(b(n), 0, b(n).length)).toBe(n);
    panel.reserve(10);
    for (let n = 0; n < 200_000; n += 101) expect(panel.slot(b(n), 0, b(n).length)).toBe(n);
    expect(panel.size).toBe(200_000);
  });

  it('looks for ids that differ only in their last byte in one pair of 64-byte lines of the table first, whatever their province, each with a place and a tag of its own', () => {
    const homes = Array.from({ length: 10 }, (_, d) => keyHash(Uint8Array.of(d % 3), bytes(`H0000012${d}`), 0, 9));
    // bits 5 to 25 (two lines of 16 four-byte entries, below the tag) are the same; odd and even last digits take a line each
    expect(new Set(homes.map((h) => (h >> 5) & 0x1fffff)).size).toBe(1);
    expect(new Set(homes.map((h) => (h >> 4) & 1))).toEqual(new Set([0, 1]));
    // ids of one province numbered one after another take places of their own in the line; the tag varies
    const sameProvince = Array.from({ length: 10 }, (_, d) => keyHash(Uint8Array.of(3), bytes(`H0000012${d}`), 0, 9));
    expect(new Set(sameProvince.map((h) => h & 31)).size).toBe(10);
    expect(new Set(homes.map((h) => h >>> 26)).size).toBeGreaterThan(6);
    // the next ten ids are looked for elsewhere; the province goes into the line when asked to
    expect((keyHash(Uint8Array.of(3), bytes('H00000130'), 0, 9) >> 5) & 0x1fffff).not.toBe((homes[0] >> 5) & 0x1fffff);
    expect((keyHash(Uint8Array.of(1), bytes('H00000120'), 0, 9, true) >> 5) & 0x1fffff).not.toBe((keyHash(Uint8Array.of(2), bytes('H00000120'), 0, 9, true) >> 5) & 0x1fffff);
    // a key given in two parts hashes as the key whole (its leading varint is the province)
    expect(keyHash(new Uint8Array(0), bytes('\u0002H00000125'), 0, 10)).toBe(homes[5]);
    expect(keyHash(new Uint8Array(0), Uint8Array.of(0x81, 0x02, ...bytes('H1')), 0, 4, true)).toBe(keyHash(Uint8Array.of(0x81, 0x02), bytes('H1'), 0, 2, true));
  });

  it('looks for a hundred ids numbered one after another in one 2 KiB region of the table, ten pairs of lines in order, and for the next hundred in another', () => {
    const hash = (id: string, province = 3) => keyHash(Uint8Array.of(province), bytes(id), 0, id.length);
    const run = Array.from({ length: 100 }, (_, n) => hash(`H00012${String(n).padStart(2, '0')}`, n % 4));
    // bits 9 to 25: the region (32 lines of 64 bytes), the same for the hundred, whatever their province
    expect(new Set(run.map((h) => (h >> 9) & 0x1ffff)).size).toBe(1);
    // bits 5 to 8: the pair of lines, one on for each next tens digit (wrapping round in the region)
    const pairs = Array.from({ length: 10 }, (_, t) => (run[t * 10] >> 5) & 15);
    expect(pairs.map((p) => (p - pairs[0] + 16) & 15)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the next hundred ids, and the same ids with the province in the region, are looked for in other regions
    expect((hash('H0001300') >> 9) & 0x1ffff).not.toBe((run[0] >> 9) & 0x1ffff);
    expect((keyHash(Uint8Array.of(1), bytes('H0001200'), 0, 8, true) >> 9) & 0x1ffff).not.toBe((keyHash(Uint8Array.of(2), bytes('H0001200'), 0, 8, true) >> 9) & 0x1ffff);
    // ids of one and two bytes, and the empty id, hash apart
    expect(new Set(['', '7', '07', '17', '70'].map((id) => hash(id))).size).toBe(5);
  });

  it('puts the province into the lines when provinces number their households alike, and finds every id again', () => {
    const panel = new Panel();
    const id = (n: number) => bytes(String(n).padStart(6, '0'));
    const province = (p: number) => (p < 128 ? Uint8Array.of(p) : Uint8Array.of(0x80 | (p & 0x7f), p >> 7));
    // 200 provinces, each numbering 1,000 households from 0: the same id in every province
    for (let n = 0; n < 1000; n++) for (let p = 0; p < 200; p++) expect(panel.slot(id(n), 0, 6, undefined, province(p))).toBe(n * 200 + p);
    expect(panel.linesByProvince).toBe(true);
    expect(panel.size).toBe(200_000);
    for (let k = 0; k < 200_000; k += 101) expect(panel.slot(id(Math.floor(k / 200)), 0, 6, undefined, province(k % 200))).toBe(k);
    expect(panel.size).toBe(200_000);
  });

  it('keeps the province out of the lines for ids numbered one after another in provinces taken in turn', () => {
    const panel = new Panel();
    panel.reserve(200_000);
    for (let n = 0; n < 200_000; n++) panel.slot(bytes(`H${String(n).padStart(8, '0')}`), 0, 9, undefined, Uint8Array.of((n * 7) % 5));
    expect(panel.linesByProvince).toBe(false);
    for (let n = 0; n < 200_000; n += 37) expect(panel.slot(bytes(`H${String(n).padStart(8, '0')}`), 0, 9, undefined, Uint8Array.of((n * 7) % 5))).toBe(n);
  });

  it('finds ids numbered one after another from two streams, and ids that differ in their last byte only, in any order', () => {
    const panel = new Panel();
    panel.reserve(150_000);
    const prefix = Uint8Array.of(1);
    const id = (n: number) => bytes(`H${String(n).padStart(8, '0')}`);
    // two streams of new ids, interleaved in runs as a worker's batches are, then all of them again, shuffled
    for (let n = 0; n < 50_000; n++) {
      for (const k of [n, 100_000 + n]) expect(panel.slot(id(k), 0, 9, undefined, prefix)).toBe(panel.size - 1);
    }
    // 256 ids the same but for their last byte: one crowded line and its neighbours
    for (let c = 0; c < 256; c++) panel.slot(Uint8Array.of(...bytes('SAME-'), c), 0, 6, undefined, prefix);
    expect(panel.size).toBe(100_256);
    for (let i = 0; i < 100_000; i++) {
      const n = (i * 7919) % 100_000;
      const k = n < 50_000 ? n : 100_000 + n - 50_000;
      expect(panel.slot(id(k), 0, 9, undefined, prefix)).toBe(n < 50_000 ? 2 * n : 2 * (n - 50_000) + 1);
    }
    for (let c = 0; c < 256; c += 17) expect(panel.slot(Uint8Array.of(...bytes('SAME-'), c), 0, 6, undefined, prefix)).toBe(100_000 + c);
    expect(panel.size).toBe(100_256);
  });

  it('finds a duplicate per review year', () => {
    const panel = new Panel();
    expect(panel.record('HỘ-1', 2022, 3, 7, 1)).toBe(false);
    expect(panel.record('HỘ-1', 2023, 1, 7, 1)).toBe(false);
    expect(panel.record('HỘ-1', 2022, 2, 7, 1)).toBe(true);
    expect(panel.size).toBe(1);
  });

  it('lets a row of this thread displace a worker\'s row (later in the file), never the other way', () => {
    const panel = new Panel();
    const b = bytes('H9');
    expect(panel.recordOrdered(b, 0, 2, 2023, 3, 4, 0, WORKER_ROW, 0b1000)).toBeUndefined();
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, OWN_ROW, 0)).toEqual({ displaced: { unit: 4, flags: 0, status: 3, bits: 0b1000, rank: WORKER_ROW } });
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, WORKER_ROW, 0)).toBe('duplicate');
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, OWN_ROW, 0)).toBe('duplicate');
  });

  it("orders the rows of the pieces of tail a worker took between this thread's and the worker's own, each piece before the one taken before it, whichever comes first", () => {
    const panel = new Panel();
    const b = bytes('H1H2H3H4');
    const [first, second] = [tailRow(1), tailRow(2)];
    expect([first, second, tailRow(MAX_TAILS)]).toEqual([WORKER_ROW - 1, WORKER_ROW - 2, OWN_ROW + 1]);
    // H1: the worker's own row, then one of the first piece of tail (earlier in the file: it displaces it), then one of the second piece (earlier still), then this thread's
    expect(panel.recordOrdered(b, 0, 2, 2023, 3, 4, 1, WORKER_ROW, 0b1000)).toBeUndefined();
    expect(panel.recordOrdered(b, 0, 2, 2023, 2, 5, 2, first, 0b0100)).toEqual({ displaced: { unit: 4, flags: 1, status: 3, bits: 0b1000, rank: WORKER_ROW } });
    expect(panel.recordOrdered(b, 0, 2, 2023, 2, 6, 3, second, 0b0010)).toEqual({ displaced: { unit: 5, flags: 2, status: 2, bits: 0b0100, rank: first } });
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 7, 4, OWN_ROW, 0b0001)).toEqual({ displaced: { unit: 6, flags: 3, status: 2, bits: 0b0010, rank: second } });
    for (const rank of [OWN_ROW, second, first, WORKER_ROW]) expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 3, rank, 0)).toBe('duplicate');
    // H2: a row of the first piece, then another of it (the later one is the duplicate), then the worker's own; one of the second piece displaces it
    expect(panel.recordOrdered(b, 2, 4, 2023, 3, 4, 0, first, 0b1_1111_1111_1111)).toBeUndefined();
    expect(panel.recordOrdered(b, 2, 4, 2023, 3, 4, 0, first, 0)).toBe('duplicate');
    expect(panel.recordOrdered(b, 2, 4, 2023, 3, 4, 0, WORKER_ROW, 0)).toBe('duplicate');
    // (what the row added comes back without the panel's own mark)
    expect(panel.recordOrdered(b, 2, 4, 2023, 1, 7, 0, second, 0)).toEqual({ displaced: { unit: 4, flags: 0, status: 3, bits: 0b1_1111_1111_1111, rank: first } });
    // H3: the last piece a worker may take displaces every other piece, this thread's row displaces it
    expect(panel.recordOrdered(b, 4, 6, 2023, 1, 7, 0, tailRow(MAX_TAILS - 1), 0)).toBeUndefined();
    expect(panel.recordOrdered(b, 4, 6, 2023, 1, 7, 0, tailRow(MAX_TAILS), 0)).toEqual({ displaced: { unit: 7, flags: 0, status: 1, bits: 0, rank: tailRow(MAX_TAILS - 1) } });
    expect(panel.recordOrdered(b, 4, 6, 2023, 1, 8, 0, OWN_ROW, 0)).toEqual({ displaced: { unit: 7, flags: 0, status: 1, bits: 0, rank: tailRow(MAX_TAILS) } });
    // H4: this thread's row first: the pieces' and the worker's are duplicates
    expect(panel.recordOrdered(b, 6, 8, 2023, 1, 7, 0, OWN_ROW, 0)).toBeUndefined();
    for (const rank of [second, first, WORKER_ROW]) expect(panel.recordOrdered(b, 6, 8, 2023, 1, 7, 0, rank, 0)).toBe('duplicate');
    // settled, every row is a row like this thread's: a later one is the duplicate, whatever it was
    panel.settleWorker();
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 3, OWN_ROW, 0)).toBe('duplicate');
    expect(panel.recordOrdered(b, 2, 4, 2023, 1, 6, 3, OWN_ROW, 0)).toBe('duplicate');
  });
});

describe('the warm-up of the panel code (warmPanelCode)', () => {
  // V8 compiles recordOrdered from what it has seen it do: a path the warm-up misses is first taken
  // amid a real file, and the compiled code is thrown away (the first new row of a worker was, every
  // run of the 1M-row file, before the warm-up recorded one)
  it('finds two ids a new panel first looks for at the same place of its table (the second steps on)', () => {
    const prefix = Uint8Array.of(1);
    const pair = sameHome(prefix);
    expect(pair.length).toBe(4);
    expect(pair.subarray(0, 2).equals(pair.subarray(2))).toBe(false);
    expect(keyHash(prefix, pair, 0, 2) & 4095).toBe(keyHash(prefix, pair, 2, 4) & 4095);
  });

  it('takes every outcome of recordOrdered: new rows of this thread, of the worker part and of two pieces of tail, duplicates, rows displaced', () => {
    const recorded = Array<number>(WORKER_ROW + 1).fill(0);
    // (16 in the rounds, then two ids first looked for at the same place)
    recorded[OWN_ROW] = 18;
    recorded[tailRow(1)] = 4;
    recorded[tailRow(2)] = 4;
    recorded[WORKER_ROW] = 8;
    expect(warmPanel(new Panel())).toEqual({ recorded, duplicates: 80, displaced: 16 });
    // and alike on a panel whose arena blocks hold 16 bytes (a new block every few ids)
    expect(warmPanel(new Panel(16))).toEqual({ recorded, duplicates: 80, displaced: 16 });
  });
});
