import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogues, format, resolveLang } from '../src/i18n/messages.js';
import { RULE_IDS } from '../src/rules/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('every message id has a Vietnamese translation with the same placeholders', () => {
    for (const [id, english] of Object.entries(catalogues.en)) {
      const vietnamese = catalogues.vi[id as keyof typeof catalogues.vi];
      expect(vietnamese, id).toBeTruthy();
      expect(placeholders(vietnamese), id).toEqual(placeholders(english));
    }
    expect(Object.keys(catalogues.vi).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('vi', 'reasonYearMissing', { year: 2023 })).toBe('không có số liệu năm 2023');
    expect(format('en', 'reasonYearMissing', {})).toBe('no figure for {year}');
  });

  it.each([
    [undefined, { LANG: 'vi_VN.UTF-8' }, 'vi'],
    [undefined, { LC_ALL: 'vi', LANG: 'en_US' }, 'vi'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en'],
    [undefined, {}, 'en'],
    ['en', { LANG: 'vi_VN' }, 'en'],
    ['vi', {}, 'vi'],
  ])('--lang %s with %j → %s', (option, env, lang) => expect(resolveLang(option, env)).toBe(lang));
});

describe('README', () => {
  it('lists exactly the registered rules', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.split('## Rules')[1].split('\n## ')[0];
    const listed = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(RULE_IDS);
  });
});
