// Tallies worked by hand: flows on a small panel, groups, rate-only rows, merges, unit names.
import { describe, expect, it } from 'vitest';
import { readCsvWithCsvParse } from '../src/input/reader.js';
import { loadData } from '../src/pipeline.js';
import { EM_NO, EM_YES, MERIT, RURAL, Tallier, Tallies, tallyKey, URBAN, warmCells, type Tally, type TallyKey } from '../src/tally/tally.js';
import { FIRST_REVIEW_YEAR, GROUPS, LAST_REVIEW_YEAR } from '../src/input/types.js';
import { isPlain, UnitTree, unitKey, type Unit } from '../src/tally/units.js';
import { stripDiacritics } from '../src/input/normalize.js';
import type { Group } from '../src/input/types.js';
import { tempFile } from './helpers.js';
import { grown } from '../src/grown.js';

const H = 'ma_ho,nam,tinh,huyen,xa,khu_vuc,dtts,status';
// status letters: P poor, N near-poor, O non-poor
const S = { P: 'poor', N: 'near_poor', O: 'non_poor' } as const;
function panel(histories: Record<string, string>, years: number[], extra = (_id: string) => 'rural,0'): string {
  const rows = [H];
  for (const [id, history] of Object.entries(histories)) {
    years.forEach((year, i) => {
      const s = history[i];
      if (s !== '-') rows.push(`${id},${year},Tỉnh A,Huyện B,Xã C,${extra(id)},${S[s as keyof typeof S]}`);
    });
  }
  return rows.join('\n') + '\n';
}
const pick = (t: Tally | undefined) => t && { escaped: t.escaped, rePoor: t.rePoor, newPoor: t.newPoor, escapedNearPoor: t.escapedNearPoor, reNearPoor: t.reNearPoor, newNearPoor: t.newNearPoor };
const find = (tallies: Tallies, level: string, year: number, group = 'all') =>
  [...tallies.values()].find((t) => t.unit.level === level && t.year === year && t.group === group);
/** Some figures of the province's tally of 2022 for a group. */
const province2022 = (tallies: Tallies, group: string, fields: (keyof Tally)[]) => {
  const t = find(tallies, 'province', 2022, group)!;
  return fields.map((f) => t[f]);
};

describe('flows derived from a panel of household ids', () => {
  const histories = {
    A: 'PNP', // 2022 escaped; 2023 poor again after escaping → re-poor
    B: 'NPP', // 2022 newly poor (never poor before)
    C: 'OOP', // 2023 newly poor
    D: '--P', // first seen in 2023, poor → newly poor
    E: 'PPO', // 2023 escaped
    F: 'NON', // 2022 left near-poverty; 2023 near-poor again
    G: 'ONN', // 2022 newly near-poor
  };
  it('counts each flow in the year it happens', async () => {
    const data = await loadData([tempFile('panel.csv', panel(histories, [2021, 2022, 2023]))], {});
    expect(pick(find(data.tallies, 'commune', 2021))).toEqual({ escaped: null, rePoor: null, newPoor: null, escapedNearPoor: null, reNearPoor: null, newNearPoor: null });
    // 2022: A escaped; B new poor; F left near-poverty; A (P→N) and G new near-poor
    expect(pick(find(data.tallies, 'commune', 2022))).toEqual({ escaped: 1, rePoor: 0, newPoor: 1, escapedNearPoor: 1, reNearPoor: 0, newNearPoor: 2 });
    // 2023: E escaped; A re-poor; C and D new poor; F near-poor again
    expect(pick(find(data.tallies, 'commune', 2023))).toEqual({ escaped: 1, rePoor: 1, newPoor: 2, escapedNearPoor: 0, reNearPoor: 1, newNearPoor: 0 });
    expect(pick(find(data.tallies, 'district', 2023))).toEqual(pick(find(data.tallies, 'commune', 2023)));
    const t2023 = find(data.tallies, 'commune', 2023)!;
    expect([t2023.households, t2023.poor, t2023.nearPoor]).toEqual([7, 4, 2]);
  });

  it('leaves flows unknown after a gap year', async () => {
    const data = await loadData([tempFile('gap.csv', panel({ A: 'PO', B: 'PP' }, [2021, 2023]))], {});
    expect(find(data.tallies, 'commune', 2023)!.escaped).toBeNull();
  });

  it('never measures flows across a change of standard (2020 → 2021)', async () => {
    const data = await loadData([tempFile('standards.csv', panel({ A: 'PO', B: 'OP' }, [2020, 2021]))], {});
    expect(find(data.tallies, 'commune', 2021)!.escaped).toBeNull();
    expect(find(data.tallies, 'commune', 2021)!.newPoor).toBeNull();
  });

  it('leaves flows unknown when some rows lack an id', async () => {
    const csv = panel({ A: 'PO' }, [2021, 2022]) + '"",2022,Tỉnh A,Huyện B,Xã C,rural,0,poor\n';
    const data = await loadData([tempFile('noid.csv', csv)], {});
    expect(find(data.tallies, 'commune', 2022)!.escaped).toBeNull();
  });
});

describe('flows from a transition column', () => {
  it('counts the column and needs no panel', async () => {
    const csv = [
      'nam,tinh,xa,status,dien_bien',
      '2023,Tỉnh A,Xã C,non_poor,thoát nghèo',
      '2023,Tỉnh A,Xã C,poor,tái nghèo',
      '2023,Tỉnh A,Xã C,poor,nghèo phát sinh',
      '2023,Tỉnh A,Xã C,near_poor,tái cận nghèo',
      '2023,Tỉnh A,Xã C,poor,',
    ].join('\n');
    const data = await loadData([tempFile('transition.csv', csv)], {});
    expect(pick(find(data.tallies, 'province', 2023))).toEqual({ escaped: 1, rePoor: 1, newPoor: 1, escapedNearPoor: 0, reNearPoor: 1, newNearPoor: 0 });
  });
});

describe('groups', () => {
  it('tallies ethnic-minority, urban/rural and meritorious groups', async () => {
    const csv = [
      'nam,tinh,xa,khu_vuc,dtts,nguoi_co_cong,status',
      '2022,Tỉnh A,Xã C,nông thôn,x,,hộ nghèo',
      '2022,Tỉnh A,Xã C,nông thôn,x,,không nghèo',
      '2022,Tỉnh A,Xã C,thành thị,,x,hộ nghèo',
      '2022,Tỉnh A,Xã C,2,,,hộ cận nghèo',
    ].join('\n');
    const data = await loadData([tempFile('groups.csv', csv)], {});
    const row = (group: string) => province2022(data.tallies, group, ['households', 'poor', 'nearPoor', 'poorRate']);
    expect(row('all')).toEqual([4, 2, 1, 50]);
    expect(row('ethnic_minority')).toEqual([2, 1, 0, 50]);
    expect(row('non_ethnic_minority')).toEqual([2, 1, 1, 50]);
    expect(row('rural')).toEqual([3, 1, 1, (1 / 3) * 100]);
    expect(row('urban')).toEqual([1, 1, 0, 100]);
    expect(row('meritorious')).toEqual([1, 1, 0, 100]);
  });
});

describe('status and support counters', () => {
  it('count poor, near-poor, loan and training need and met households, a "received" without a need counting as known only', async () => {
    const csv = [
      'nam,tinh,xa,khu_vuc,status,loan_need,loan_received,training_need,training_received',
      '2022,Tỉnh A,Xã C,nông thôn,hộ nghèo,x,x,x,',
      '2022,Tỉnh A,Xã C,nông thôn,hộ cận nghèo,x,,,',
      '2022,Tỉnh A,Xã C,nông thôn,không nghèo,,,x,x',
      '2022,Tỉnh A,Xã C,nông thôn,hộ nghèo,,x,,x',
      '2022,Tỉnh A,Xã C,nông thôn,hộ cận nghèo,,,,',
      '2022,Tỉnh A,Xã C,thành thị,hộ cận nghèo,x,x,x,x',
    ].join('\n');
    for (const reader of ['fast', 'csv-parse']) {
      const data = await loadData([tempFile('support.csv', csv)], reader === 'fast' ? {} : { reader: readCsvWithCsvParse });
      const row = (group: string) => province2022(data.tallies, group, ['households', 'poor', 'nearPoor', 'loanNeed', 'loanMet', 'trainingNeed', 'trainingMet']);
      expect(row('all'), reader).toEqual([6, 2, 3, 3, 2, 3, 2]);
      expect(row('rural'), reader).toEqual([5, 2, 2, 2, 1, 2, 1]);
      expect(row('urban'), reader).toEqual([1, 0, 1, 1, 1, 1, 1]);
    }
  });
});

describe("a review year's standard", () => {
  it('is the standard most of its household rows were classified under; on a tie, the one listed first', async () => {
    // 2021: two rows under the 2016–2020 standard (their cell), one under the year's own; 2022: one each
    const csv = ['ma_ho,nam,tinh,status,chuan_ngheo', 'a,2021,Tỉnh A,poor,vn-2016-2020', 'b,2021,Tỉnh A,poor,', 'c,2021,Tỉnh A,poor,vn-2016-2020', 'a,2022,Tỉnh A,poor,', 'b,2022,Tỉnh A,poor,vn-2016-2020'].join('\n') + '\n';
    const data = await loadData([tempFile('year-standard.csv', csv)], {});
    expect([2021, 2022].map((y) => find(data.tallies, 'province', y)!.standard)).toEqual(['vn-2016-2020', 'vn-2016-2020']);
    // both years under one standard: the flows between them are measured (a and b stayed poor)
    expect([find(data.tallies, 'province', 2022)!.escaped, find(data.tallies, 'province', 2022)!.rePoor]).toEqual([0, 0]);
    const single = await loadData([tempFile('year-standard-2.csv', 'ma_ho,nam,tinh,status\na,2021,Tỉnh A,poor\na,2022,Tỉnh A,non_poor\n')], {});
    expect([2021, 2022].map((y) => find(single.tallies, 'province', y)!.standard)).toEqual(['vn-2022-2025', 'vn-2022-2025']);
    expect(find(single.tallies, 'province', 2022)!.escaped).toBe(1);
  });
});

describe('summary rows', () => {
  it('keeps rate-only rows as rates, with unknown counts null', async () => {
    const data = await loadData([tempFile('rates.csv', 'nam;tinh;ty_le_ho_ngheo\n2022;Tỉnh A;4,5%\n')], {});
    const t = find(data.tallies, 'province', 2022)!;
    expect([t.households, t.poor, t.poorRate, t.source]).toEqual([null, null, 4.5, 'summary']);
  });

  it('honours a standard column on summary rows, and the review-year mapping without it', async () => {
    const file = tempFile('std.csv', 'nam;tinh;ty_le_ho_ngheo;chuan_ngheo\n2021;A;1,02;vn-2016-2020\n2021;B;2,5;\n');
    const data = await loadData([file], {});
    expect([...data.tallies.values()].filter((t) => t.unit.level === 'province').map((t) => [t.unit.name, t.standard])).toEqual([['A', 'vn-2016-2020'], ['B', 'vn-2022-2025']]);
  });

  it('computes rates from counts', async () => {
    const data = await loadData([tempFile('counts.csv', 'nam;tinh;huyen;tong_so_ho;so_ho_ngheo;so_ho_can_ngheo\n2022;Tỉnh A;Huyện B;14.050;7.022;2.185\n')], {});
    const t = find(data.tallies, 'district', 2022)!;
    expect(t.poorRate).toBeCloseTo(49.97865, 4);
    expect(t.nearPoorRate).toBeCloseTo(15.55160, 4);
  });

  it('lets household-derived counts win over a summary row, and reports the disagreement', async () => {
    const households = tempFile('h.csv', 'nam,tinh,status\n2022,Tỉnh A,poor\n2022,Tỉnh A,non_poor\n');
    const summary = tempFile('s.csv', 'nam,tinh,tong_so_ho,so_ho_ngheo,so_ho_tai_ngheo\n2022,Tỉnh A,2,2,1\n');
    const data = await loadData([households, summary], {});
    const t = find(data.tallies, 'province', 2022)!;
    expect([t.households, t.poor, t.rePoor]).toEqual([2, 1, 1]);
    expect(data.findings.map((f) => [f.code, f.params.field, f.params.household, f.params.summary])).toEqual([['tallyDisagrees', 'poor', 1, 2]]);
  });

  it('counts extremely difficult communes of a district from flagged commune rows', async () => {
    const csv = 'nam,tinh,huyen,xa,tong_so_ho,xa_dbkk\n2023,T,H,X1,100,x\n2023,T,H,X2,100,\n2023,T,H,X3,100,1\n';
    const data = await loadData([tempFile('edc.csv', csv)], {});
    expect(find(data.tallies, 'district', 2023)!.extremelyDifficult).toBe(2);
    expect(find(data.tallies, 'commune', 2023)!.extremelyDifficult).toBe(1);
  });
});

describe('plain-letter names (no diacritics)', () => {
  it('are told as stripping the diacritics tells them, for every character up to U+2FFF alone and in a name, and for whole Vietnamese names', () => {
    for (let code = 0; code <= 0x2fff; code++) {
      const c = String.fromCharCode(code);
      for (const name of [c, `xa ${c}`, `${c}bon`]) expect(isPlain(name), `U+${code.toString(16)} in "${name}"`).toBe(stripDiacritics(name) === name);
    }
    for (const name of ['đạ tông', 'a lưới', 'ea h\'leo', 'phường 10', 'lâm đồng'.normalize('NFD'), 'ærø', 'łódź', '北京']) expect(isPlain(name), name).toBe(stripDiacritics(name) === name);
  });
});

describe('unit names', () => {
  it.each([
    ['Huyện A Lưới', 'a lưới'],
    ['huyện  A   Lưới ', 'a lưới'],
    ['Tỉnh Lâm Đồng', 'lâm đồng'],
    ['Thành phố Huế', 'huế'],
    ['TP. Huế', 'huế'],
    ['Thị trấn A Lưới', 'a lưới'],
    ['Xã Hồng Kim', 'hồng kim'],
    ['Xã', 'xã'],
    ['Xa Bon', 'bon'],
    ['Huyen A Luoi', 'a luoi'],
  ])('%j → %j', (name, key) => expect(unitKey(name)).toBe(key));

  it('joins prefixed, NFD and diacritic-free spellings into one unit when unambiguous', async () => {
    const csv = [
      'nam,tinh,huyen,status',
      '2022,Thừa Thiên Huế,Huyện A Lưới,poor',
      `2022,Thừa Thiên Huế,${'A Lưới'.normalize('NFD')},poor`,
      '2022,Thua Thien Hue,A Luoi,non_poor',
    ].join('\n');
    const data = await loadData([tempFile('names.csv', csv)], {});
    const districts = [...data.tallies.values()].filter((t) => t.unit.level === 'district' && t.group === 'all');
    expect(districts.map((t) => [t.unit.path, t.households, t.poor])).toEqual([[['Thừa Thiên Huế', 'Huyện A Lưới'], 3, 2]]);
  });

  it('joins a diacritic-free commune to its one written sibling in the same district, the district written with diacritics', async () => {
    const csv = ['nam,tinh,huyen,xa,status', '2022,Lâm Đồng,Đam Rông,Xã Bốn,poor', '2022,Lâm Đồng,Đam Rông,Xa Bon,non_poor', '2022,Lâm Đồng,Đam Rông,Xã Năm,poor'].join('\n');
    const data = await loadData([tempFile('plain-commune.csv', csv)], {});
    const communes = [...data.tallies.values()].filter((t) => t.unit.level === 'commune' && t.group === 'all');
    expect(communes.map((t) => [t.unit.name, t.households, t.poor])).toEqual([['Xã Bốn', 2, 1], ['Xã Năm', 1, 1]]);
  });

  it('gives communes no map of their own for units under them (one shared, empty, that refuses any)', () => {
    const tree = new UnitTree();
    const [a, b] = [tree.unit('Tỉnh A', 'Huyện B', 'Xã C'), tree.unit('Tỉnh A', 'Huyện B', 'Xã D')];
    expect([a.children.size, a.children === b.children, a.parent!.children === b.parent!.children]).toEqual([0, true, true]);
    expect(a.parent!.children.size).toBe(2);
    expect(() => a.children.set('x', b)).toThrow('a commune has no units under it');
  });

  it('keeps a diacritic-free name apart when it could be two units', async () => {
    const csv = 'nam,tinh,huyen,status\n2022,T,Đồng Hỷ,poor\n2022,T,Đông Hy,poor\n2022,T,Dong Hy,poor\n';
    const data = await loadData([tempFile('ambiguous.csv', csv)], {});
    const districts = [...data.tallies.values()].filter((t) => t.unit.level === 'district' && t.group === 'all');
    expect(districts.map((t) => t.unit.name).sort()).toEqual(['Dong Hy', 'Đông Hy', 'Đồng Hỷ']);
  });
});

describe('flow counters', () => {
  it('follow the order of the transitions (a transition counts at FIELDS[2 + its position + 1])', async () => {
    const { FIELDS, FLOW_FIELDS } = await import('../src/tally/tally.js');
    const { TRANSITIONS } = await import('../src/input/types.js');
    expect(TRANSITIONS.map((_, k) => FIELDS[2 + k + 1])).toEqual([...FLOW_FIELDS]);
  });
});

describe('household ids', () => {
  it('are unique within a province: the same code in two provinces is two households', async () => {
    const csv = 'ma_ho,nam,tinh,phan_loai\nH1,2022,Tỉnh A,poor\nH1,2022,Tỉnh B,poor\nH1,2023,Tỉnh A,non_poor\nH1,2023,Tinh B,poor\nH1,2023,Tỉnh B,poor\n';
    const data = await loadData([tempFile('ids.csv', csv)], {});
    // the last row repeats Tỉnh B's H1 of 2023 ("Tinh B" is Tỉnh B written without diacritics)
    expect(data.rejects.map((r) => [r.line, r.code, r.params.province])).toEqual([[6, 'duplicateHousehold', 'Tỉnh B']]);
    const a = find(data.tallies, 'province', 2023)!;
    expect(a.escaped).toBe(1);
    const byProvince = [...data.tallies.values()].filter((t) => t.unit.level === 'province' && t.year === 2023 && t.group === 'all').map((t) => [t.unit.name, t.escaped]);
    expect(byProvince).toEqual([['Tỉnh A', 1], ['Tỉnh B', 0]]);
  });
});

describe('sums over the unit tree', () => {
  // two provinces; a row with no commune counts in its district; "Xa C" is "Xã C" written without diacritics
  const rows = [
    'ma_ho,nam,tinh,huyen,xa,khu_vuc,dtts,status',
    '1,2023,Tỉnh A,Huyện B,Xã C,rural,1,poor',
    '2,2023,Tỉnh A,Huyện B,Xa C,urban,0,near_poor',
    '3,2023,Tỉnh A,Huyện B,Xã D,rural,0,non_poor',
    '4,2023,Tỉnh A,Huyện B,,rural,1,poor',
    '5,2023,Tỉnh A,Huyện E,Xã F,urban,1,non_poor',
    '6,2023,Tỉnh G,Huyện H,Xã I,rural,1,poor',
    '7,2024,Tỉnh G,Huyện H,Xã I,rural,1,near_poor',
  ];
  const counts = (t: Tally) => [t.unit.path.join('/') || t.unit.name, t.year, t.group, t.households, t.poor, t.nearPoor];

  it('adds each unit into every larger one, per year and group, in the order the units were first met', async () => {
    const data = await loadData([tempFile('tree.csv', rows.join('\n') + '\n')], {});
    const all = [...data.tallies.values()];
    expect(all.filter((t) => t.group === 'all').map(counts)).toEqual([
      ['Tỉnh A/Huyện B/Xã C', 2023, 'all', 2, 1, 1],
      ['Tỉnh A/Huyện B', 2023, 'all', 4, 2, 1],
      ['Tỉnh A', 2023, 'all', 5, 2, 1],
      ['Việt Nam', 2023, 'all', 6, 3, 1],
      ['Tỉnh A/Huyện B/Xã D', 2023, 'all', 1, 0, 0],
      ['Tỉnh A/Huyện E/Xã F', 2023, 'all', 1, 0, 0],
      ['Tỉnh A/Huyện E', 2023, 'all', 1, 0, 0],
      ['Tỉnh G/Huyện H/Xã I', 2023, 'all', 1, 1, 0],
      ['Tỉnh G/Huyện H', 2023, 'all', 1, 1, 0],
      ['Tỉnh G', 2023, 'all', 1, 1, 0],
      ['Tỉnh G/Huyện H/Xã I', 2024, 'all', 1, 0, 1],
      ['Tỉnh G/Huyện H', 2024, 'all', 1, 0, 1],
      ['Tỉnh G', 2024, 'all', 1, 0, 1],
      ['Việt Nam', 2024, 'all', 1, 0, 1],
    ]);
    expect(all.filter((t) => t.unit.level === 'country' && t.year === 2023).map(counts)).toEqual([
      ['Việt Nam', 2023, 'all', 6, 3, 1],
      ['Việt Nam', 2023, 'ethnic_minority', 4, 3, 0],
      ['Việt Nam', 2023, 'rural', 4, 3, 0],
      ['Việt Nam', 2023, 'non_ethnic_minority', 2, 0, 1],
      ['Việt Nam', 2023, 'urban', 2, 0, 1],
    ]);
  });
});

describe('many cells (units × years × group flags)', () => {
  it('counts every cell right as the index grows in units, and in review years after thousands of units (a third and a fifth year move the blocks)', () => {
    const tallier = new Tallier();
    const communes = Array.from({ length: 6000 }, (_, k) => tallier.unitFor('Tỉnh A', `Huyện ${k % 40}`, `Xã ${k}`));
    const flagSets = [EM_YES | URBAN, EM_NO | RURAL, EM_YES | RURAL | MERIT, EM_YES | RURAL];
    const none = new Uint8Array(0);
    // 2024: every cell counted on each of two passes (24,000 cells), poor (3) on the first pass, near-poor (2) on the second
    for (const status of [3, 2]) for (const unit of communes) for (const flags of flagSets) tallier.addCounted(unit, 2024, flags, status, 0, 1, none, 0, 0, 1);
    // then four more review years, each followed by one more non-poor (1) household of 2024 in every
    // commune, with the same flags (a 2024 row found in another year's block would count there)
    const later = [[2019, 0], [2022, 1], [2021, 1], [2030, 2]];
    for (const [year, standard] of later) {
      for (const unit of communes) tallier.addCounted(unit, year, EM_NO | URBAN, 3, 0, standard, none, 0, 0, 1);
      for (const unit of communes) tallier.addCounted(unit, 2024, EM_NO | URBAN, 1, 0, 1, none, 0, 0, 1);
    }
    const tallies = [...tallier.finish().values()].filter((t) => t.unit.level === 'commune');
    const of = (year: number, group: string) => tallies.filter((t) => t.year === year && t.group === group).map((t) => [t.households, t.poor, t.nearPoor]);
    expect(of(2024, 'all')).toEqual(communes.map(() => [12, 4, 4]));
    expect(of(2024, 'ethnic_minority')).toEqual(communes.map(() => [6, 3, 3]));
    expect(of(2024, 'non_ethnic_minority')).toEqual(communes.map(() => [6, 1, 1]));
    expect(of(2024, 'urban')).toEqual(communes.map(() => [6, 1, 1]));
    expect(of(2024, 'rural')).toEqual(communes.map(() => [6, 3, 3]));
    expect(of(2024, 'meritorious')).toEqual(communes.map(() => [2, 1, 1]));
    for (const [year] of later) {
      for (const group of ['all', 'urban', 'non_ethnic_minority']) expect(of(year, group)).toEqual(communes.map(() => [1, 1, 0]));
      for (const group of ['rural', 'ethnic_minority', 'meritorious']) expect(of(year, group)).toEqual([]);
    }
    expect(tallies.find((t) => t.group === 'all' && t.unit.name === 'Xã 5999')!.unit.path).toEqual(['Tỉnh A', 'Huyện 39', 'Xã 5999']);
  });
});

describe('the warm-up of the cells code (warmCellCode)', () => {
  // V8 compiles the cells' lookup from what it has seen it do: the first row of a second review year
  // took a path first taken before V8 kept what it saw, and the compiled code was thrown away, every run
  it('counts 400 rows of 40 units in each of three review years, one year after another, into 480 cells', () => {
    const counts = warmCells(new Tallier());
    // units r % 40 and group flags r % 32 of rows r = 0 … 399: 160 cells a year
    expect(counts.keys.length).toBe(480);
    const sum = (field: number) => Array.from({ length: 480 }, (_, c) => counts.cells[c * 16 + field]).reduce((a, b) => a + b, 0);
    // households, poor (status 3: r % 3 = 2), near-poor (status 2: r % 3 = 1)
    expect([sum(0), sum(1), sum(2)]).toEqual([1200, 399, 399]);
    expect([1999, 2000, 2001, 2002, 2003].map((year) => counts.yearRows[(year - FIRST_REVIEW_YEAR) * 3])).toEqual([0, 400, 400, 400, 0]);
  });

  it('grown keeps an array of each kind of its kind, its numbers first, twice as long or as asked', () => {
    const ints = grown(Int32Array.of(-7, 8), 3);
    const floats = grown(Float64Array.of(0.5, 2 ** 40), 9);
    expect([ints instanceof Int32Array, [...ints]]).toEqual([true, [-7, 8, 0, 0]]);
    expect([floats instanceof Float64Array, [...floats]]).toEqual([true, [0.5, 2 ** 40, 0, 0, 0, 0, 0, 0, 0]]);
    const room = Int32Array.of(1, 2);
    expect(grown(room, 2)).toBe(room);
  });
});

describe('tally keys', () => {
  it('are one number for each unit, review year (1990–2100) and group: none shared', () => {
    const keys = new Set<TallyKey>();
    for (const unit of [0, 1, 2, 70_000]) for (let year = FIRST_REVIEW_YEAR; year <= LAST_REVIEW_YEAR; year++) for (const group of GROUPS) keys.add(tallyKey(unit, year, group));
    expect(keys.size).toBe(4 * (LAST_REVIEW_YEAR - FIRST_REVIEW_YEAR + 1) * GROUPS.length);
    expect([...keys].every((k) => Number.isSafeInteger(k))).toBe(true);
  });
});

describe('tallies made when read', () => {
  // household sums by hand: two review years, a commune (2023 and 2024, all; 2024 urban) and its district (2024, all)
  const tree = new UnitTree();
  const commune = tree.unit('Tỉnh A', 'Huyện B', 'Xã C');
  const district = commune.parent!;
  const years = [2023, 2024];
  const perUnit = years.length * GROUPS.length;
  const place = (unit: Unit, year: number, group: Group) => unit.id * perUnit + years.indexOf(year) * GROUPS.length + GROUPS.indexOf(group);
  const order: [Unit, number, Group][] = [[commune, 2024, 'all'], [commune, 2024, 'urban'], [district, 2024, 'all'], [commune, 2023, 'all']];
  const fresh = (data = Int32Array.from([10, 4, 30, 7])) => {
    const made: string[] = [];
    const rows = new Int32Array(tree.all.length * perUnit).fill(-1);
    order.forEach(([unit, year, group], r) => (rows[place(unit, year, group)] = r));
    const tallies = new Tallies({
      keys: Int32Array.from(order.map(([unit, year, group]) => place(unit, year, group))),
      rows,
      data,
      units: tree.all,
      years,
      perUnit,
      n: 1,
      households: 0,
      make: (data, at, unit, year, group) => {
        made.push(`${unit.name} ${year} ${group}`);
        return { unit, year, group, households: data[at] } as Tally;
      },
    });
    return { tallies, made };
  };

  it('makes a tally once, when first read, and none for keys without sums', () => {
    const { tallies, made } = fresh();
    expect(tallies.size).toBe(4);
    const t = tallies.get(tallyKey(district.id, 2024, 'all'))!;
    expect(t.households).toBe(30);
    expect(tallies.get(tallyKey(district.id, 2024, 'all'))).toBe(t);
    expect(tallies.get(tallyKey(district.id, 2023, 'all'))).toBeUndefined();
    expect(tallies.get(tallyKey(commune.id, 2022, 'all'))).toBeUndefined();
    expect(tallies.has(tallyKey(commune.id, 2023, 'all'))).toBe(true);
    expect(tallies.has(tallyKey(commune.id, 2023, 'urban'))).toBe(false);
    expect(made).toEqual(['Huyện B 2024 all']);
  });

  it('selects by unit and group, making only what it returns, in the order of the sums', () => {
    const { tallies, made } = fresh();
    expect(tallies.select((unit, group) => unit.level === 'commune' && group === 'all').map((t) => [t.year, t.households])).toEqual([[2024, 10], [2023, 7]]);
    expect(made).toEqual(['Xã C 2024 all', 'Xã C 2023 all']);
  });

  it('iterates the sums in order, then tallies set for other keys in the order set; a set on a key with sums keeps its place', () => {
    const { tallies } = fresh();
    const province = district.parent!;
    const extra = { unit: province, year: 2021, group: 'all', households: 99 } as Tally;
    tallies.set(tallyKey(province.id, 2021, 'all'), extra);
    const replaced = { unit: commune, year: 2024, group: 'urban', households: 5 } as Tally;
    tallies.set(tallyKey(commune.id, 2024, 'urban'), replaced);
    expect(tallies.size).toBe(5);
    expect([...tallies.values()].map((t) => `${t.unit.name} ${t.year} ${t.group} ${t.households}`)).toEqual([
      'Xã C 2024 all 10', 'Xã C 2024 urban 5', 'Huyện B 2024 all 30', 'Xã C 2023 all 7', 'Tỉnh A 2021 all 99',
    ]);
    expect([...tallies.keys()]).toEqual([...tallies.values()].map((t) => tallyKey(t.unit.id, t.year, t.group)));
    expect(tallies.get(tallyKey(province.id, 2021, 'all'))).toBe(extra);
    expect(tallies.select((unit) => unit.level === 'province')).toEqual([extra]);
  });

  it('has no tally for a sum of no households (its rows counted, then all taken back out), nor a year for it', () => {
    const { tallies, made } = fresh(Int32Array.from([10, 4, 0, 7]));
    expect(tallies.size).toBe(3);
    expect(tallies.get(tallyKey(district.id, 2024, 'all'))).toBeUndefined();
    expect(tallies.has(tallyKey(district.id, 2024, 'all'))).toBe(false);
    expect(tallies.yearsOf(district.id)).toEqual([]);
    expect([...tallies.values()].map((t) => `${t.unit.name} ${t.year} ${t.group}`)).toEqual(['Xã C 2024 all', 'Xã C 2024 urban', 'Xã C 2023 all']);
    expect(tallies.select(() => true)).toHaveLength(3);
    expect(made).toEqual(['Xã C 2024 all', 'Xã C 2024 urban', 'Xã C 2023 all']);
  });

  it("gives a unit's review years, from its sums and the tallies set", () => {
    const { tallies, made } = fresh();
    expect(tallies.yearsOf(commune.id)).toEqual([2023, 2024]);
    expect(tallies.yearsOf(district.id)).toEqual([2024]);
    tallies.set(tallyKey(district.id, 2019, 'urban'), { unit: district, year: 2019, group: 'urban' } as Tally);
    expect(tallies.yearsOf(district.id)).toEqual([2019, 2024]);
    expect(tallies.yearsOf(district.parent!.id)).toEqual([]);
    expect(made).toEqual([]);
  });
});
