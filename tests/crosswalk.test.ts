// The 2025 rearrangement on hand-built old and new units (fixtures/crosswalk, worked out in
// scripts/make-crosswalk-fixtures.mjs): merges, a split, a commune spanning two old districts with and
// without the old-commune column, a province merge; bad crosswalks.
import { describe, expect, it } from 'vitest';
import { loadCrosswalk } from '../src/crosswalk/crosswalk.js';
import { loadData } from '../src/pipeline.js';
import type { Tally, Tallies } from '../src/tally/tally.js';
import { povcheck, tempFile } from './helpers.js';

const CW = 'fixtures/crosswalk/crosswalk.csv';
const row = (tallies: Tallies, path: string, year: number) => {
  const t = [...tallies.values()].find((x) => x.unit.path.join(' / ') === path && x.year === year && x.group === 'all');
  return t && [t.households, t.poor, t.crosswalk?.ambiguous ?? null, t.crosswalk?.share ?? null];
};

describe('attribution', () => {
  it('attributes each kind of new commune to the old units, and counts what it cannot', async () => {
    const crosswalk = await loadCrosswalk(CW);
    const a = (commune: string, old: string | null = null) => crosswalk.attribute(2025, 'Sơn Lâm', commune, old);
    expect(a('Xã Đồi Mới')).toEqual({ status: 'district', path: ['Sơn Lâm', 'Huyện Đồi', ''], candidates: [['Sơn Lâm', 'Huyện Đồi', 'Xã Một'], ['Sơn Lâm', 'Huyện Đồi', 'Xã Hai']] });
    expect(a('Xã Ba Mới')).toEqual({ status: 'exact', path: ['Sơn Lâm', 'Huyện Đồi', 'Xã Ba'], candidates: [['Sơn Lâm', 'Huyện Đồi', 'Xã Ba']] });
    expect(a('Xã Giáp Ranh').status).toBe('province');
    expect(a('Xã Giáp Ranh', 'Xa Bon')).toEqual({ status: 'exact', path: ['Sơn Lâm', 'Huyện Suối', 'Xã Bốn'], candidates: [['Sơn Lâm', 'Huyện Suối', 'Xã Bốn']] });
    expect(a('Xã Giáp Ranh', 'Xã Một').status).toBe('unknown-old-commune');
    expect(a('Xã Sáu')).toEqual({ status: 'exact', path: ['Hồ Tây', 'Huyện Bến', 'Xã Sáu'], candidates: [['Hồ Tây', 'Huyện Bến', 'Xã Sáu']] });
    expect(a('Xã Không Có').status).toBe('unmapped');
    expect(crosswalk.attribute(2024, 'Sơn Lâm', 'Xã Một').status).toBe('as-given');
  });

  it('tallies the old units with the share that could not be attributed', async () => {
    const data = await loadData(['fixtures/crosswalk/ho-2024-2025.csv'], { crosswalk: await loadCrosswalk(CW) });
    const old = data.old!.tallies;
    // [households, poor, ambiguous, ambiguous share]
    expect(row(old, 'Sơn Lâm', 2024)).toEqual([50, 12, null, null]);
    expect(row(old, 'Sơn Lâm', 2025)).toEqual([50, 8, 0, 0]); // Đồi Mới 20 + Ba Mới 5 + Giáp Ranh 15 + Năm 10
    expect(row(old, 'Sơn Lâm / Huyện Đồi', 2025)).toEqual([25, 4, 15, 15 / 40]); // Đồi Mới + Ba Mới; Giáp Ranh may be Đồi's
    expect(row(old, 'Sơn Lâm / Huyện Suối', 2025)).toEqual([10, 2, 15, 15 / 25]);
    expect(row(old, 'Sơn Lâm / Huyện Đồi / Xã Ba', 2025)).toEqual([5, 1, 15, 15 / 20]);
    expect(row(old, 'Sơn Lâm / Huyện Đồi / Xã Một', 2025)).toEqual([0, null, 20, 1]);
    expect(row(old, 'Sơn Lâm / Huyện Suối / Xã Năm', 2025)).toEqual([10, 2, 0, 0]);
    expect(row(old, 'Hồ Tây / Huyện Bến / Xã Sáu', 2025)).toEqual([10, 4, 0, 0]); // the province merge
    // the data as given keeps the new units
    expect(row(data.tallies, 'Sơn Lâm / Xã Giáp Ranh', 2025)).toEqual([15, 2, null, null]);
    expect(data.findings.map((f) => [f.code, f.params.unit, f.params.count, f.params.level])).toEqual([
      ['crosswalkAmbiguous', 'Sơn Lâm / Xã Đồi Mới', 20, 'district'],
      ['crosswalkAmbiguous', 'Sơn Lâm / Xã Giáp Ranh', 15, 'province'],
    ]);
  });

  it('is exact with the old-commune column', async () => {
    const data = await loadData(['fixtures/crosswalk/ho-2024-2025-xa-cu.csv'], { crosswalk: await loadCrosswalk(CW) });
    const old = data.old!.tallies;
    expect(row(old, 'Sơn Lâm / Huyện Đồi', 2025)).toEqual([35, 5, 0, 0]);
    expect(row(old, 'Sơn Lâm / Huyện Suối', 2025)).toEqual([15, 3, 0, 0]);
    expect(row(old, 'Sơn Lâm / Huyện Đồi / Xã Ba', 2025)).toEqual([15, 2, 0, 0]);
    expect(row(old, 'Sơn Lâm / Huyện Suối / Xã Bốn', 2025)).toEqual([5, 1, 0, 0]);
  });

  it('rejects a row whose old commune is not among its new commune\'s', async () => {
    const file = tempFile('xa-cu.csv', 'nam;tinh;xa;phan_loai;xa_cu\n2025;Sơn Lâm;Xã Giáp Ranh;hộ nghèo;Xã Sáu\n');
    const data = await loadData([file], { crosswalk: await loadCrosswalk(CW) });
    expect(data.rejects.map((r) => [r.line, r.column, r.code])).toEqual([[2, 'old_commune', 'oldCommuneUnknown']]);
    expect(data.inputs[0].accepted).toBe(0);
  });

  it('sums summary rows of new communes into the old units', async () => {
    const file = tempFile('s.csv', 'nam;tinh;xa;tong_so_ho;so_ho_ngheo\n2025;Sơn Lâm;Xã Đồi Mới;200;30\n2025;Sơn Lâm;Xã Ba Mới;50;10\n2025;Sơn Lâm;Xã Giáp Ranh;150;20\n');
    const data = await loadData([file], { crosswalk: await loadCrosswalk(CW) });
    const old = data.old!.tallies;
    expect(row(old, 'Sơn Lâm / Huyện Đồi', 2025)).toEqual([200, 30, 150, 150 / 350]);
    expect(row(old, 'Sơn Lâm / Huyện Đồi / Xã Ba', 2025)).toEqual([50, 10, 150, 150 / 200]);
  });
});

describe('check --crosswalk', () => {
  it('judges old units, no-data beyond the allowed ambiguous share, new names through the data as given', () => {
    const { status, stdout } = povcheck(['check', '--data', 'fixtures/crosswalk/ho-2024-2025.csv', '--crosswalk', CW, '--rules', 'fixtures/crosswalk/rules.yaml', '--format', 'json']);
    expect(status).toBe(1);
    const results = JSON.parse(stdout).results.map((r: { target: string; status: string; observed: number | null; reason: string | null }) => [r.target, r.status, r.observed, r.reason]);
    expect(results).toEqual([
      ['doi-below-20', 'no-data', null, 'in 2025, 37.5 % of the households that may belong to Sơn Lâm / Huyện Đồi could not be attributed to it (new communes spanning old units; add the old commune column xa_cu)'],
      ['doi-below-20-tolerant', 'pass', 16, null],
      ['suoi-below-20-tolerant', 'fail', 20, null],
      ['province-cut', 'pass', 8, null],
      ['ho-tay-below-50', 'pass', 40, null],
      ['new-commune-below-20', 'pass', (2 / 15) * 100, null],
    ]);
  });

  it('needs no tolerance when the rows carry their old commune', () => {
    const { stdout } = povcheck(['check', '--data', 'fixtures/crosswalk/ho-2024-2025-xa-cu.csv', '--crosswalk', CW, '--rules', 'fixtures/crosswalk/rules.yaml', '--format', 'json']);
    expect(JSON.parse(stdout).results[0]).toMatchObject({ target: 'doi-below-20', status: 'pass', observed: (5 / 35) * 100 });
  });

  it('--max-ambiguous-share applies to every target', () => {
    const { stdout } = povcheck(['check', '--data', 'fixtures/crosswalk/ho-2024-2025.csv', '--crosswalk', CW, '--rules', 'fixtures/crosswalk/rules.yaml', '--format', 'json', '--max-ambiguous-share', '40%']);
    expect(JSON.parse(stdout).results[0]).toMatchObject({ target: 'doi-below-20', status: 'pass' });
  });

  it('summarize --crosswalk shows the old units with the share not attributable', () => {
    const tallies = JSON.parse(povcheck(['summarize', '--data', 'fixtures/crosswalk/ho-2024-2025.csv', '--crosswalk', CW, '--level', 'district', '--group', 'all', '--format', 'json']).stdout);
    expect(tallies.map((t: { unit: { path: string[] }; year: number; households: number; crosswalk: unknown }) => [t.unit.path.join(' / '), t.year, t.households, t.crosswalk])).toEqual([
      ['Hồ Tây / Huyện Bến', 2024, 10, null],
      ['Hồ Tây / Huyện Bến', 2025, 10, { mapped: 10, ambiguous: 0, mappedShare: 1, share: 0 }],
      ['Sơn Lâm / Huyện Đồi', 2024, 30, null],
      ['Sơn Lâm / Huyện Đồi', 2025, 25, { mapped: 25, ambiguous: 15, mappedShare: 0.625, share: 0.375 }],
      ['Sơn Lâm / Huyện Suối', 2024, 20, null],
      ['Sơn Lâm / Huyện Suối', 2025, 10, { mapped: 10, ambiguous: 15, mappedShare: 0.4, share: 0.6 }],
    ]);
  });
});

describe('bad crosswalks exit 2 with file:line', () => {
  it.each([
    ['bad-overlap.csv', 'fixtures/crosswalk/bad-overlap.csv:4:7  the shares of old commune Xã Ba add up to 110 %: more than the whole commune'],
    ['bad-cycle.csv', 'fixtures/crosswalk/bad-cycle.csv:3:5  a cycle: Xã Một → Xã Hai → Xã Một'],
    ['bad-missing.csv', 'fixtures/crosswalk/bad-missing.csv:2:5  new_commune is required'],
    ['bad-unknown.csv', 'fixtures/crosswalk/bad-unknown.csv:9:1  old commune Sơn Lâm / Huyện Đồi / Xã Bẩy is not in the data of 2024, which has its district'],
  ])('%s', (name, message) => {
    const { status, stdout, stderr } = povcheck(['summarize', '--data', 'fixtures/crosswalk/ho-2024-2025.csv', '--crosswalk', `fixtures/crosswalk/${name}`]);
    expect([status, stdout, stderr]).toEqual([2, '', `${message}\n`]);
  });
});
