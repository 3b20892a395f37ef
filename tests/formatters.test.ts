// Each formatter on a hand-built report, with the exact expected output.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Result } from '../src/evaluate/evaluate.js';
import { FORMAT_NAMES, loadFormatters } from '../src/formatters/index.js';
import { escapeData, escapeProperty } from '../src/formatters/github.js';
import { buildFormatInput } from '../src/formatters/report.js';
import { writeAtomic } from '../src/output.js';
import { PovcheckError } from '../src/errors.js';

const std = 'vn-2022-2025';
const base = { title: null, group: 'all' as const, standard: std, details: [], projection: null, reason: null, referenceSeries: null };
const RESULTS: Result[] = [
  {
    ...base, ruleset: 'r1', target: 'below-20', rule: 'level', metric: 'poor_rate', unit: { level: 'district', name: 'A Lưới', path: ['Thừa Thiên Huế', 'A Lưới'] },
    params: { metric: 'poor_rate', year: 2025, below: 20 }, status: 'pass', observed: 18.5, observedYear: 2025, expected: { below: 20, year: 2025 },
    quote: 'Phấn đấu <dưới> 20% & "ổn"', source: { file: 'rules/r1.yaml', line: 7 }, series: [{ year: 2024, value: 21, standard: std }, { year: 2025, value: 18.5, standard: std }],
  },
  {
    ...base, ruleset: 'r1', target: 'cut', rule: 'annual-reduction', metric: 'poor_rate', unit: { level: 'province', name: 'Lâm Đồng', path: ['Lâm Đồng'] },
    params: { metric: 'poor_rate', from: 2021, to: 2023, min: 1, mode: 'each-year', unit: 'pp' }, status: 'fail', observed: 0.8, observedYear: 2023,
    expected: { min: 1, max: null, from: 2021, to: 2023, mode: 'each-year', unit: 'pp' }, quote: 'Hàng năm giảm 1%', source: { file: 'rules/r1.yaml', line: 15 },
    series: [{ year: 2021, value: 2.5, standard: std }, { year: 2022, value: 1.4, standard: std }, { year: 2023, value: 0.6, standard: std }],
  },
  {
    ...base, ruleset: 'r2', target: 'stated', rule: 'stated', metric: 'poor', unit: { level: 'commune', name: 'Xã "A"\nB, C: 100%', path: ['T', 'Xã "A"\nB, C: 100%'] },
    params: { metric: 'poor', year: 2015, value: 7 }, status: 'no-data', observed: null, observedYear: null, expected: { value: 7, year: 2015, tolerance: 0 },
    reason: { code: 'reasonYearMissing', params: { year: 2015 } }, quote: '=7 hộ', source: { file: 'rules/r2.yaml', line: 3 }, series: [{ year: 2022, value: 5, standard: std }],
  },
  {
    ...base, ruleset: 'r2', target: 'halve', rule: 'relative-reduction', metric: 'poor_near_poor_rate', unit: { level: 'district', name: 'Võ Nhai', path: ['Thái Nguyên', 'Võ Nhai'] },
    params: { metric: 'poor_near_poor_rate', baseline: 2021, year: 2030, factor: 0.5 }, status: 'pending', observed: 55 / 57.5, observedYear: 2022,
    expected: { factor: 0.5, baseline: 2021, year: 2030, goal: 28.75 }, projection: { year: 2030, value: 35, onTrack: false, neededPerYear: 3.28125, fromYear: 2022 },
    quote: 'giảm một nửa', source: { file: 'rules/r2.yaml', line: 9 }, series: [{ year: 2021, value: 57.5, standard: std }, { year: 2022, value: 55, standard: std }],
  },
];
const input = (lang: 'en' | 'vi' = 'en', color = false) => buildFormatInput([], [], RESULTS, { lang, color, exitCode: 1 });
const FORMATTERS = await loadFormatters(FORMAT_NAMES);
const render = (name: string, lang: 'en' | 'vi' = 'en') => FORMATTERS.get(name)!(input(lang));

describe('formatters', () => {
  it('registers the seven formats of cli.md', () => {
    expect([...FORMATTERS.keys()]).toEqual(['table', 'json', 'junit', 'github', 'markdown', 'csv', 'html']);
  });

  it('loads only the formatters asked for, once each', async () => {
    const some = await loadFormatters(['json', 'html', 'json']);
    expect([...some.keys()]).toEqual(['json', 'html']);
    expect(some.get('json')).toBe(FORMATTERS.get('json'));
  });

  it('table', () => {
    expect(render('table')).toBe(
      [
        '┌─────────┬──────────┬─────────────────────────┬───────┬───────────┬─────────────────────────────────┬────────────────┬─────────┐',
        '│ ruleset │ target   │ unit                    │ group │ years     │ expected                        │ observed       │ status  │',
        '├─────────┼──────────┼─────────────────────────┼───────┼───────────┼─────────────────────────────────┼────────────────┼─────────┤',
        '│ r1      │ below-20 │ Thừa Thiên Huế / A Lưới │ all   │ 2025      │ < 20.00 % in 2025               │ 18.50 % (2025) │ pass    │',
        '│ r1      │ cut      │ Lâm Đồng                │ all   │ 2021–2023 │ cut ≥ 1 pp every year 2021–2023 │ 0.80 pp (2023) │ fail    │',
        '│ r2      │ stated   │ T / Xã "A"              │ all   │ 2015      │ = 7 in 2015 (± 0)               │ –              │ no data │',
        '│         │          │ B, C: 100%              │       │           │                                 │                │         │',
        '│ r2      │ halve    │ Thái Nguyên / Võ Nhai   │ all   │ 2021→2030 │ ≤ 0.5 × the 2021 value in 2030  │ 0.96 × (2022)  │ pending │',
        '└─────────┴──────────┴─────────────────────────┴───────┴───────────┴─────────────────────────────────┴────────────────┴─────────┘',
        '4 results: 1 pass, 1 fail, 1 pending, 1 no data; 0 rows rejected',
        '',
      ].join('\n'),
    );
  });

  it('table colours statuses only when asked', () => {
    expect(FORMATTERS.get('table')!(input('en', true))).toContain('\u001b[31m\u001b[1mfail\u001b[22m\u001b[39m');
    expect(render('table')).not.toContain('\u001b[');
  });

  it('json is the report of cli.md', () => {
    const report = JSON.parse(render('json'));
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'inputs', 'rejects', 'results', 'summary']);
    expect(report.summary).toEqual({ pass: 1, fail: 1, pending: 1, noData: 1, rejectedRows: 0, exitCode: 1 });
    expect(report.results[3]).toMatchObject({
      ruleset: 'r2', target: 'halve', rule: 'relative-reduction', status: 'pending', observedYear: 2022,
      expected: { text: '≤ 0.5 × the 2021 value in 2030', factor: 0.5, baseline: 2021, year: 2030, goal: 28.75 },
      projection: { year: 2030, value: 35, onTrack: false, neededPerYear: 3.28125, fromYear: 2022 }, reason: null,
    });
    expect(report.results[2].reason).toBe('no figure for 2015');
  });

  it('junit: one testcase per result; fail → failure, pending and no-data → skipped with the reason', () => {
    const xml = render('junit');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ name: 'povcheck', tests: '4', failures: '1', skipped: '2' });
    const [r1, r2] = doc.testsuites.testsuite;
    expect(r1).toMatchObject({ name: 'r1', tests: '2', failures: '1', skipped: '0' });
    expect(r1.testcase[0]).toEqual({ classname: 'r1.below-20', name: 'below-20 — Thừa Thiên Huế / A Lưới', file: 'rules/r1.yaml', line: '7' });
    expect(r1.testcase[1].failure.message).toBe('poor_rate 0.80 pp (2023) misses cut ≥ 1 pp every year 2021–2023');
    expect(r2.testcase[0].skipped.message).toBe('no data: no figure for 2015');
    expect(r2.testcase[0].name).toBe('stated — T / Xã "A"\nB, C: 100%');
    expect(r2.testcase[1].skipped.message).toMatch(/^pending: poor_near_poor_rate 0.96 × \(2022\); due later/);
  });

  it('github: ::error for fail, ::warning for no-data and off-track pending, one line each', () => {
    expect(render('github')).toBe(
      [
        '::error file=rules/r1.yaml,line=15,title=r1/cut (Lâm Đồng): fail::poor_rate 0.80 pp (2023) misses cut ≥ 1 pp every year 2021–2023',
        '::warning file=rules/r2.yaml,line=3,title=r2/stated (T / Xã "A"%0AB%2C C%3A 100%25): no data::no figure for 2015',
        '::warning file=rules/r2.yaml,line=9,title=r2/halve (Thái Nguyên / Võ Nhai): pending::poor_near_poor_rate 0.96 × (2022); due later: ≤ 0.5 × the 2021 value in 2030. Straight-line trend: 35.00 %25 in 2030 (off track); needs −3.28 pp a year from 2022',
        '',
      ].join('\n').replace('title=r1/cut (Lâm Đồng): fail', 'title=r1/cut (Lâm Đồng)%3A fail').replace('100%25): no data', '100%25)%3A no data').replace('Võ Nhai): pending', 'Võ Nhai)%3A pending'),
    );
  });

  it('github escaping of data and properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('markdown: a table with escaped pipes and line breaks', () => {
    const lines = render('markdown').split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '## povcheck',
      '',
      '4 results: 1 pass, 1 fail, 1 pending, 1 no data; 0 rows rejected',
      '',
      '| ruleset | target | unit | group | years | expected | observed | status |',
      '|---|---|---|---|---|---|---|---|',
    ]);
    expect(lines[8]).toBe('| r2 | stated | T / Xã "A"<br>B, C: 100% | all | 2015 | = 7 in 2015 (± 0) | – | ❔ no data |');
    expect(lines[11]).toBe('- **r1 / cut** (Lâm Đồng): poor_rate 0.80 pp (2023) misses cut ≥ 1 pp every year 2021–2023');
  });

  it('csv: spreadsheet-safe, one row per result', () => {
    const lines = render('csv').split('\n');
    expect(lines[0]).toBe('ruleset,target,rule,level,unit,group,metric,years,expected,observed,observed_year,status,projection,on_track,reason,message,quote');
    expect(lines[1]).toBe('r1,below-20,level,district,Thừa Thiên Huế / A Lưới,all,poor_rate,2025,< 20.00 % in 2025,18.5,2025,pass,,,,poor_rate 18.50 % (2025) meets < 20.00 % in 2025,"Phấn đấu <dưới> 20% & ""ổn"""');
    // the line break in the unit name stays inside the quoted cell
    expect(`${lines[3]}\n${lines[4]}`).toBe(`r2,stated,stated,commune,"T / Xã ""A""\nB, C: 100%",all,poor,2015,'= 7 in 2015 (± 0),,,no-data,,,no figure for 2015,no figure for 2015,'=7 hộ`);
  });

  it('speaks Vietnamese', () => {
    expect(render('markdown', 'vi').split('\n')[2]).toBe('4 kết quả: 1 đạt, 1 không đạt, 1 chưa đến hạn, 1 thiếu dữ liệu; 0 dòng bị loại');
  });

  it('html: self-contained, escaped, a chart per unit and metric', () => {
    const html = render('html');
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('T / Xã &quot;A&quot;\nB, C: 100%');
    expect(html).not.toContain('Xã "A"');
    expect(html.match(/<figure class="chart">/g)).toHaveLength(4);
    expect(html.match(/<tr>/g)).toHaveLength(5);
  });
});

describe('atomic output', () => {
  it('replaces the file in one step and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-atomic-'));
    const file = path.join(dir, 'report.json');
    writeFileSync(file, 'old');
    await writeAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('fails with one readable error and leaves nothing behind when the folder does not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-atomic-'));
    const file = path.join(dir, 'missing', 'report.json');
    await expect(writeAtomic(file, 'x')).rejects.toEqual(new PovcheckError('fileUnwritable', { file, reason: 'ENOENT' }, { file }));
    expect(readdirSync(dir)).toEqual([]);
  });
});
