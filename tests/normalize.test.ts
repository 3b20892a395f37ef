import { describe, expect, it } from 'vitest';
import { decimalEvidence, normalizeHeader, parseNumber, parseYesNo, remembered, stripDiacritics } from '../src/input/normalize.js';
import { mapHeader } from '../src/input/columns.js';
import { detectDelimiter } from '../src/input/reader.js';
import { detectEncoding, markInvalidUtf8, completeUtf8Length } from '../src/input/decode.js';

describe('header normalisation', () => {
  it.each([
    ['Mã hộ', 'ma_ho'],
    ['MA_HO', 'ma_ho'],
    ['ma ho', 'ma_ho'],
    ['  Thu nhập BQ (đồng/người/tháng) ', 'thu_nhap_bq_dong_nguoi_thang'],
    ['Mã hộ'.normalize('NFD'), 'ma_ho'],
    ['Đ', 'd'],
  ])('%s → %s', (header, key) => expect(normalizeHeader(header)).toBe(key));

  it('maps aliases to canonical columns and lists unknown ones', () => {
    const mapping = mapHeader(['Mã hộ', 'Năm rà soát', 'Tỉnh', 'Thu nhập bình quân', 'Khu vực', '__proto__', 'constructor']);
    expect('code' in mapping).toBe(false);
    if ('code' in mapping) return;
    expect(mapping.kind).toBe('households');
    expect([...mapping.index]).toEqual([['household_id', 0], ['year', 1], ['province', 2], ['income_per_capita', 3], ['area', 4]]);
    expect(mapping.unknown).toEqual(['__proto__', 'constructor']);
  });

  it('refuses a duplicate column', () => {
    expect(mapHeader(['nam', 'Năm', 'poor'])).toEqual({ code: 'duplicateColumn', column: 'year', first: 1, second: 2 });
  });
});

describe('cells', () => {
  it.each([
    ['x', true], ['X', true], ['1', true], ['có', true], ['✓', true], ['yes', true], ['TRUE', true],
    ['', false], ['0', false], ['không', false], ['no', false], ['  ', false],
    ['có lẽ', undefined], ['2', undefined],
  ])('yes/no %j → %j', (cell, value) => expect(parseYesNo(cell)).toBe(value));

  it.each([
    ['1.500.000', ',', 1500000], ['49,98', ',', 49.98], ['1.234,5', ',', 1234.5], ['1500000', ',', 1500000],
    ['1,500,000', '.', 1500000], ['49.98', '.', 49.98], ['0', '.', 0],
    ['49.98', ',', undefined], ['1,500,000', ',', undefined], ['1.500.000', '.', undefined], ['1,5tr', ',', undefined], ['', ',', undefined],
  ] as const)('number %j with decimal %j → %j', (cell, decimal, value) => expect(parseNumber(cell, decimal)).toBe(value));

  it('accepts a trailing % only on rates', () => {
    expect(parseNumber('49,98%', ',', true)).toBe(49.98);
    expect(parseNumber('49,98 %', ',', true)).toBe(49.98);
    expect(parseNumber('49,98%', ',', false)).toBeUndefined();
  });

  it.each([
    ['49,98', ','], ['1.500.000', ','], ['49.98', '.'], ['1,500,000', '.'], ['1.500', undefined], ['1,500', undefined], ['12', undefined],
  ])('decimal evidence of %j is %j', (cell, mark) => expect(decimalEvidence(cell)).toBe(mark));
});

describe('detection', () => {
  it('delimiter from the header line, ignoring quoted delimiters', () => {
    expect(detectDelimiter('a;b;c\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('encoding from the BOM, else UTF-8 when valid, else windows-1258', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', bom: true });
    expect(detectEncoding(Buffer.from('Lâm Đồng'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.from([0x4c, 0xe2, 0x6d]))).toEqual({ encoding: 'windows-1258', bom: false });
  });

  it('a multi-byte character cut at the end of a chunk waits for the next chunk', () => {
    const bytes = Buffer.from('aồ');
    expect(completeUtf8Length(bytes.subarray(0, 3))).toBe(1);
    expect(completeUtf8Length(bytes)).toBe(4);
  });

  it('marks every invalid UTF-8 byte and keeps valid text', () => {
    const marked = markInvalidUtf8(Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xc0, 0x80])).toString('utf8');
    expect(marked).toBe('a\uFDD0é\uFDD0\uFDD0');
  });

  it('remembers a text\'s value for the next call, and starts again past 65,536 texts', () => {
    const cache = new Map<string, string>();
    const calls: string[] = [];
    const upper = (t: string) => (calls.push(t), t.toUpperCase());
    expect([remembered(cache, 'xã', upper), remembered(cache, 'xã', upper), remembered(cache, 'huyện', upper)]).toEqual(['XÃ', 'XÃ', 'HUYỆN']);
    expect(calls).toEqual(['xã', 'huyện']);
    for (let i = 0; i < 65_534; i++) remembered(cache, `t${i}`, upper);
    expect(cache.size).toBe(65_536);
    remembered(cache, 'one more', upper);
    expect([cache.size, cache.has('xã')]).toEqual([1, false]);
    expect(stripDiacritics('Đắk Lắk')).toBe('Dak Lak');
    expect(stripDiacritics('Đắk Lắk')).toBe('Dak Lak');
  });
});
