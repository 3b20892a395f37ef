// The ruleset loader: one case per kind of YAML mistake, with the exact line, column and message;
// the bundled rulesets; the committed JSON Schema.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { format } from '../src/i18n/messages.js';
import { bundledCache, cachedRulesets } from '../src/rulesets/bundled.js';
import { BUNDLED_RULES_DIR, loadRulesets, parseRuleset, suggest } from '../src/rulesets/load.js';
import { rulesetJsonSchema } from '../src/rulesets/schema.js';

const HEAD = `id: test-ruleset
document: { number: "1/NQ", issuer: Test }
scope: { province: Lâm Đồng }
standard: vn-2022-2025
targets:
`;
const TARGET = `  - id: t1
    quote: "Phấn đấu"
    rule: level
    metric: poor_rate
    year: 2025
    below: 20
`;

function errors(yaml: string): string[] {
  return parseRuleset('r.yaml', yaml).errors.map((e) => `${e.file}:${e.line}:${e.column}  ${format('en', e.code, e.params)}`);
}

describe('ruleset mistakes', () => {
  it('accepts a valid ruleset', () => {
    const { ruleset, errors: found } = parseRuleset('r.yaml', HEAD + TARGET);
    expect(found).toEqual([]);
    expect(ruleset!.targets.map((t) => [t.id, t.rule, t.metric, t.group, t.line, t.params])).toEqual([
      ['t1', 'level', 'poor_rate', 'all', 6, { metric: 'poor_rate', year: 2025, below: 20 }],
    ]);
  });

  it('YAML syntax error', () => {
    expect(errors(HEAD + '  - id: t1\n    quote: "unclosed\n')).toEqual(['r.yaml:8:1  YAML: Missing closing "quote']);
  });

  it('a key given twice', () => {
    expect(errors(HEAD.replace('standard: vn-2022-2025', 'standard: vn-2022-2025\nstandard: vn-2022-2025') + TARGET)).toEqual(['r.yaml:5:1  YAML: Map keys must be unique']);
  });

  it('misspelt rule: did you mean', () => {
    expect(errors(HEAD + TARGET.replace('rule: level', 'rule: levle'))).toEqual(['r.yaml:8:11  unknown rule "levle" (did you mean "level"?)']);
  });

  it('misspelt metric: did you mean', () => {
    expect(errors(HEAD + TARGET.replace('metric: poor_rate', 'metric: poor_rat'))).toEqual(['r.yaml:9:13  unknown metric "poor_rat" (did you mean "poor_rate"?)']);
  });

  it('misspelt group: did you mean', () => {
    expect(errors(HEAD + TARGET + '    group: ethnic_minorty\n')).toEqual(['r.yaml:12:12  unknown group "ethnic_minorty" (did you mean "ethnic_minority"?)']);
  });

  it('unknown value with nothing close: the values allowed', () => {
    expect(errors(HEAD.replace('vn-2022-2025', 'decree-7') + TARGET)).toEqual([
      'r.yaml:4:11  unknown standard "decree-7" (expected vn-2016-2020, vn-2022-2025, vn-2027-2030)',
    ]);
  });

  it('misspelt field: did you mean, pointing at the key', () => {
    expect(errors(HEAD + TARGET.replace('below: 20', 'belw: 20'))).toEqual(['r.yaml:11:5  unknown field "targets.0.belw" (did you mean "below"?)']);
  });

  it('misspelt top-level field', () => {
    expect(errors(HEAD.replace('standard:', 'standrad:') + TARGET)).toEqual([
      'r.yaml:1:1  standard: missing; expected one of vn-2016-2020, vn-2022-2025, vn-2027-2030',
      'r.yaml:4:1  unknown field "standrad" (did you mean "standard"?)',
    ]);
  });

  it('a required field missing points at its target', () => {
    expect(errors(HEAD + TARGET.replace('    quote: "Phấn đấu"\n', ''))).toEqual(['r.yaml:6:5  targets.0.quote: Invalid input: expected string, received undefined']);
  });

  it('a value of the wrong type', () => {
    expect(errors(HEAD + TARGET.replace('year: 2025', 'year: "2025"'))).toEqual(['r.yaml:10:11  targets.0.year: Invalid input: expected number, received string']);
  });

  it('a rule-specific combination the schema cannot say', () => {
    expect(errors(HEAD + TARGET + '    years: [2022, 2025]\n')).toEqual(['r.yaml:10:11  targets.0.year: give exactly one of year or years']);
  });

  it('a duplicate target id', () => {
    expect(errors(HEAD + TARGET + TARGET)).toEqual(['r.yaml:12:9  duplicate target id "t1"']);
  });

  it('an id that is not kebab-case', () => {
    expect(errors(HEAD.replace('id: test-ruleset', 'id: Test Ruleset') + TARGET)).toEqual([
      'r.yaml:1:5  id: expected a kebab-case id (lower-case letters, digits and "-")',
    ]);
  });

  it('speaks Vietnamese, zod\'s own messages too', () => {
    const found = parseRuleset('r.yaml', HEAD + TARGET.replace('year: 2025', 'year: "2025"'), 'vi').errors.map((e) => format('vi', e.code, e.params));
    expect(found).toEqual(['targets.0.year: Đầu vào không hợp lệ: mong đợi số, nhận được string']);
  });

  it('reports every mistake, one line each', () => {
    const yaml = HEAD + TARGET.replace('rule: level', 'rule: levle') + TARGET.replace('t1', 't2').replace('metric: poor_rate', 'metric: poor_rat');
    expect(errors(yaml)).toHaveLength(2);
  });
});

describe('did you mean', () => {
  it.each([
    ['levle', ['level', 'compare'], 'level'],
    ['annual-reductoin', ['annual-reduction', 'relative-reduction'], 'annual-reduction'],
    ['xyz', ['level', 'compare'], undefined],
  ])('%s → %s', (word, candidates, want) => expect(suggest(word, candidates)).toBe(want));
});

describe('bundled rulesets', () => {
  it('load without mistakes', async () => {
    const { rulesets, errors: found } = await loadRulesets([BUNDLED_RULES_DIR]);
    expect(found).toEqual([]);
    expect(rulesets.map((r) => [r.id, r.targets.length])).toEqual([
      ['a-luoi-nq-hn8-khoa-xii', 10],
      ['lam-dong-09-nq-tu', 11],
      ['vo-nhai-ke-hoach-10-ctr-tu', 3],
    ]);
  });

  it('quote their documents verbatim', async () => {
    const seeds = ['000_aa1a5feb61145ad4', '001_48096e425ae6f78d', '002_3dc5f252b594bd8e'].map((name) =>
      readFileSync(new URL(`../../shared/seeds/${name}.txt`, import.meta.url), 'utf8')
        .replace(/\*/g, '')
        .replace(/⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾/g, '')
        .replace(/\s+/g, ' '),
    );
    const { rulesets } = await loadRulesets([BUNDLED_RULES_DIR]);
    for (const ruleset of rulesets) {
      for (const target of ruleset.targets) expect(seeds.some((seed) => seed.includes(target.quote)), `${ruleset.id}/${target.id}`).toBe(true);
    }
  });
});

describe('the bundled rulesets read at build time', () => {
  /** A copy of the bundled folder and a cache of it, in a temporary folder. */
  async function copy() {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'povcheck-rules-')), 'rules') + path.sep;
    cpSync(BUNDLED_RULES_DIR, dir, { recursive: true });
    const cache = path.join(dir, '..', 'cache.json');
    const { rulesets } = await loadRulesets([dir]);
    writeFileSync(cache, JSON.stringify(await bundledCache(dir, rulesets)));
    return { dir, cache, rulesets };
  }

  it('are what reading the folder gives, and the build wrote them (dist/bundled-rulesets.json)', async () => {
    const { rulesets } = await loadRulesets([BUNDLED_RULES_DIR]);
    expect(await cachedRulesets()).toEqual(rulesets);
    const { dir, cache, rulesets: copied } = await copy();
    expect(await cachedRulesets(dir, cache)).toEqual(copied);
    expect((await cachedRulesets(dir, cache))!.map((r) => r.file)).toEqual(['a-luoi-nq-hn8-khoa-xii.yaml', 'lam-dong-09-nq-tu.yaml', 'vo-nhai-ke-hoach-10-ctr-tu.yaml'].map((n) => path.join(dir, n)));
  });

  it.each([
    ['a file edited', (dir: string) => appendFileSync(path.join(dir, 'vo-nhai-ke-hoach-10-ctr-tu.yaml'), '\n')],
    ['a file added', (dir: string) => writeFileSync(path.join(dir, 'z.yml'), 'id: z\n')],
    ['a file removed', (dir: string) => rmSync(path.join(dir, 'lam-dong-09-nq-tu.yaml'))],
    ['a file renamed', (dir: string) => renameSync(path.join(dir, 'lam-dong-09-nq-tu.yaml'), path.join(dir, 'lam-dong.yaml'))],
  ])('are not used once the folder has changed: %s', async (_name, change) => {
    const { dir, cache } = await copy();
    change(dir);
    expect(await cachedRulesets(dir, cache)).toBeUndefined();
  });

  it('are not used without a readable cache', async () => {
    const { dir, cache } = await copy();
    expect(await cachedRulesets(dir, cache + '.missing')).toBeUndefined();
    writeFileSync(cache, '{"files": [');
    expect(await cachedRulesets(dir, cache)).toBeUndefined();
  });
});

describe('generated docs', () => {
  it('docs/rules.md is generated from the rule modules (run `povcheck rules docs -o docs/rules.md`)', async () => {
    const { rulesDoc } = await import('../src/rulesets/docs.js');
    expect(readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesDoc());
  });
});

describe('JSON Schema', () => {
  it('the committed schema/ruleset.schema.json is generated from the zod schemas (run `povcheck rules schema -o schema/ruleset.schema.json`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../schema/ruleset.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(rulesetJsonSchema());
  });
});
