// End to end: bin/povcheck.js run as a user would, exact rows and exit codes.
import { cpSync, mkdtempSync, readFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT, povcheck, tempFile } from './helpers.js';

const SAMPLE = ['fixtures/sample/ho-ngheo-a-luoi-vo-nhai.csv', 'fixtures/sample/lam-dong-tong-hop.csv'];

/** Hand-worked from the sample's design (scripts/make-sample.mjs and lam-dong-tong-hop.csv). */
const EXPECTED: [string, string, string, number | null, number | null][] = [
  // A Lưới: 23 of 60 households poor in 2021 (38.33 %), 18 of 60 in 2022 (30 %)
  ['a-luoi-nq-hn8-khoa-xii', 'poor-rate-below-20-by-2025', 'pending', 30, 2022],
  ['a-luoi-nq-hn8-khoa-xii', 'loan-coverage-100', 'pending', 100, 2022],
  ['a-luoi-nq-hn8-khoa-xii', 'training-coverage-100', 'pending', 100, 2022],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-poor-households-2021', 'fail', 23, 2021],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-poor-rate-2021', 'fail', (23 / 60) * 100, 2021],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-near-poor-households-2021', 'fail', 9, 2021],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-near-poor-rate-2021', 'fail', 15, 2021],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-poor-rate-start-2016', 'no-data', null, null],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-poor-rate-2020', 'no-data', null, null],
  ['a-luoi-nq-hn8-khoa-xii', 'stated-average-cut-2016-2020', 'no-data', null, null],
  // Lâm Đồng: poor rate 2.50 → 1.40 → 0.60 (cuts 1.10, 0.80)
  ['lam-dong-09-nq-tu', 'poor-rate-cut-each-year', 'fail', 0.8, 2023],
  // ethnic minority 8.0 → 5.5 → 3.4 (cuts 2.5, 2.1), 2024–2025 to come
  ['lam-dong-09-nq-tu', 'ethnic-minority-poor-rate-cut-each-year', 'pending', 2.1, 2023],
  // (2,208 + 7,360) / 368,000 = 2.6 % in 2023
  ['lam-dong-09-nq-tu', 'poor-near-poor-rate-below-national-2025', 'pending', 2.6, 2023],
  // loans 4,000 of 4,000 in 2022, 3,430 of 3,500 (98 %) in 2023
  ['lam-dong-09-nq-tu', 'loan-coverage-100', 'fail', 98, 2023],
  ['lam-dong-09-nq-tu', 'training-coverage-100', 'pending', 100, 2023],
  // (900 + 300) / (2,208 + 7,360) = 12.54 % in 2023
  ['lam-dong-09-nq-tu', 're-poverty-below-10-each-year', 'fail', (1200 / 9568) * 100, 2023],
  ['lam-dong-09-nq-tu', 'no-poor-meritorious-households', 'pending', 0, 2023],
  ['lam-dong-09-nq-tu', 'poor-near-poor-rate-below-national-2030', 'pending', 2.6, 2023],
  ['lam-dong-09-nq-tu', 'no-extremely-difficult-communes-2030', 'pending', 12, 2023],
  ['lam-dong-09-nq-tu', 'stated-poor-rate-start-2016', 'pass', 6.67, 2015],
  ['lam-dong-09-nq-tu', 'stated-poor-rate-end-2021', 'no-data', null, null],
  // Võ Nhai: 18 of 40 (45 %) → 17 of 40 (42.5 %): 2.5 pp so far; poor + near-poor 57.5 % → 55 %
  ['vo-nhai-ke-hoach-10-ctr-tu', 'poor-rate-average-cut-3pp', 'pending', 2.5, 2022],
  ['vo-nhai-ke-hoach-10-ctr-tu', 'poverty-rate-halved-by-2030', 'pending', 55 / 57.5, 2022],
  ['vo-nhai-ke-hoach-10-ctr-tu', 'no-extremely-difficult-communes-2030', 'no-data', null, null],
];

describe('povcheck check on the bundled sample', () => {
  it('gives the hand-worked status of every target (JSON report)', () => {
    const { status, stdout, stderr } = povcheck(['check', '--data', ...SAMPLE, '--format', 'json']);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.results.map((r: { ruleset: string; target: string; status: string; observedYear: number | null }) => [r.ruleset, r.target, r.status, r.observedYear])).toEqual(
      EXPECTED.map(([ruleset, target, s, , year]) => [ruleset, target, s, year]),
    );
    report.results.forEach((r: { observed: number | null }, i: number) => {
      if (EXPECTED[i][3] === null) expect(r.observed).toBeNull();
      else expect(r.observed).toBeCloseTo(EXPECTED[i][3]!, 9);
    });
    expect(report.summary).toEqual({ pass: 1, fail: 7, pending: 11, noData: 5, rejectedRows: 0, exitCode: 1 });
    expect(report.inputs.map((i: { file: string; kind: string; rows: number }) => [i.file, i.kind, i.rows])).toEqual([
      [SAMPLE[0], 'households', 200], [SAMPLE[1], 'summaries', 9],
    ]);
  });

  it('carries the projection, the reason and the quote', () => {
    const report = JSON.parse(povcheck(['check', '--data', ...SAMPLE, '--format', 'json']).stdout);
    const aLuoi = report.results[0];
    expect(aLuoi.unit).toEqual({ level: 'district', name: 'A Lưới', path: ['Thừa Thiên Huế', 'A Lưới'] });
    expect(aLuoi.expected).toEqual({ text: '< 20.00 % in 2025', below: 20, year: 2025 });
    expect(aLuoi.projection.onTrack).toBe(true);
    expect(aLuoi.projection.value).toBeCloseTo(5, 9);
    expect(aLuoi.projection.neededPerYear).toBeCloseTo(10 / 3, 9);
    expect(aLuoi.quote).toBe('Phấn đấu đến cuối năm 2025, tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều toàn huyện giảm còn dưới 20%.');
    expect(aLuoi.message).toBe('poor_rate 30.00 % (2022); due later: < 20.00 % in 2025. Straight-line trend: 5.00 % in 2025 (on track); needs −3.33 pp a year from 2022');
    const oldRuler = report.results.find((r: { target: string; ruleset: string }) => r.ruleset === 'lam-dong-09-nq-tu' && r.target === 'stated-poor-rate-end-2021');
    expect(oldRuler.reason).toBe('the 2021 figure is measured under vn-2022-2025, the target under vn-2016-2020: a change of ruler is not a change (set across_standards: true to compare anyway)');
  });

  it('prints the table with a summary line and exits 1 when a target fails', () => {
    const { status, stdout } = povcheck(['check', '--data', ...SAMPLE]);
    expect(status).toBe(1);
    const rows = stdout.split('\n');
    expect(rows).toContain('│ a-luoi-nq-hn8-khoa-xii     │ poor-rate-below-20-by-2025              │ Thừa Thiên Huế / A Lưới │ all             │ 2025      │ < 20.00 % in 2025                              │ 30.00 % (2022)  │ pending │');
    expect(rows).toContain('│ lam-dong-09-nq-tu          │ poor-rate-cut-each-year                 │ Lâm Đồng                │ all             │ 2021–2025 │ cut 1–1.5 pp every year 2021–2025              │ 0.80 pp (2023)  │ fail    │');
    expect(rows.at(-2)).toBe('24 results: 1 pass, 7 fail, 11 pending, 5 no data; 0 rows rejected');
    expect(stdout).not.toMatch(/\u001b\[/); // no colour when not a terminal
  });

  it('speaks Vietnamese with --lang vi or LANG=vi_VN', () => {
    const viaOption = povcheck(['check', '--data', ...SAMPLE, '--lang', 'vi']).stdout;
    expect(viaOption.split('\n').at(-2)).toBe('24 kết quả: 1 đạt, 7 không đạt, 11 chưa đến hạn, 5 thiếu dữ liệu; 0 dòng bị loại');
    expect(povcheck(['check', '--data', ...SAMPLE], { env: { LANG: 'vi_VN.UTF-8' } }).stdout).toBe(viaOption);
  });

  it('exits 0 when only the passing ruleset subset is checked, and 1 with --fail-on pending', () => {
    const rules = tempFile('pass.yaml', readFileSync('rules/lam-dong-09-nq-tu.yaml', 'utf8').split('\n  - id: poor-rate-cut-each-year')[0] +
      '\n  - id: start-2016\n    quote: "x"\n    rule: stated\n    standard: vn-2016-2020\n    metric: poor_rate\n    year: 2015\n    value: 6.67\n');
    expect(povcheck(['check', '--data', SAMPLE[1], '--rules', rules]).status).toBe(0);
    expect(povcheck(['check', '--data', ...SAMPLE, '--rules', 'rules/vo-nhai-ke-hoach-10-ctr-tu.yaml']).status).toBe(0);
    expect(povcheck(['check', '--data', ...SAMPLE, '--rules', 'rules/vo-nhai-ke-hoach-10-ctr-tu.yaml', '--fail-on', 'pending']).status).toBe(1);
  });

  it('ignores data after --as-of', () => {
    const report = JSON.parse(povcheck(['check', '--data', SAMPLE[1], '--rules', 'rules/lam-dong-09-nq-tu.yaml', '--as-of', '2022', '--format', 'json']).stdout);
    expect(report.results[0]).toMatchObject({ target: 'poor-rate-cut-each-year', status: 'pending', observedYear: 2022 });
    expect(report.results[0].observed).toBeCloseTo(1.1, 9);
  });
});

describe('exit codes', () => {
  it('1 when more rows are rejected than --max-rejects allows, 0 within it', () => {
    const data = 'fixtures/inputs/bad-number.csv';
    const rules = 'rules/vo-nhai-ke-hoach-10-ctr-tu.yaml';
    const over = povcheck(['check', '--data', data, '--rules', rules]);
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('1 row(s) rejected, more than --max-rejects 0 allows\n');
    expect(povcheck(['check', '--data', data, '--rules', rules, '--max-rejects', '1']).status).toBe(0);
  });

  it('2 for a missing file, with one line and no stack trace', () => {
    const { status, stdout, stderr } = povcheck(['check', '--data', 'no/such.csv']);
    expect([status, stdout, stderr]).toEqual([2, '', 'no/such.csv  file not found: no/such.csv\n']);
  });

  it('2 for an invalid ruleset, one line per mistake', () => {
    const rules = tempFile('bad.yaml', 'id: bad\ndocument: { number: "1", issuer: x }\nscope: { province: X }\nstandard: vn-2022-2025\ntargets:\n  - id: t\n    quote: q\n    rule: levle\n');
    const { status, stderr } = povcheck(['check', '--data', SAMPLE[1], '--rules', rules]);
    expect(status).toBe(2);
    expect(stderr).toBe(`${rules}:8:11  unknown rule "levle" (did you mean "level"?)\n`);
  });

  it('2 for a bad option value and an unknown option', () => {
    expect(povcheck(['check', '--data', SAMPLE[1], '--fail-on', 'failed'])).toMatchObject({ status: 2, stderr: 'invalid value "failed" for --fail-on: expected pass | fail | pending | no-data\n' });
    expect(povcheck(['check', '--data', SAMPLE[1], '--colour']).status).toBe(2);
    expect(povcheck([]).status).toBe(2);
  });

  it('0 for --help of every command and --version', () => {
    for (const command of ['check', 'validate', 'summarize', 'classify', 'rules', 'standards']) {
      const { status, stdout } = povcheck([command, '--help']);
      expect(status, command).toBe(0);
      expect(stdout, command).toMatch(/^Usage: povcheck /);
    }
    expect(povcheck(['--version'])).toMatchObject({ status: 0, stdout: '0.1.0\n' });
  });

  it('validate: 0 clean, 1 rejected rows, 2 unreadable', () => {
    expect(povcheck(['validate', '--data', ...SAMPLE]).status).toBe(0);
    expect(povcheck(['validate', '--data', 'fixtures/inputs/bad-number.csv']).status).toBe(1);
    expect(povcheck(['validate', '--data', 'fixtures']).status).toBe(2);
  });
});

describe('other commands', () => {
  it('validate --format json lists inputs, rejects and findings', () => {
    const report = JSON.parse(povcheck(['validate', '--data', 'fixtures/inputs/bad-number.csv', '--format', 'json']).stdout);
    expect(report.rejects).toEqual([
      { file: 'fixtures/inputs/bad-number.csv', line: 3, column: 'income_per_capita', header: 'Thu nhập bình quân', value: '1,5tr', code: 'notANumber', message: 'not a number in the 1.234.567,89 convention' },
    ]);
    expect(report.inputs[0]).toMatchObject({ kind: 'households', encoding: 'utf-8', delimiter: ';', decimal: ',', rows: 2, accepted: 1, rejected: 1 });
  });

  it('validate reads standard input with --data -', () => {
    const { status, stdout } = povcheck(['validate', '--data', '-'], { input: 'nam;tinh;phan_loai\n2022;Lâm Đồng;hộ nghèo\n' });
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('-: household records, utf-8, delimiter ";", decimal ","');
  });

  it('check reads household rows from standard input like a file', () => {
    const input = readFileSync(SAMPLE[0], 'utf8');
    const { status, stdout } = povcheck(['check', '--data', '-', SAMPLE[1]], { input });
    expect(status).toBe(1);
    expect(stdout.split('\n').at(-2)).toBe('24 results: 1 pass, 7 fail, 11 pending, 5 no data; 0 rows rejected');
  });

  it('summarize --format json gives tallies with unknown flows as null', () => {
    const tallies = JSON.parse(povcheck(['summarize', '--data', SAMPLE[0], '--level', 'district', '--group', 'all', '--format', 'json']).stdout);
    expect(tallies.map((t: { unit: { name: string }; year: number; households: number; poor: number; nearPoor: number; escaped: number | null; newPoor: number | null }) =>
      [t.unit.name, t.year, t.households, t.poor, t.nearPoor, t.escaped, t.newPoor])).toEqual([
      // Vietnamese order: "Thái Nguyên" before "Thừa Thiên Huế"
      ['Võ Nhai', 2021, 40, 18, 5, null, null],
      ['Võ Nhai', 2022, 40, 17, 5, 2, 1],
      ['A Lưới', 2021, 60, 23, 9, null, null],
      ['A Lưới', 2022, 60, 18, 9, 6, 1],
    ]);
  });

  it('summarize --format csv and classify write spreadsheet-safe CSV', () => {
    const file = tempFile('formula.csv', 'nam,tinh,xa,phan_loai\n2022,=HYPERLINK("x"),-1+1,poor\n');
    const csv = povcheck(['summarize', '--data', file, '--level', 'commune', '--format', 'csv']).stdout.split('\n');
    expect(csv[1]).toBe('commune,\'-1+1,"\'=HYPERLINK(""x"") / -1+1",2022,all,vn-2022-2025,1,1,0,100,0,,,,,,,,,,,,,,,');
    const classified = povcheck(['classify', '--data', file]).stdout.split('\n');
    expect(classified).toEqual(['nam,tinh,xa,phan_loai,classified_status,deprivation_count,standard', '2022,"\'=HYPERLINK(""x"")",\'-1+1,poor,poor,,vn-2022-2025', '']);
  });

  it('classify adds the status under the standard of the review year, or --standard', () => {
    const file = tempFile('c.csv', 'nam;tinh;khu_vuc;thu_nhap_binh_quan;so_chi_so_thieu_hut\n2020;T;nông thôn;800.000;3\n2022;T;nông thôn;800.000;2\n');
    expect(povcheck(['classify', '--data', file]).stdout.split('\n').slice(1, 3)).toEqual([
      '2020,T,nông thôn,800.000,3,poor,,vn-2016-2020',
      '2022,T,nông thôn,800.000,2,near_poor,,vn-2022-2025',
    ]);
    expect(povcheck(['classify', '--data', file, '--standard', 'vn-2027-2030']).stdout.split('\n')[1]).toBe('2020,T,nông thôn,800.000,3,poor,,vn-2027-2030');
  });

  it('--output writes the report atomically and leaves no temporary file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-out-'));
    const out = path.join(dir, 'report.json');
    const { status, stdout } = povcheck(['check', '--data', ...SAMPLE, '--format', 'json', '--output', out]);
    expect([status, stdout]).toEqual([1, '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.fail).toBe(7);
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(existsSync(out)).toBe(true);
  });

  it('rules list, show and standards describe what is bundled', () => {
    expect(povcheck(['rules', 'list']).stdout.split('\n')[0]).toBe('a-luoi-nq-hn8-khoa-xii  Nghị quyết Hội nghị lần thứ tám BCH Đảng bộ huyện khoá XII — Huyện ủy A Lưới');
    const show = povcheck(['rules', 'show', 'vo-nhai-ke-hoach-10-ctr-tu']).stdout;
    expect(show).toContain('    poor_rate: average cut ≥ 3 pp a year 2021–2025 (2021–2025)');
    expect(povcheck(['rules', 'show', 'vo-nhai'])).toMatchObject({ status: 2 });
    expect(povcheck(['standards']).stdout).toContain('  rural: ≤ 1.500.000 VND/person/month');
  });
});

describe('the bundle', () => {
  it('runs on its own, wherever the package is: no node_modules, the rulesets, reference data and version found, a large file shared with the worker', () => {
    // the files a package of povcheck ships (package.json "files", without the unbundled dist/)
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'povcheck-package-')), 'deep', 'povcheck');
    for (const part of ['bin', 'dist/bundle', 'dist/bundled-rulesets.json', 'rules', 'package.json']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    const run = (bin: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
    const copied = path.join(dir, 'bin', 'povcheck.js');
    expect(run(copied, ['--version'])).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    const sample = SAMPLE.map((f) => path.join(ROOT, f));
    const report = run(copied, ['check', '--data', ...sample, '--format', 'json']);
    expect(report.status).toBe(1);
    // the same report, the rulesets' files named from where each package is
    const rulesOf = (root: string, text: string) => text.replaceAll(JSON.stringify(path.relative(tmpdir(), path.join(root, 'rules'))).slice(1, -1), 'rules');
    expect(rulesOf(dir, report.stdout)).toBe(rulesOf(ROOT, run(BIN, ['check', '--data', ...sample, '--format', 'json']).stdout));
    expect(report.stdout).toContain(path.relative(tmpdir(), path.join(dir, 'rules', 'a-luoi-nq-hn8-khoa-xii.yaml')));
    expect(JSON.parse(report.stdout).summary).toMatchObject({ pass: 1, fail: 7, pending: 11, noData: 5 });
    // an edited bundled ruleset is read again, not taken from what the build read
    const yaml = path.join(dir, 'rules', 'vo-nhai-ke-hoach-10-ctr-tu.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^(\s*- id: )([a-z0-9-]+)/m, '$1renamed-$2'));
    expect(JSON.parse(run(copied, ['check', '--data', ...sample, '--format', 'json']).stdout).results.filter((r: { target: string }) => r.target.startsWith('renamed-'))).toHaveLength(1);
    // 9 MB, past the size from which a worker thread reads a part (its module is in the bundle too)
    const big = path.join(path.dirname(dir), 'big.csv');
    expect(spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-households.mjs'), '80000', big]).status).toBe(0);
    expect(statSync(big).size).toBeGreaterThan(8 * 1024 * 1024);
    const tallies = run(copied, ['summarize', '--data', big, '--format', 'json', '--level', 'country']);
    expect(tallies.status).toBe(0);
    expect(tallies.stdout).toBe(run(BIN, ['summarize', '--data', big, '--format', 'json', '--level', 'country']).stdout);
    const country = JSON.parse(tallies.stdout).filter((t: { unit: { level: string }; group: string }) => t.unit.level === 'country' && t.group === 'all');
    expect(country.map((t: { year: number; households: number; escaped: number | null }) => [t.year, t.households, t.escaped !== null])).toEqual([[2023, 40000, false], [2024, 40000, true]]);
  }, 60_000);
});

describe('without WebAssembly', () => {
  it('tallies a panel file as with it (node --jitless: the JavaScript record loop and end-of-read loops)', () => {
    const file = tempFile('jitless.csv', '');
    expect(spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-households.mjs'), '3000', file]).status).toBe(0);
    const args = [BIN, 'summarize', '--data', file, '--format', 'json', '--level', 'district'];
    const env = { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' };
    const jitless = spawnSync(process.execPath, ['--jitless', ...args], { cwd: ROOT, encoding: 'utf8', env });
    const usual = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });
    expect(jitless.status).toBe(0);
    expect(jitless.stdout).toBe(usual.stdout);
    const district = JSON.parse(usual.stdout).find((t: { unit: { level: string }; group: string; year: number }) => t.unit.level === 'district' && t.group === 'all' && t.year === 2024);
    expect(district.escaped).toBeGreaterThan(0);
  }, 30_000);
});

describe('leaving', () => {
  it('writes all of a large output to a slow reader before it exits', async () => {
    const lines = ['ma_ho,nam,tinh,huyen,xa,khu_vuc,thu_nhap_binh_quan,so_chi_so_thieu_hut'];
    for (let i = 0; i < 6000; i++) lines.push(`H${i},2023,Tỉnh ${i % 7},Huyện ${i % 61},Xã ${i % 3000},${i % 3 ? 'Nông thôn' : 'Thành thị'},${(i * 7919) % 3_000_000},${i % 6}`);
    const file = tempFile('many-units-out.csv', lines.join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, 'summarize', '--data', file, '--format', 'json'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
    const chunks: Buffer[] = [];
    // a reader that takes its time: the pipe fills, and the writer must wait for it
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(code).toBe(0);
    expect(text.length).toBeGreaterThan(1_000_000);
    const written = path.join(path.dirname(file), 'out.json');
    expect(povcheck(['summarize', '--data', file, '--format', 'json', '--output', written]).status).toBe(0);
    expect(text).toBe(readFileSync(written, 'utf8'));
  }, 30_000);
});

describe('--standards-file', () => {
  const rows = 'nam;tinh;khu_vuc;thu_nhap_binh_quan;so_chi_so_thieu_hut\n2026;T;nông thôn;2.300.000;3\n';
  it('overrides an unverified line', () => {
    const data = tempFile('2026.csv', rows);
    expect(povcheck(['classify', '--data', data]).stdout.split('\n')[1]).toBe('2026,T,nông thôn,2.300.000,3,non_poor,,vn-2027-2030');
    const overrides = tempFile('standards.yaml', 'vn-2027-2030:\n  lines:\n    rural: { poor: 2500000 }\n');
    expect(povcheck(['classify', '--data', data, '--standards-file', overrides]).stdout.split('\n')[1]).toBe('2026,T,nông thôn,2.300.000,3,poor,,vn-2027-2030');
    expect(povcheck(['standards', '--standards-file', overrides]).stdout).toContain('  rural: ≤ 2.500.000 VND/person/month');
  });

  it('refuses a bad override with file:line:col', () => {
    const overrides = tempFile('bad.yaml', 'vn-2027-2030:\n  deprivation_threshold: many\n');
    const { status, stderr } = povcheck(['standards', '--standards-file', overrides]);
    expect(status).toBe(2);
    expect(stderr).toBe(`${overrides}:2:26  vn-2027-2030.deprivation_threshold: Invalid input: expected number, received string\n`);
  });
});

describe('classify', () => {
  it('lists status disagreements on stderr and keeps the given status', () => {
    const { status, stdout, stderr } = povcheck(['classify', '--data', 'fixtures/inputs/status-disagrees.csv']);
    expect(status).toBe(0);
    expect(stdout.split('\n')[1].endsWith(',Hộ nghèo,poor,,vn-2022-2025')).toBe(true);
    expect(stderr).toBe('fixtures/inputs/status-disagrees.csv:2: given status poor but the vn-2022-2025 rule gives non_poor\n');
  });
});

describe('report formats', () => {
  it('writes several formats in one run, each to its own file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-formats-'));
    const junit = path.join(dir, 'junit.xml');
    const md = path.join(dir, 'report.md');
    const { status, stdout } = povcheck(['check', '--data', ...SAMPLE, '--format', 'github', '--format', `junit=${junit}`, '--format', `markdown=${md}`]);
    expect(status).toBe(1);
    expect(stdout.split('\n')[0]).toBe('::error file=rules/a-luoi-nq-hn8-khoa-xii.yaml,line=41,title=a-luoi-nq-hn8-khoa-xii/stated-poor-households-2021 (Thừa Thiên Huế / A Lưới)%3A fail::poor 23 (2021) misses = 7022 in 2021 (± 0)');
    expect(readFileSync(junit, 'utf8').split('\n')[1]).toBe('<testsuites name="povcheck" tests="24" failures="7" skipped="16">');
    expect(readFileSync(md, 'utf8').split('\n')[0]).toBe('## povcheck');
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.md']);
  });

  it('refuses two formats on standard output and an unknown format', () => {
    expect(povcheck(['check', '--data', ...SAMPLE, '--format', 'table', '--format', 'json'])).toMatchObject({
      status: 2, stdout: '', stderr: 'only one --format can go to standard output; give the others a file (--format json=report.json)\n',
    });
    expect(povcheck(['check', '--data', ...SAMPLE, '--format', 'xml']).stderr).toBe('invalid value "xml" for --format: expected table | json | junit | github | markdown | csv | html\n');
  });

  it('exits 2 with one line when the report cannot be written', () => {
    const { status, stderr } = povcheck(['check', '--data', ...SAMPLE, '--output', 'no/such/dir/report.txt']);
    expect([status, stderr]).toEqual([2, 'no/such/dir/report.txt  cannot write no/such/dir/report.txt: ENOENT\n']);
  });

  it('falls back to English for a locale it does not speak', () => {
    expect(povcheck(['check', '--data', ...SAMPLE], { env: { LANG: 'fr_FR.UTF-8' } }).stdout.split('\n').at(-2)).toBe('24 results: 1 pass, 7 fail, 11 pending, 5 no data; 0 rows rejected');
  });
});

describe('--decimal, --delimiter and --encoding', () => {
  it('--decimal keeps every row (and reads numbers in that convention)', () => {
    const report = JSON.parse(povcheck(['validate', '--data', 'fixtures/inputs/bad-number.csv', '--decimal', ',', '--format', 'json']).stdout);
    expect(report.inputs[0]).toMatchObject({ decimal: ',', rows: 2, accepted: 1, rejected: 1 });
    const dot = JSON.parse(povcheck(['validate', '--data', 'fixtures/inputs/bad-number.csv', '--decimal', '.', '--format', 'json']).stdout);
    // "1.200.000" is not a number with "." as the decimal mark: both rows are rejected
    expect(dot.inputs[0]).toMatchObject({ decimal: '.', rows: 2, accepted: 0, rejected: 2 });
  });

  it('--delimiter and --encoding override detection', () => {
    expect(povcheck(['validate', '--data', 'fixtures/inputs/windows-1258.csv', '--encoding', 'utf-8'])).toMatchObject({
      status: 2, stderr: 'fixtures/inputs/windows-1258.csv:1:1  the header has bytes that are not valid utf-8: is the file in another encoding? (--encoding)\n',
    });
    expect(povcheck(['validate', '--data', 'fixtures/inputs/comma-dot.csv', '--delimiter', ';']).status).toBe(2);
    expect(povcheck(['validate', '--data', 'fixtures/inputs/utf16le-tab.csv', '--delimiter', 'tab']).status).toBe(0);
    expect(povcheck(['validate', '--data', 'fixtures/inputs/utf16le-tab.csv', '--encoding', 'latin1'])).toMatchObject({ status: 2 });
  });
});
