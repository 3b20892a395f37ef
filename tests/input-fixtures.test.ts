// One case per input quirk and per kind of bad input: fixtures/inputs/expected.json says what each gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { format } from '../src/i18n/messages.js';
import { loadData } from '../src/pipeline.js';
import { povcheck } from './helpers.js';

interface Expected {
  exit: number;
  error?: string;
  kind?: string;
  encoding?: string;
  bom?: boolean;
  delimiter?: string;
  decimal?: string;
  rows?: number;
  accepted?: number;
  rejects?: [number, string | null, string, string][];
  findings?: string[];
}

const expected: Record<string, Expected> = JSON.parse(readFileSync(new URL('../fixtures/inputs/expected.json', import.meta.url), 'utf8'));

describe('input fixtures', () => {
  for (const [name, want] of Object.entries(expected)) {
    const file = `fixtures/inputs/${name}`;
    if (want.exit === 2) {
      it(`${name}: exits 2 with one readable line`, () => {
        const { status, stdout, stderr } = povcheck(['validate', '--data', file]);
        expect(status).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toBe(`${want.error}\n`);
      });
      continue;
    }
    it(`${name}: ${want.rejects!.length} reject(s), findings ${want.findings!.join(', ') || 'none'}`, async () => {
      const data = await loadData([file], {});
      const [input] = data.inputs;
      expect({ kind: input.kind, encoding: input.encoding, bom: input.bom, delimiter: input.delimiter, decimal: input.decimal }).toEqual({
        kind: want.kind, encoding: want.encoding, bom: want.bom, delimiter: want.delimiter, decimal: want.decimal,
      });
      expect([input.rows, input.accepted, input.rejected]).toEqual([want.rows, want.accepted, want.rows! - want.accepted!]);
      expect(input.rows).toBe(input.accepted + input.rejected);
      expect(data.rejects.map((r) => [r.line, r.column, r.value, format('en', r.code, r.params)])).toEqual(want.rejects);
      expect(data.findings.map((f) => f.code)).toEqual(want.findings);
    });
    it(`${name}: validate exits ${want.exit}`, () => {
      expect(povcheck(['validate', '--data', file]).status).toBe(want.exit);
    });
  }
});

describe('decoded text', () => {
  it('windows-1258 and UTF-16 files read the same Vietnamese names as UTF-8 (NFC)', async () => {
    for (const name of ['windows-1258.csv', 'utf16le-tab.csv', 'utf16be.csv', 'utf8-bom.csv']) {
      const data = await loadData([`fixtures/inputs/${name}`], {});
      const units = [...data.tallies.values()].filter((t) => t.group === 'all' && t.unit.level === 'commune').map((t) => [t.unit.path.join(' / '), t.households, t.poor]);
      // H1 at 1.500.000 with 3 deprivations is poor (≤ line AND D ≥ 3); H2 one đồng above is not.
      expect(units, name).toEqual([['Lâm Đồng / Đam Rông / Xã Phi Liêng', 2, 1]]);
    }
  });

  it('NFD and NFC spellings of a province are one unit', async () => {
    const data = await loadData(['fixtures/inputs/nfd-text.csv'], {});
    const provinces = [...data.tallies.values()].filter((t) => t.unit.level === 'province' && t.group === 'all');
    expect(provinces.map((t) => [t.unit.name, t.households])).toEqual([['Lâm Đồng', 2]]);
  });

  it('a quoted field with a line break is one spreadsheet line', async () => {
    const data = await loadData(['fixtures/inputs/quoted.csv'], {});
    expect(data.rejects[0].line).toBe(4);
  });

  it('x marks, ✓ and "có" are yes; blank is no', async () => {
    const data = await loadData(['fixtures/inputs/x-marks.csv'], {});
    const commune = [...data.tallies.values()].find((t) => t.unit.level === 'commune' && t.group === 'all')!;
    // H1: x, X, ✓ = 3 deprivations → poor; H2: có = 1 → near-poor; H3: five 1s → poor
    expect([commune.households, commune.poor, commune.nearPoor]).toEqual([3, 2, 1]);
  });
});
