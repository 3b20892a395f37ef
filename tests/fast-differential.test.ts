// The fast reader gives what the csv-parse path gives: the same records, rejects with the same lines,
// findings, file reports and tallies — on the csv-spectrum cases, every fixture, generated files with
// quotes, embedded delimiters and line breaks, CRLF, BOM, multi-byte characters cut by chunk
// boundaries, ragged and bad rows, and a seeded random set of small files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cutCharacter, prepareRoom, recordLoop, scanRecords, type UnitCache } from '../src/fast/records.js';
import { RECORDS_WASM } from '../src/fast/records-wasm.js';
import { HouseholdKernel } from '../src/fast/kernel.js';
import { claim, mainShare, newBalance, splitWithWorker, steal, STEAL_SHARE } from '../src/fast/split.js';
import { prepareWorker, startWorkerFor, startWorkerForArgs, takeWorker, type PreparedWorker } from '../src/fast/prewarm.js';
import { rowSinks } from '../src/fast/households.js';
import { makeHandlers } from '../src/handlers.js';
import { FileLoader } from '../src/input/load.js';
import type { Finding } from '../src/input/types.js';
import { Tallier } from '../src/tally/tally.js';
import { MAX_TAILS } from '../src/tally/panel.js';
import { pathToFileURL } from 'node:url';
import { readRecordsFast } from '../src/fast/scan.js';
import { tallyJson } from '../src/formatters/summary.js';
import { readCsvWithCsvParse } from '../src/input/reader.js';
import { loadData, type DataOptions } from '../src/pipeline.js';
import { rng, tempFile } from './helpers.js';

async function recordsSlow(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  const source = await readCsvWithCsvParse(file, {});
  await source.read((fields) => rows.push([...fields]));
  return rows;
}

async function outcome(file: string, fast: boolean, chunkSize?: number, options: DataOptions = {}) {
  try {
    const data = await loadData([file], fast ? { ...options, chunkSize } : { ...options, reader: readCsvWithCsvParse });
    return {
      inputs: data.inputs,
      rejects: data.rejects,
      findings: data.findings,
      tallies: [...data.tallies.values()].map(tallyJson).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    };
  } catch (error) {
    return { error: String((error as Error).message), code: (error as { code?: string }).code, params: (error as { params?: unknown }).params, location: (error as { location?: unknown }).location };
  }
}

async function same(file: string, chunkSizes = [undefined, 7, 64]) {
  const slow = await outcome(file, false);
  for (const chunkSize of chunkSizes) expect(await outcome(file, true, chunkSize), `${file} chunk ${chunkSize}`).toEqual(slow);
}

/** What `reading` gives, and how many rows the fused row handler of this thread read meanwhile (a worker's rows are read in its own thread). */
async function withFusedRows<T>(reading: () => Promise<T>): Promise<[T, number]> {
  const rows = vi.spyOn(HouseholdKernel.prototype, 'row');
  try {
    const result = await reading();
    return [result, rows.mock.results.filter((r) => r.value === true).length];
  } finally {
    rows.mockRestore();
  }
}

/** A suite run with each record loop of the scanner: WebAssembly (the default) and JavaScript. */
function describeLoops(name: string, suite: () => void) {
  for (const wasm of [true, false]) {
    describe(`${name} (${wasm ? 'WebAssembly' : 'JavaScript'} record loop)`, () => {
      beforeAll(() => {
        recordLoop.wasm = wasm;
      });
      afterAll(() => {
        recordLoop.wasm = true;
      });
      suite();
    });
  }
}

const spectrum = path.join(path.dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json')), 'csvs');

describe('a character cut short at the end of a chunk', () => {
  it.each([
    ['ASCII', 'Xã', 'abc', 0],
    ['a 2-byte character whole', '', 'ô', 0],
    ['a 2-byte character after its first byte', '', 'ô', 1, 1],
    ['a 3-byte character after 1 and 2 bytes', '', 'ị', 1, 1],
    ['a 3-byte character after 2 bytes', '', 'ị', 2, 2],
    ['a 3-byte character whole', 'Lâm Đồng,', 'ị', 0],
    ['a 4-byte character after 3 bytes', 'x', '😀', 3, 3],
    ['a 4-byte character whole', 'x', '😀', 0],
  ])('%s', (_name, before, last, cut, keep?: number) => {
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from(last).subarray(0, keep ?? Buffer.byteLength(last))]);
    expect(cutCharacter(bytes, bytes.length)).toBe(cut);
  });

  it('is not counted when the bytes are not UTF-8 anyway (a continuation byte alone): the chunk is read as invalid', () => {
    expect(cutCharacter(Buffer.from([0x61, 0x80, 0x80, 0x80]), 4)).toBe(0);
  });
});

describe('the WebAssembly record loop', () => {
  it('is a valid module on this Node.js, built from records.wat (node scripts/build-wasm.mjs)', async () => {
    expect(WebAssembly.validate(Buffer.from(RECORDS_WASM, 'base64'))).toBe(true);
    // @ts-expect-error a script of ours, without types
    const { buildRecordsWasm } = await import('../scripts/build-wasm.mjs');
    expect(await buildRecordsWasm()).toBe(readFileSync(new URL('../src/fast/records-wasm.ts', import.meta.url), 'utf8'));
  });
});

/** Each record of `text` as the fast handler is given it: fields and empty-field masks, with the unit cache. */
async function fastRecords(text: string, chunkSize: number | undefined, each?: (buf: Buffer, starts: Int32Array, ends: Int32Array, units: UnitCache) => unknown) {
  const file = tempFile('fast-records.csv', text);
  const seen: { fields: string[]; empty0: number; empty1: number; named?: unknown }[] = [];
  await scanRecords(file, { from: 0, to: statSync(file).size, line: 0 }, 44, 'lf', chunkSize ?? 1 << 16, () => undefined, (buf, starts, ends, n, _line, empty0, empty1, units) => {
    const fields = Array.from({ length: n }, (_, k) => buf.toString('utf8', starts[k], ends[k]));
    seen.push({ fields, empty0, empty1, ...(each ? { named: each(buf, starts, ends, units!) } : {}) });
    return true;
  });
  return seen;
}

describeLoops('the empty-field masks', () => {
  it('mark the empty fields of the first 64 (bit k of empty0, bit k − 32 of empty1), in records of 70 fields', async () => {
    const empties = [[0, 5, 31, 32, 33, 62, 63, 64, 65, 69], [1, 2, 3, 4, 16, 17, 30, 31], [34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 60, 61, 62, 63]];
    const records = empties.map((empty) => Array.from({ length: 70 }, (_, k) => (empty.includes(k) ? '' : k % 7 === 0 ? `Xã Thủy Hạ ${k}` : String(k))));
    const text = `${records.map((r) => r.join(',')).join('\n')}\n`;
    const mask = (empty: number[], from: number) => empty.filter((k) => k >= from && k < from + 32).reduce((m, k) => m | (1 << (k - from)), 0);
    for (const chunkSize of [undefined, 40]) {
      const seen = await fastRecords(text, chunkSize);
      expect(seen.map((r) => r.fields), `chunk ${chunkSize}`).toEqual(records);
      expect(seen.map((r) => [r.empty0, r.empty1]), `chunk ${chunkSize}`).toEqual(empties.map((e) => [mask(e, 0), mask(e, 32)]));
    }
  });
});

describe('the unit cache of the WebAssembly record loop', () => {
  /** What the cache names for the cells of fields p, d, c, a of the record. */
  const named = (units: UnitCache, starts: Int32Array, ends: Int32Array, [p, d, c, a]: number[]) => units.unit(starts[p], ends[p], starts[d], ends[d], starts[c], ends[c], starts[a], ends[a]);

  it('finds four cells by their bytes, side by side in the row or not, and not other cells that join to the same bytes', async () => {
    // fields 0–3 side by side, as exports have them; fields 4–7 the same texts again
    const row = (p: string, d: string, c: string, a: string) => [p, d, c, a, p, d, c, a].join(',');
    const text = [row('Thừa Thiên Huế', 'Huyện A Lưới', 'Xã Hồng Kim', 'Nông thôn'), row('Lâm Đồng', 'Đam Rông', 'Xã Phi Liêng', ''), row('Lâm Đồn', 'gĐam Rông', 'Xã Phi Liêng', '')].join('\n');
    let value = 10;
    const seen = await fastRecords(`${text}\n`, undefined, (_buf, starts, ends, units) => {
      const before = named(units, starts, ends, [0, 1, 2, 3]);
      // added from cells that are not side by side (the province of field 4), found side by side, and the other way
      const added = units.addUnit(starts[4], ends[4], starts[1], ends[1], starts[2], ends[2], starts[3], ends[3], value++);
      return [before, added, named(units, starts, ends, [0, 1, 2, 3]), named(units, starts, ends, [4, 5, 6, 7]), named(units, starts, ends, [0, 5, 2, 7])];
    });
    // "Lâm Đồn" and "gĐam Rông": the same bytes as the row before's first two cells once put together without a delimiter
    expect(seen.map((r) => r.named)).toEqual([[-1, 1, 10, 10, 10], [-1, 1, 11, 11, 11], [-1, 1, 12, 12, 12]]);
  });

  it('tells apart long cells that differ in one byte, wherever it is (in a block of sixteen, at its end, in the last block)', async () => {
    // (unaccented, so that every place holds a one-byte character to change; a cell of exactly sixteen bytes)
    const base = ['Tinh Thua Thien Hue sau sap nhap 2025', 'Huyen Quang Dien', 'Xa Quang Thai thon Dong Ho 17', 'Nong thon'];
    const rows = [base];
    for (let cell = 0; cell < 4; cell++) {
      const bytes = Buffer.from(base[cell]);
      for (const at of new Set([0, 1, 15, 16, 17, 31, 32, bytes.length - 2, bytes.length - 1].filter((k) => k < bytes.length))) {
        const other = Buffer.from(bytes);
        other[at] = other[at] === 0x5a ? 0x59 : 0x5a;
        rows.push(base.map((t, k) => (k === cell ? other.toString('utf8') : t)));
      }
    }
    rows.push(base);
    let value = 0;
    const seen = await fastRecords(`${rows.map((r) => r.join(',')).join('\n')}\n`, undefined, (_buf, starts, ends, units) => {
      const before = named(units, starts, ends, [0, 1, 2, 3]);
      if (before < 0) units.addUnit(starts[0], ends[0], starts[1], ends[1], starts[2], ends[2], starts[3], ends[3], value);
      value++;
      return before;
    });
    expect(rows.length).toBe(26);
    // each row other than the base is new to the cache; the base again is found
    expect(seen.map((r) => r.named)).toEqual([...rows.slice(0, -1).map(() => -1), 0]);
  });

  it('holds 32,768 units; full, it stays as it is', async () => {
    const rows = 34_000;
    const text = Array.from({ length: rows }, (_, k) => `Tỉnh ${k % 63},Huyện ${k % 700},Xã Số ${k},Nông thôn`).join('\n') + '\n';
    const pass = (add: boolean) => {
      let k = 0;
      return (_buf: Buffer, starts: Int32Array, ends: Int32Array, units: UnitCache) => {
        const value = k++;
        return add ? units.addUnit(starts[0], ends[0], starts[1], ends[1], starts[2], ends[2], starts[3], ends[3], value) : named(units, starts, ends, [0, 1, 2, 3]);
      };
    };
    // every row added, then each looked up again, in one scan (its cache lives as long as the scan)
    const added = pass(true), looked = pass(false);
    let row = 0;
    const seen = await fastRecords(text + text, 1 << 23, (buf, starts, ends, units) => (row++ < rows ? added(buf, starts, ends, units) : looked(buf, starts, ends, units)));
    expect(seen).toHaveLength(2 * rows);
    const kept = seen.slice(0, rows).map((r) => r.named);
    expect(kept.slice(0, 32_768).every((r) => r === 1)).toBe(true);
    expect(kept.slice(32_768).every((r) => r === 0)).toBe(true);
    const found = seen.slice(rows).map((r) => r.named);
    expect(found.slice(0, 32_768)).toEqual(Array.from({ length: 32_768 }, (_, k) => k));
    expect(found.slice(32_768).every((r) => r === -1)).toBe(true);
  });

  it('keeps no cell of 65,536 bytes or more (its length does not fit the key): such cells are never found', async () => {
    const long = `Xã ${'Đ'.repeat(33_000)}`;
    const text = `Lâm Đồng,Đam Rông,${long},Nông thôn\nLâm Đồng,Đam Rông,${long},Nông thôn\nLâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn\nLâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn\n`;
    const seen = await fastRecords(text, 1 << 20, (_buf, starts, ends, units) => [named(units, starts, ends, [0, 1, 2, 3]), units.addUnit(starts[0], ends[0], starts[1], ends[1], starts[2], ends[2], starts[3], ends[3], 5)]);
    expect(Buffer.byteLength(long)).toBeGreaterThan(65_535);
    expect(seen.map((r) => r.named)).toEqual([[-1, 0], [-1, 0], [-1, 1], [5, 1]]);
  });
});

describe('the rooms of scans on one thread', () => {
  it('a scan after another of the same chunk size reads with its own delimiter and line ends, and an empty unit cache', async () => {
    const first = tempFile('room-a.csv', 'a;b;c\r\nLâm Đồng;Đam Rông;x\r\n');
    const second = tempFile('room-b.csv', 'a,b,c\nLâm Đồng,Đam Rông,x\n');
    const seen: [string, number[], number][] = [];
    const memories = new Set<ArrayBufferLike>();
    const scan = (file: string, delimiter: string, eol: 'lf' | 'crlf', name: string) =>
      scanRecords(file, { from: 0, to: statSync(file).size, line: 0 }, delimiter.charCodeAt(0), eol, 256, () => undefined, (buf, starts, ends, n, line, _e0, _e1, units) => {
        if (line === 1) return false;
        memories.add(buf.buffer);
        const cells = [0, 1, 2].map((k) => buf.toString('utf8', starts[k], ends[k]));
        // what the cache names for the first two cells, then what this scan names them
        const named = units!.unit(starts[0], ends[0], starts[1], ends[1], starts[2], ends[2], 0, 0);
        units!.addUnit(starts[0], ends[0], starts[1], ends[1], starts[2], ends[2], 0, 0, name === 'first' ? 7 : 9);
        seen.push([name, [n, cells.join('|').length], named]);
        expect(cells).toEqual(['Lâm Đồng', 'Đam Rông', 'x']);
        return true;
      });
    await scan(first, ';', 'crlf', 'first');
    await scan(second, ',', 'lf', 'second');
    await scan(first, ';', 'crlf', 'third');
    expect(seen).toEqual([['first', [3, 19], -1], ['second', [3, 19], -1], ['third', [3, 19], -1]]);
    // one room, taken again by each scan (a new one made after the loop was compiled threw the compiled code away)
    expect(memories.size).toBe(1);
    // a room made ahead (a worker waiting for its part) is the one the next scan of its size takes
    const ahead = prepareRoom(300);
    const taken = new Set<ArrayBufferLike>();
    await scanRecords(second, { from: 0, to: statSync(second).size, line: 0 }, 44, 'lf', 300, () => undefined, (buf) => (taken.add(buf.buffer), true));
    expect(taken.size).toBe(1);
    expect([...taken][0]).toBe(ahead.buffer);
  });
});

describeLoops('fast reader records', () => {
  for (const name of readdirSync(spectrum)) {
    it(`csv-spectrum ${name}`, async () => {
      const file = path.join(spectrum, name);
      for (const chunkSize of [undefined, 3, 16]) expect(await readRecordsFast(file, { chunkSize })).toEqual(await recordsSlow(file));
    });
  }

  it.each([
    ['CRLF and LF', 'a,b\r\n1,2\n3,4\r\n'],
    ['no final line break', 'a,b\n1,2'],
    ['blank lines and a blank last line', 'a,b\n\n1,2\n\n'],
    ['quoted delimiter, quote and line break', 'a,b\n"x,y","say ""hi""\r\nthere"\n1,2\n'],
    ['a quote inside an unquoted field', 'a,b\nab"c,d\n'],
    ['empty quoted fields and trailing delimiter', 'a,b,c\n"","",\n'],
    ['BOM', '\uFEFFa;b\n1;2\n'],
    ['multi-byte characters', 'tỉnh,xã\nLâm Đồng,Đạ Huoai\nThừa Thiên Huế,Hồng Kim\n'],
    ['a lone line feed inside a CRLF file', 'a,b\r\n1\n2,3\r\n4,5\r\n'],
    ['records of 1,500 fields (more than the WebAssembly loop keeps) between short ones', `a,b\n1,2\n${'x,'.repeat(1499)}y\n3,4\n${',x'.repeat(1500)}\n5,6\n`],
  ])('%s', async (_name, text) => {
    const file = tempFile('r.csv', text);
    for (const chunkSize of [undefined, 1, 2, 3, 5, 11]) expect(await readRecordsFast(file, { chunkSize }), `chunk ${chunkSize}`).toEqual(await recordsSlow(file));
  });
});

describeLoops('fast reader outcomes', () => {
  const fixtures = ['inputs', 'sample', 'crosswalk'].flatMap((dir) => readdirSync(`fixtures/${dir}`).filter((f) => f.endsWith('.csv')).map((f) => `fixtures/${dir}/${f}`));
  for (const file of fixtures) it(file, () => same(file));

  it('a character U+FDD0 (the mark of invalid bytes) in a UTF-8 file rejects its row in both', async () => {
    await same(tempFile('fdd0.csv', 'nam;tinh;xa;phan_loai\n2022;Lâm Đồng;Xã \uFDD0;hộ nghèo\n'.repeat(1).replace(/$/, '')));
  });

  it('a malformed quote stops both with the same error', async () => {
    const file = tempFile('bad.csv', 'nam,tinh,phan_loai\n2022,"Lâm "Đồng,poor\n');
    await same(file);
  });
});

/** A small household file with the quirks of real exports, some rows bad. */
function randomFile(random: () => number, rows: number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const delimiter = pick([',', ';', '\t']);
  const decimal = delimiter === ',' ? '.' : ',';
  const thousands = delimiter === ',' ? ',' : '.';
  const eol = pick(['\n', '\r\n']);
  const quote = (cell: string) => (cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || random() < 0.05 ? `"${cell.replace(/"/g, '""')}"` : cell);
  const header = ['Mã hộ', 'Năm', 'Tỉnh', 'Huyện', 'Xã', 'Khu vực', 'DTTS', 'Thu nhập bình quân', 'Số chỉ số thiếu hụt', 'Việc làm', 'Bảo hiểm y tế', 'Có nhu cầu vay vốn', 'Được vay vốn', 'Diễn biến'];
  const lines = [header.join(delimiter)];
  for (let i = 0; i < rows; i++) {
    const income = Math.round(random() * 3_000_000);
    const incomeCell = random() < 0.5 ? String(income).replace(/\B(?=(\d{3})+(?!\d))/g, thousands) + (random() < 0.2 ? `${decimal}5` : '') : String(income);
    const cells = [
      random() < 0.9 ? `H${Math.floor(random() * rows)}` : '',
      pick(['2021', '2022', '2022', '2023', '20x3', '2030']),
      pick(['Lâm Đồng', 'Lâm Đồng'.normalize('NFD'), 'Thái Nguyên', ' Thái Nguyên', '']),
      pick(['Đam Rông', 'Võ Nhai', '']),
      pick(['Xã Phi Liêng', 'Xã "Mới", thôn 2', 'Xã Thần Sa\nthôn 1', 'Xã La Hiên']),
      pick(['Nông thôn', 'Thành thị', '1', '2', 'rural', 'miền núi', '']),
      pick(['x', '', 'có', '0', 'X', 'có lẽ']),
      random() < 0.05 ? '1,5tr' : incomeCell,
      pick(['0', '2', '3', '5', '', '13']),
      pick(['x', '', '✓']), pick(['x', '']), pick(['x', '', '']), pick(['x', '']),
      pick(['', '', 'thoát nghèo', 'tái nghèo', 'nghèo phát sinh', 'bỏ đi']),
    ];
    let line = cells.map(quote).join(delimiter);
    if (random() < 0.03) line = cells.slice(0, 5).join(delimiter); // ragged
    if (random() < 0.03) line += delimiter + delimiter; // trailing empty cells
    lines.push(line);
    if (random() < 0.03) lines.push('');
  }
  return (random() < 0.2 ? '\uFEFF' : '') + lines.join(eol) + (random() < 0.7 ? eol : '');
}

describeLoops('seeded random files', () => {
  it('200 small files give the same outcome through both readers, at chunk sizes down to 5 bytes', async () => {
    const random = rng(2025);
    for (let n = 0; n < 200; n++) {
      const file = tempFile(`random-${n}.csv`, randomFile(random, 1 + Math.floor(random() * 40)));
      const slow = await outcome(file, false);
      const chunk = 5 + Math.floor(random() * 300);
      expect(await outcome(file, true, chunk), `${file} at chunk ${chunk}`).toEqual(slow);
      expect(await readRecordsFast(file, { chunkSize: chunk }), file).toEqual(await recordsSlow(file));
    }
  }, 60_000);

  it('the same files in UTF-16 (decoded to UTF-8 for the scanner) give what csv-parse gives', async () => {
    const random = rng(77);
    for (let n = 0; n < 40; n++) {
      const text = randomFile(random, 1 + Math.floor(random() * 60)).replace(/^\uFEFF/, '');
      const file = tempFile(`utf16-${n}.csv`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      expect(await outcome(file, true, 5 + Math.floor(random() * 200)), file).toEqual(await outcome(file, false));
    }
  }, 60_000);

  it('a 700-row file, past the 500-row sample, with every quirk', async () => {
    const random = rng(7);
    await same(tempFile('big.csv', randomFile(random, 700)), [undefined, 97]);
  });

  it('reads the 500 sampled rows again from their bytes, by the fused row like every later row', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 700; i++) lines.push(`H${i},2023,Lâm Đồng,Đam Rông,Xã ${i % 9},${i % 3 ? 'Nông thôn' : 'Thành thị'},${(i * 7919) % 3_000_000},${i % 6}`);
    lines.splice(300, 0, '');
    const file = tempFile('sampled.csv', lines.join('\n') + '\n');
    const [data, fused] = await withFusedRows(() => loadData([file], { parallel: false }));
    expect(fused).toBe(700);
    expect(data.inputs[0]).toMatchObject({ rows: 700, accepted: 700, blankLines: 1 });
    expect(await outcome(file, true)).toEqual(await outcome(file, false));
  });
});

/**
 * A household file with a random choice and order of every column the fused row reads, and cells in
 * every form: good, padded with white space, in other spellings, bad. With the decimal mark given there
 * is no sample, so every row from line 2 is offered to the fused row handler.
 */
function householdFile(random: () => number, rows: number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  // mostly cells in the usual forms, now and then one in another form or a bad one
  const cell = (usual: string[], odd: string[]) => () => (random() < 0.96 ? pick(usual) : pick(odd));
  const mark = cell(['x', '', '', ''], ['X', '1', '0', 'có', 'không', ' x', 'x ', ' ', '?']);
  const columns: [string, () => string][] = [
    ['ma_ho', () => (random() < 0.96 ? `H${Math.floor(random() * rows * 3)}` : pick(['', ' H1', 'H1 ', 'Hộ1', 'H 2']))],
    ['nam', cell(['2022', '2023', '2023', '2024'], ['2015', '2030', '1989', '23', ' 2023', '2023.0'])],
    ['tinh', cell(['Lâm Đồng', 'Thái Nguyên'], ['Lâm Đồng'.normalize('NFD'), ' Thái Nguyên', 'Thái Nguyên\u00a0', '', ' '])],
    ['huyen', cell(['Đam Rông', 'Võ Nhai', ''], ['Võ Nhai ', ' '])],
    ['xa', cell(['Xã Phi Liêng', 'Xã La Hiên', 'Xã Thần Sa'], ['', ' ', '\u3000Xã La Hiên'])],
    ['khu_vuc', cell(['Nông thôn', 'Thành thị'], ['1', '2', 'rural', ' Nông thôn', 'miền núi', ''])],
    ['dtts', mark],
    ['nguoi_co_cong', mark],
    ['so_nhan_khau', cell(['1', '4', '7'], ['', '0', '2.5', ' 3', '1234567'])],
    ['thu_nhap_binh_quan', cell(['900000', '1500000', '1600000', '1900000', '2100000', '4000000'], ['1.500.000', '1,500,000', '2000000.5', '', ' 800000', '-5', '12345678901234567', '1tr'])],
    ['so_chi_so_thieu_hut', cell(['0', '2', '3', '6'], ['', '13', ' 3'])],
    ['viec_lam', mark], ['bao_hiem_y_te', mark], ['chat_luong_nha_o', mark], ['nguon_nuoc_sinh_hoat', mark], ['tiep_can_dich_vu_y_te', mark],
    ['phan_loai', cell(['', '', 'hộ nghèo', 'cận nghèo', 'không nghèo'], ['poor', ' poor', 'giàu'])],
    ['dien_bien', cell(['', '', 'thoát nghèo', 'tái nghèo', 'nghèo phát sinh'], ['thoát nghèo ', 'bỏ đi'])],
    ['chuan_ngheo', cell(['', '', 'vn-2022-2025'], ['vn-2016-2020', ' vn-2022-2025', 'vn-1999'])],
    ['co_nhu_cau_vay_von', mark], ['duoc_vay_von', mark], ['co_nhu_cau_hoc_nghe', mark], ['duoc_ho_tro_hoc_nghe', mark],
    ['ghi_chu', cell(['', 'a b'], [' ', ' lề '])],
  ];
  const chosen = columns.filter(([name]) => ['ma_ho', 'nam', 'tinh'].includes(name) || random() < 0.6).sort(() => random() - 0.5);
  if (!chosen.some(([name]) => ['thu_nhap_binh_quan', 'phan_loai'].includes(name))) chosen.push(columns.find(([name]) => name === 'thu_nhap_binh_quan')!);
  const lines = [chosen.map(([name]) => name).join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = chosen.map(([, make]) => make());
    lines.push(cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','));
  }
  return lines.join('\n') + '\n';
}

describeLoops('the fused row handler', () => {
  it('150 seeded files with every household column, in random order and forms, give what csv-parse gives', async () => {
    const random = rng(2026);
    for (let n = 0; n < 150; n++) {
      const file = tempFile(`fused-${n}.csv`, householdFile(random, 1 + Math.floor(random() * 60)));
      const options: DataOptions = { decimal: '.', ...(random() < 0.2 ? { asOf: 2023 } : {}), ...(random() < 0.1 ? { standard: 'vn-2016-2020' } : {}) };
      const slow = await outcome(file, false, undefined, options);
      expect(await outcome(file, true, 5 + Math.floor(random() * 300), options), `${file} ${JSON.stringify(options)}`).toEqual(slow);
    }
  }, 60_000);
});

describe('the fused row handler, many units', () => {
  it('5,000 communes (its table of units grows twice) give what csv-parse gives', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 10_000; i++) lines.push(`H${i},2023,Tỉnh ${(i % 5000) % 7},Huyện ${(i % 5000) % 61},Xã ${i % 5000},${i % 3 ? 'Nông thôn' : 'Thành thị'},${(i * 7919) % 3_000_000},${i % 6}`);
    const file = tempFile('many-units.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    expect((slow as { tallies: unknown[] }).tallies.length).toBeGreaterThan(10_000);
    expect(await outcome(file, true, undefined, { decimal: '.' })).toEqual(slow);
  }, 30_000);
});

describe('the fused row handler, the area of a unit seen before', () => {
  it("takes each row's area from its own cell, not from the cache of the unit's cells: urban and rural rows of 700 communes", async () => {
    // (700 communes × 3 areas: more than the cache holds, and a table crowded enough to probe past other keys)
    const areas = ['Nông thôn', 'Thành thị', '', 'Nông thôn', ' Thành thị', 'thành thị'];
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 4200; i++) lines.push(`H${i},2023,Lâm Đồng,Đam Rông,Xã ${i % 700},${areas[i % areas.length]},${(i * 7919) % 3_000_000},${i % 6}`);
    const file = tempFile('areas.csv', lines.join('\n') + '\n');
    const fast = await outcome(file, true);
    expect(fast).toEqual(await outcome(file, false));
    const district = (group: string) => (fast as { tallies: { unit: { level: string }; group: string; households: number }[] }).tallies.find((t) => t.unit.level === 'district' && t.group === group)!.households;
    // 'thành thị' in lower case is urban too, ' Thành thị' is trimmed by the general path; a row without an area cannot be classified by income (rejected)
    expect([district('all'), district('urban'), district('rural')]).toEqual([3500, 2100, 1400]);
    expect((fast as { rejects: unknown[] }).rejects).toHaveLength(700);
  });
});

describe('the fused row handler, household ids', () => {
  it('reads ids of ASCII below DEL; leaves an id with DEL or a non-ASCII character at any place to the general path, with the same outcome', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    let plain = 0;
    for (let length = 1; length <= 9; length++) {
      const id = 'HABCDEFGH'.slice(0, length);
      lines.push(`${id}~,2023,Lâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn,${length * 100_000},${length % 6}`);
      plain++;
      for (let at = 0; at < length; at++) {
        for (const odd of ['\u007f', 'Đ', 'é']) lines.push(`${id.slice(0, at)}${odd}${id.slice(at + 1)},2023,Lâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn,${at * 300_000},${at % 6}`);
      }
    }
    const file = tempFile('ids.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    const [fast, fused] = await withFusedRows(() => outcome(file, true, undefined, { decimal: '.' }));
    expect(fast).toEqual(slow);
    expect((slow as { rejects: unknown[] }).rejects).toEqual([]);
    expect(fused).toBe(plain);
  });
});

describe('the fused row handler, units that look alike', () => {
  it('600 communes of the same length and the same bytes where its hash looks, told apart byte by byte', async () => {
    // 16 and 15 bytes long, the quarter, middle and last bytes the same in each family: "Xã A" + 3
    // digits + "K" + 6 digits + "Z" (four words of 4 bytes), "Xã B" + 2 digits + "K" + 6 digits + "Z"
    // (three words and 3 bytes more)
    const commune = (n: number) => {
      const d = String(n % 300).padStart(9, '0');
      return n < 300 ? `Xã A${d.slice(0, 3)}K${d.slice(3)}Z` : `Xã B${d.slice(1, 3)}K${d.slice(3)}Z`;
    };
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 6000; i++) lines.push(`H${i},2023,Lâm Đồng,Đam Rông,${commune((i * 7) % 600)},Nông thôn,${(i * 7919) % 3_000_000},${i % 6}`);
    const file = tempFile('alike-units.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    expect((slow as { tallies: { unit: { level: string } }[] }).tallies.filter((t) => t.unit.level === 'commune' && (t as unknown as { group: string }).group === 'all').length).toBe(600);
    expect(await outcome(file, true, undefined, { decimal: '.' })).toEqual(slow);
  });
});

describe('the fused row handler, as many communes as a national review', () => {
  it('5,000 communes in both areas (10,000 keys: past the 2,048 the unit caches hold at first) in no order, counted as csv-parse counts them', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 15_000; i++) {
      const n = (i * 7919) % 5000;
      lines.push(`H${i},2023,Tỉnh ${n % 7},Huyện ${n % 97},Xã Số ${n},${i % 3 ? 'Nông thôn' : 'Thành thị'},${(i * 104_729) % 3_000_000},${i % 6}`);
    }
    const file = tempFile('many-communes.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    const [fast, fused] = await withFusedRows(() => outcome(file, true, undefined, { decimal: '.' }));
    expect(fused).toBe(15_000);
    expect(fast).toEqual(slow);
    const communes = (fast as { tallies: { unit: { level: string }; group: string; households: number }[] }).tallies.filter((t) => t.unit.level === 'commune' && t.group === 'all');
    expect(communes).toHaveLength(5000);
    expect(communes.every((t) => t.households === 3)).toBe(true);
  });
});

describe('the fused row handler, units written decomposed', () => {
  it('names a unit whose cells first come decomposed (NFD) as csv-parse does, composed (NFC), and counts later composed rows in it', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 800; i++) {
      const [province, district, commune] = ['Lâm Đồng', 'Đam Rông', `Xã Đạ Tông ${i % 4}`].map((t) => t.normalize(i < 600 ? 'NFD' : 'NFC'));
      lines.push(`H${i},2023,${province},${district},${commune},Nông thôn,${(i * 7919) % 3_000_000},${i % 6}`);
    }
    const file = tempFile('nfd-units.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    const [fast, fused] = await withFusedRows(() => outcome(file, true, undefined, { decimal: '.' }));
    expect(fused).toBe(800);
    expect(fast).toEqual(slow);
    const communes = (fast as { tallies: { unit: { level: string; name: string; path: string[] }; group: string; households: number }[] }).tallies.filter((t) => t.unit.level === 'commune' && t.group === 'all');
    expect(communes.map((t) => [t.unit.path.join('/'), t.households])).toEqual([0, 1, 2, 3].map((k) => [`Lâm Đồng/Đam Rông/Xã Đạ Tông ${k}`.normalize('NFC'), 200]));
  });
});

describe('the rows sampled for the decimal mark', () => {
  const header = ['ma_ho', 'nam', 'tinh', 'huyen', 'xa', 'khu_vuc', 'so_nhan_khau', 'thu_nhap_binh_quan'];

  it('give the loader only the cells that decide the mark, decoded from their bytes', () => {
    const loader = new FileLoader('sample.csv', {}, {}, { encoding: 'utf-8', bom: false, delimiter: ';' });
    loader.header(header);
    loader.deferSample = true;
    const { sampleRow } = rowSinks(loader, {});
    const row = 'H1;2023;Lâm Đồng;Đam Rông;Xã Phi Liêng;Nông thôn;4;1.500.000';
    const buf = Buffer.from(`${row}\n`);
    const starts = new Int32Array(8), ends = new Int32Array(8);
    let at = 0;
    row.split(';').forEach((cell, k) => {
      starts[k] = at;
      ends[k] = at += Buffer.byteLength(cell);
      at++;
    });
    expect(sampleRow(buf, starts, ends, 8, 2, 0, 0, null)).toBe(true);
    expect((loader as unknown as { sample: unknown[] }).sample).toEqual([{ fields: ['', '', '', '', '', '', '4', '1.500.000'], line: 2 }]);
    // 499 more decide the mark from those cells: decimal commas (thousands dots)
    for (let line = 3; line <= 501; line++) sampleRow(buf, starts, ends, 8, line, 0, 0, null);
    expect(loader.decimal).toBe(',');
    expect(loader.sampling).toBe(false);
    // (the loader processes none of them: the reader drops them and reads them again)
    expect(loader.report.rows).toBe(0);
  });

  it('a file that ends within the sample: the mark decided from it, every row read again as csv-parse reads it', async () => {
    const lines = [header.join(';')];
    for (let i = 0; i < 60; i++) lines.push(['H' + i, '2023', 'Lâm Đồng', 'Đam Rông', i % 3 ? 'Xã Phi Liêng' : 'Xã Đạ Tông', i % 2 ? 'Nông thôn' : 'Thành thị', String(1 + (i % 6)), `${3 + (i % 3)}.${String(100 + i).padStart(3, "0")}.000`].join(';'));
    const file = tempFile('sample-ends.csv', lines.join('\n') + '\n');
    const slow = await outcome(file, false);
    const [fast, fused] = await withFusedRows(() => outcome(file, true));
    expect(fused).toBe(60);
    expect(fast).toEqual(slow);
    expect((fast as { inputs: { decimal: string; rows: number }[] }).inputs[0]).toMatchObject({ decimal: ',', rows: 60 });
  });
});

describe('the fused row handler, blank cells', () => {
  // blank counts are kept in 8-bit bit-sliced counters for 255 rows at a time, for columns 0–63
  it.each([
    ['columns 0–31, the same column blank for 1,000 rows', 0],
    ['columns 32–63 (behind 30 unknown columns)', 30],
    ['a column past the 64th (the fused handler leaves such files alone)', 60],
  ])('%s: the same blank shares as csv-parse', async (_name, extra) => {
    const header = ['ma_ho', 'nam', 'tinh', 'huyen', ...Array.from({ length: extra }, (_, i) => `them_${i}`), 'xa', 'khu_vuc', 'thu_nhap_binh_quan', 'viec_lam', 'bao_hiem_y_te', 'chat_luong_nha_o', 'dtts'];
    const lines = [header.join(',')];
    for (let i = 0; i < 1000; i++) {
      const cells = [`H${i}`, '2023', 'Lâm Đồng', i % 7 ? 'Đam Rông' : '', ...Array.from({ length: extra }, (_, k) => (k === i % (extra || 1) ? '' : 'a')), 'Xã Phi Liêng', 'Nông thôn', String(900_000 + (i % 5) * 300_000), i % 2 ? 'x' : '', '', i % 3 ? '' : 'x', i < 700 ? '' : 'x'];
      lines.push(cells.join(','));
    }
    const file = tempFile(`blank-cells-${extra}.csv`, lines.join('\n') + '\n');
    const slow = await outcome(file, false, undefined, { decimal: '.' });
    const [fast, fused] = await withFusedRows(() => outcome(file, true, undefined, { decimal: '.' }));
    // every row through the fused handler, but for the file it leaves alone
    expect(fused).toBe(extra < 60 ? 1000 : 0);
    expect(fast).toEqual(slow);
    const { blankShares } = (fast as { inputs: { blankShares: Record<string, number> }[] }).inputs[0];
    expect([blankShares.district, blankShares.d_health_insurance, blankShares.d_housing_quality, blankShares.ethnic_minority]).toEqual([143 / 1000, 1, 666 / 1000, 700 / 1000]);
  });
});

describe('a file split with a worker thread', () => {
  async function parallel(file: string, options: DataOptions = {}) {
    const data = await loadData([file], { parallelMinBytes: 1, chunkSize: 256, ...options });
    return {
      inputs: data.inputs,
      rejects: data.rejects,
      findings: data.findings,
      tallies: [...data.tallies.values()].map(tallyJson).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    };
  }

  /** Quote-free rows past the 500-row sample, with ids that repeat across years and within a year in both halves. */
  function panelFile(rows: number): string {
    const random = rng(99);
    const lines = ['ma_ho;nam;tinh;huyen;xa;khu_vuc;dtts;thu_nhap_binh_quan;so_chi_so_thieu_hut;co_nhu_cau_vay_von;duoc_vay_von;dien_bien'];
    for (let i = 0; i < rows; i++) {
      const year = i < rows / 2 ? 2022 : 2023;
      // every 50th row repeats an id of the same year: some from the first half, some from the second
      const id = i % 50 === 49 ? `H${(i * 7) % rows < rows / 2 === (year === 2022) ? (i * 7) % rows : i - 10}` : `H${i % (rows / 2)}`;
      const income = Math.round(random() * 3_000_000);
      lines.push([id, year, 'Lâm Đồng', random() < 0.5 ? 'Đam Rông' : 'Lạc Dương', `Xã ${Math.floor(random() * 5)}`, random() < 0.8 ? 'Nông thôn' : 'Thành thị',
        random() < 0.4 ? 'x' : '', String(income).replace(/\B(?=(\d{3})+(?!\d))/g, '.'), Math.floor(random() * 6), random() < 0.3 ? 'x' : '', random() < 0.2 ? 'x' : '',
        random() < 0.1 ? 'thoát nghèo' : random() < 0.05 ? 'abc' : ''].join(';'));
      if (random() < 0.01) lines.push('');
    }
    return lines.join('\n') + '\n';
  }

  it('gives what one thread gives: tallies, flows, rejects (duplicates across the halves too) and lines', async () => {
    const file = tempFile('panel.csv', panelFile(4000));
    const one = await outcome(file, false);
    const two = await parallel(file);
    expect(two).toEqual(one);
    expect((one as { rejects: { code: string }[] }).rejects.filter((r) => r.code === 'duplicateHousehold').length).toBeGreaterThan(20);
  }, 30_000);

  it('names units written in several spellings in both threads as one thread does (the worker only numbers them; this thread names them)', async () => {
    const spellings = [
      ['Lâm Đồng', 'Huyện Đam Rông', 'Xã Đạ Tông'],
      ['Lâm Đồng'.normalize('NFD'), 'Đam Rông'.normalize('NFD'), 'Đạ Tông'.normalize('NFD')],
      ['tỉnh lâm đồng', 'huyện đam rông', 'xã đạ tông'],
      ['Lam Dong', 'Dam Rong', 'Da Tong'],
      ['Lâm Đồng', 'Đam Rông', 'Xã Phi Liêng'],
      ['Lâm  Đồng', 'Đam Rông', 'Phi Liêng'],
    ];
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,status'];
    for (let i = 0; i < 3000; i++) lines.push([`H${i}`, 2023, ...spellings[(i * 7) % spellings.length], i % 3 ? 'Nông thôn' : 'Thành thị', i % 4 ? 'non_poor' : 'poor'].join(','));
    const file = tempFile('spellings.csv', lines.join('\n') + '\n');
    const two = await parallel(file);
    expect(two).toEqual(await outcome(file, false));
    const communes = two.tallies.filter((t) => t.unit.level === 'commune' && t.group === 'all');
    expect(communes.map((t) => [t.unit.path.join('/'), t.households, t.poor])).toEqual([
      ['Lâm Đồng/Huyện Đam Rông/Xã Đạ Tông', 2000, 500],
      ['Lâm Đồng/Huyện Đam Rông/Xã Phi Liêng', 1000, 250],
    ]);
  }, 30_000);

  /** Lines of the file before byte `at` (a record start). */
  const linesBefore = (text: string, at: number) => Buffer.from(text).subarray(0, at).toString().split('\n').length - 1;

  it("the worker, done first, takes the tail of this thread's part and gives what one thread gives: duplicates and rejects in the tail, with their lines", async () => {
    const text = panelFile(4000);
    const file = tempFile('panel-steal.csv', text);
    const parts: ({ from: number; to: number } | undefined)[] = [];
    const [two, here] = await withFusedRows(() => parallel(file, { stealFirst: { taken: (part) => parts.push(part) } }));
    expect(two).toEqual(await outcome(file, false));
    // it took STEAL_SHARE of this thread's part, from a line start: this thread read the rest before it
    expect(parts).toHaveLength(1);
    const { from, to } = parts[0]!;
    const [first, middle, last] = [linesBefore(text, from), linesBefore(text, to), text.split('\n').length - 1];
    expect([Buffer.from(text)[from - 1], Buffer.from(text)[to - 1]]).toEqual([10, 10]);
    expect((to - from) / (to - Buffer.byteLength(text.split('\n').slice(0, 502).join('\n')))).toBeCloseTo(STEAL_SHARE, 1);
    expect(here).toBeLessThan(first);
    expect(middle).toBeLessThan(last);
    // the tail holds rejected rows and duplicates, each named by its line of the file
    const inTail = two.rejects.filter((r) => r.line > first && r.line <= middle);
    expect(inTail.filter((r) => r.code === 'duplicateHousehold').length).toBeGreaterThan(3);
    expect(inTail.filter((r) => r.code !== 'duplicateHousehold').length).toBeGreaterThan(3);
  }, 30_000);

  it("rows of the tail the worker took are recorded as they come, piece after piece: this thread's rows, recorded after them, displace them, each named by its line in its piece", async () => {
    const text = panelFile(4000);
    const file = tempFile('panel-steal-after.csv', text);
    const pieces: { from: number; to: number }[] = [];
    const two = await parallel(file, { stealFirst: { taken: () => undefined, afterWorker: true, onPiece: (part) => pieces.push(part) } });
    expect(two).toEqual(await outcome(file, false));
    // with this thread waiting, the worker took piece after piece of its tail, each ending where the one before began
    expect(pieces).toHaveLength(MAX_TAILS);
    for (let k = 1; k < pieces.length; k++) expect(pieces[k].to).toBe(pieces[k - 1].from);
    // duplicates in the pieces of rows of this thread's part were recorded before it, then displaced
    const duplicatesIn = ({ from, to }: { from: number; to: number }) => two.rejects.filter((r) => r.code === 'duplicateHousehold' && r.line > linesBefore(text, from) && r.line <= linesBefore(text, to)).length;
    expect([duplicatesIn(pieces[0]), duplicatesIn(pieces[1])]).toEqual([17, 2]);
  }, 30_000);

  it("the seeded random files, split, the worker taking the tail of this thread's part", async () => {
    const random = rng(32);
    for (let n = 0; n < 10; n++) {
      const file = tempFile(`steal-${n}.csv`, randomFile(random, 2000 + Math.floor(random() * 1000)).replace(/"/g, ''));
      let taken: { from: number; to: number } | undefined | 'not split' = 'not split';
      expect(await parallel(file, { stealFirst: { taken: (part) => (taken = part) } }), file).toEqual(await outcome(file, false));
      expect(taken, file).toMatchObject({ from: expect.any(Number), to: expect.any(Number) });
    }
  }, 60_000);

  it('a file with quotes only in the part of the worker is split, and gives what one thread gives', async () => {
    // quoted cells with the delimiter and a line break in them, in the last quarter only
    const lines = panelFile(4000).split('\n');
    const quoted = lines.map((line, i) => (i > 3000 && i % 7 === 0 && line ? line.replace(/;(Xã \d)/, ';"$1;\nmới"') : line)).join('\n');
    expect(quoted.split('"').length - 1).toBeGreaterThan(200);
    const file = tempFile('panel-quotes.csv', quoted);
    // the rows this thread read itself: the first part only
    const [two, here] = await withFusedRows(() => parallel(file));
    expect(here).toBeGreaterThan(500);
    expect(here).toBeLessThan(3000);
    expect(two).toEqual(await outcome(file, false));
  }, 30_000);

  it.each([
    ['only in its 500-row sample (parsed before the split)', 10],
    ['in the part of this thread', 1000],
  ])('a file with quotes %s is split, and gives what one thread gives', async (_name, at) => {
    const lines = panelFile(4000).split('\n');
    for (const k of [at, at + 5, at + 9]) lines[k] = lines[k].replace(/;(Xã \d)/, ';"$1;\nmới"');
    const file = tempFile(`panel-quote-${at}.csv`, lines.join('\n'));
    const [two, here] = await withFusedRows(() => parallel(file));
    expect(here).toBeGreaterThan(500);
    expect(here).toBeLessThan(3000);
    expect(two).toEqual(await outcome(file, false));
  }, 30_000);

  /** The panel file with the commune cell of one row 5 % of the file before where the worker's part would start holding 8 % of the file in lines "thôn k": the first line start past that point is inside it. */
  function quotedAcrossTheSplit(): string {
    const lines = panelFile(4000).split('\n');
    const text = lines.join('\n');
    const at = lines.findIndex((_, i) => lines.slice(0, i).join('\n').length > text.length * (mainShare(text.length) - 0.05));
    const cell = Array.from({ length: Math.round((text.length * 0.08) / 8) }, (_, k) => `thôn ${k}`).join('\n');
    lines[at] = lines[at].replace(/;(Xã \d)/, `;"$1\n${cell}"`);
    return lines.join('\n');
  }

  it("a quoted cell with line breaks across the start of the worker's part, found by the worker at the end of the tail it took: the file is read again on one thread, as csv-parse reads it", async () => {
    const file = tempFile('panel-quote-across-tail.csv', quotedAcrossTheSplit());
    let taken: { from: number; to: number } | undefined;
    const [two, here] = await withFusedRows(() => parallel(file, { stealFirst: { taken: (part) => (taken = part) } }));
    // the worker took a tail (ending inside the quoted cell); this thread then read every row of the file itself
    expect(taken).toMatchObject({ from: expect.any(Number), to: expect.any(Number) });
    expect(here).toBeGreaterThan(3000);
    expect(two).toEqual(await outcome(file, false));
  }, 30_000);

  it('a record in the part of the worker longer than it reads: the file is read again on one thread', async () => {
    const lines = panelFile(4000).split('\n');
    lines[3500] = lines[3500].replace(/;(Xã \d)/, `;"$1\n${'thôn mới '.repeat(1000)}"`);
    const file = tempFile('panel-long-record.csv', lines.join('\n'));
    const [long, here] = await withFusedRows(() => parallel(file, { parallelLongestRecord: 4096 }));
    expect(here).toBeGreaterThan(3000);
    expect(long).toEqual(await outcome(file, false));
    // read with the usual longest record, the same file is split
    const [split, hereSplit] = await withFusedRows(() => parallel(file));
    expect(hereSplit).toBeLessThan(3000);
    expect(split).toEqual(long);
  }, 30_000);

  it('a quoted cell with line breaks across the point where the worker would start, found by this thread at the end of its part: the file is read again on one thread, as csv-parse reads it', async () => {
    const file = tempFile('panel-quote-across.csv', quotedAcrossTheSplit());
    const [two, here] = await withFusedRows(() => parallel(file));
    expect(here).toBeGreaterThan(3000);
    expect(two).toEqual(await outcome(file, false));
  }, 30_000);

  it('tells once that the rows after the sample are being read: split, on one thread, by csv-parse, and when loading fails', async () => {
    const file = tempFile('panel-reading.csv', panelFile(4000));
    const calls: string[] = [];
    const onReading = () => calls.push('reading');
    await loadData([file], { parallelMinBytes: 1, chunkSize: 256, onReading });
    await loadData([file, file], { parallel: false, onReading });
    await loadData([file], { reader: readCsvWithCsvParse, onReading });
    await expect(loadData([path.join(path.dirname(file), 'missing.csv')], { onReading })).rejects.toThrow();
    expect(calls).toEqual(['reading', 'reading', 'reading', 'reading']);
  }, 30_000);

  it('does the work onReading returns before reading on, split or not; its error stops the loading', async () => {
    const file = tempFile('panel-busy.csv', panelFile(4000));
    const one = await outcome(file, false);
    for (const split of [{ parallelMinBytes: 1, chunkSize: 256 }, { parallel: false }]) {
      const events: string[] = [];
      const onReading = () => new Promise<void>((resolve) => setTimeout(() => (events.push('busy done'), resolve()), 50));
      const data = await loadData([file], { ...split, onReading, progress: { rows: () => undefined, done: () => events.push('read') } });
      expect(events).toEqual(['busy done', 'read']);
      expect({ inputs: data.inputs, rejects: data.rejects, findings: data.findings, tallies: [...data.tallies.values()].map(tallyJson).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }).toEqual(one);
      const failure = new Error('a ruleset is wrong');
      await expect(loadData([file], { ...split, onReading: () => Promise.reject(failure) })).rejects.toBe(failure);
    }
  }, 30_000);

  it('gives this thread (which keeps the panel) 40 % of a 100 MB file, 35 % from 1 GiB on, and shares between', () => {
    for (const [bytes, share] of [[100e6, 0.4], [2 ** 27, 0.4], [2 ** 30, 0.35], [2 ** 33, 0.35]]) expect(mainShare(bytes)).toBeCloseTo(share, 12);
    expect(mainShare(2 ** 28)).toBeCloseTo(0.4 - 0.05 / 3, 10);
  });

  it('the worker takes only what this thread has not claimed, from a line start, and this thread then stops there', async () => {
    // 100 lines of 10 bytes: line k starts at byte 10k
    const file = tempFile('claims.csv', Array.from({ length: 100 }, (_, k) => `line ${String(k).padStart(4, '0')}\n`).join(''));
    const balance = newBalance(0, 1000);
    expect(claim(balance, 300)).toBe(300);
    // 65 % of the 700 bytes not claimed, from the first line start at or after 300 + 245
    expect(STEAL_SHARE).toBe(0.65);
    expect(await steal(balance, file, 'lf', 1)).toEqual({ from: 550, to: 1000 });
    expect(claim(balance, 700)).toBe(550);
    expect(claim(balance, 900)).toBe(550);
    // what is left unclaimed (none now; then less than the least worth taking) stays with this thread
    expect(await steal(balance, file, 'lf', 1)).toBeUndefined();
    const second = newBalance(0, 1000);
    claim(second, 800);
    expect(await steal(second, file, 'lf', 201)).toBeUndefined();
    expect(await steal(second, file, 'lf', 200)).toEqual({ from: 870, to: 1000 });
  });

  it('fails, without waiting, when the worker stopped before it was given its part', async () => {
    const text = panelFile(2000);
    const file = tempFile('panel-dead-worker.csv', text);
    const broken = tempFile('broken-worker.mjs', "throw new Error('no worker today');");
    const prepared = prepareWorker(pathToFileURL(broken));
    await new Promise((resolve) => prepared.worker.on('exit', resolve));
    expect(prepared.ended?.message).toBe('no worker today');
    const tallier = new Tallier();
    const findings: Finding[] = [];
    const handlers = makeHandlers(file, {}, { tallier, findings, rejects: [] });
    const format = { encoding: 'utf-8', bom: false, delimiter: ';' } as const;
    const loader = new FileLoader(file, { decimal: ',' }, handlers, format);
    const header = text.slice(0, text.indexOf('\n'));
    loader.header(header.split(';'));
    const size = Buffer.byteLength(text);
    const middle = Buffer.byteLength(text.slice(0, text.indexOf('\n', text.length / 2) + 1));
    const reading = splitWithWorker(prepared, file, loader, handlers, rowSinks(loader, handlers), { tallier, options: {}, findings }, { format, eol: 'lf', chunkSize: 1 << 16 }, { from: Buffer.byteLength(header) + 1, to: size, line: 1 }, middle);
    await expect(reading).rejects.toThrow('no worker today');
  }, 10_000);

  it('takes the worker started ahead for a file of 8 MB or more, and gives what one thread gives', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut,ghi_chu'];
    for (let i = 0; i < 100_000; i++) lines.push(`H${i % 60_000},${i < 60_000 ? 2023 : 2024},Lâm Đồng,Đam Rông,Xã ${i % 13},${i % 3 ? 'Nông thôn' : 'Thành thị'},${(i * 7919) % 3_000_000},${i % 6},${'-'.repeat(20)}`);
    const file = tempFile('ahead.csv', lines.join('\n') + '\n');
    const small = tempFile('ahead-small.csv', lines.slice(0, 100).join('\n') + '\n');
    expect(statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    expect(startWorkerFor(small)).toBeUndefined();
    const ahead = startWorkerFor(file);
    expect(takeWorker(file)).toBe(ahead);
    const next = takeWorker(file); // taken: the next one is new
    expect(next).not.toBe(ahead);
    const started = startWorkerFor(file)!;
    const data = await loadData([file], { decimal: '.' });
    // the reading took it, gave it its part and stopped it
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started.ended).toBeInstanceOf(Error);
    const one = await outcome(file, false, undefined, { decimal: '.' });
    expect({ inputs: data.inputs, rejects: data.rejects, findings: data.findings, tallies: [...data.tallies.values()].map(tallyJson).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }).toEqual(one);
    for (const worker of [ahead!, next]) await worker.worker.terminate();
  }, 60_000);

  it('starts the worker from the arguments of summarize and check as they are, before the command line is parsed', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,thu_nhap_binh_quan'];
    for (let i = 0; i < 300_000; i++) lines.push(`H${i},2023,Lâm Đồng,Đam Rông,Xã ${i % 13},${(i * 7919) % 3_000_000}`);
    const file = tempFile('args-ahead.csv', lines.join('\n') + '\n');
    const small = tempFile('args-small.csv', lines.slice(0, 100).join('\n') + '\n');
    expect(statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    const started: PreparedWorker[] = [];
    const take = (args: string[]) => {
      const prepared = startWorkerForArgs(args);
      if (prepared) {
        expect(takeWorker(file)).toBe(prepared);
        started.push(prepared);
      }
      return prepared !== undefined;
    };
    try {
      // the three plain forms, in either command, the first file of several
      expect(take(['summarize', '--data', file])).toBe(true);
      expect(take(['check', '--format', 'json', `--data=${file}`, '--quiet'])).toBe(true);
      expect(take(['check', '-d', file, small, '--rules', 'rules'])).toBe(true);
      // other commands, files that are not shared, command lines that may not share one: none
      expect(take(['validate', '--data', file])).toBe(false);
      expect(take(['classify', '--data', file])).toBe(false);
      expect(take(['summarize', '--data', small])).toBe(false);
      expect(take(['summarize', '--data', '-'])).toBe(false);
      expect(take(['summarize', '--data'])).toBe(false);
      expect(take(['check', '--data', file, '--crosswalk', 'crosswalk.csv'])).toBe(false);
      expect(take(['summarize', '--crosswalk=crosswalk.csv', '--data', file])).toBe(false);
      expect(take(['summarize', '--data', file, '--encoding', 'windows-1258'])).toBe(false);
      expect(take(['summarize', '--', '--data', file])).toBe(false);
      expect(take(['summarize', '-d' + file])).toBe(false);
      expect(started).toHaveLength(3);
    } finally {
      for (const prepared of started) await prepared.worker.terminate();
    }
  }, 60_000);

  it('a row of a later file that repeats a row of the part of the worker is the duplicate, not the earlier row', async () => {
    const text = panelFile(4000);
    const a = tempFile('panel-first.csv', text);
    // the last row of the file (read by the worker) again, in a second file
    const last = text.trimEnd().split('\n').at(-1)!;
    const b = tempFile('panel-second.csv', `${text.slice(0, text.indexOf('\n'))}\n${last}\n`);
    const view = (data: Awaited<ReturnType<typeof loadData>>) => ({ rejects: data.rejects, tallies: [...data.tallies.values()].map(tallyJson).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) });
    const two = view(await loadData([a, b], { parallelMinBytes: 1, chunkSize: 256 }));
    const one = view(await loadData([a, b], { reader: readCsvWithCsvParse }));
    expect(two).toEqual(one);
    expect(two.rejects.filter((r) => r.file === b).map((r) => [r.line, r.code])).toEqual([[2, 'duplicateHousehold']]);
  }, 30_000);

  it('gives what one thread gives when the worker sends many small batches and fills the buffers given back', async () => {
    const file = tempFile('panel-batches.csv', panelFile(4000));
    const two = await loadData([file], { parallelMinBytes: 1, chunkSize: 256, parallelBatchRows: 16 });
    expect({ inputs: two.inputs, rejects: two.rejects, findings: two.findings, tallies: [...two.tallies.values()].map(tallyJson).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }).toEqual(await outcome(file, false));
  }, 30_000);

  it('stops, worker and all, with the reason of an aborted signal', async () => {
    const file = tempFile('panel-abort.csv', panelFile(40000));
    const reason = new Error('the rulesets failed');
    await expect(loadData([file], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const reading = new AbortController();
    // aborted while both threads read: at this thread's first progress tick (8,192 rows; it reads about
    // 35 % of the 40,000), past the 500-row sample
    const loading = loadData([file], { parallelMinBytes: 1, chunkSize: 256, signal: reading.signal, progress: { rows: () => reading.abort(reason), done: () => undefined } });
    await expect(loading).rejects.toBe(reason);
  }, 30_000);

  it('the seeded random files, split', async () => {
    const random = rng(31);
    for (let n = 0; n < 12; n++) {
      // past 1,600 rows this thread's part (35 %) ends after the 500-row sample: the file is split (as the next test sees)
      const file = tempFile(`split-${n}.csv`, randomFile(random, 2000 + Math.floor(random() * 1000)).replace(/"/g, ''));
      expect(await parallel(file), file).toEqual(await outcome(file, false));
    }
  }, 60_000);
});
