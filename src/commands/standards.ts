// `povcheck standards`: the poverty standards, their lines, rules and indicators.
import { format, resolveLang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { STANDARDS } from '../standards/index.js';
import { loadStandardOverrides } from '../standards/overrides.js';
import type { PovertyStandard } from '../standards/types.js';
import type { CommonOptions } from './options.js';

const vnd = (n: number) => n.toLocaleString('vi-VN');

export function describeStandards(standards: readonly PovertyStandard[], lang: 'vi' | 'en'): string {
  const lines: string[] = [];
  for (const s of standards) {
    const flags = [s.verified ? '' : format(lang, 'stdNotVerified'), s.overridden ? format(lang, 'stdOverridden') : ''].filter(Boolean).join(' ');
    lines.push(`${s.id}  ${s.legalBasis[lang]}${flags ? `  ${flags}` : ''}`);
    lines.push(`  ${format(lang, 'stdReviewYears', { from: s.reviewYears[0], to: s.reviewYears[1] })}`);
    for (const area of ['rural', 'urban'] as const) {
      const l = s.lines[area];
      const name = format(lang, area === 'rural' ? 'stdRural' : 'stdUrban');
      lines.push(`  ${l.nearPoor ? format(lang, 'stdTwoLines', { area: name, poor: vnd(l.poor), nearPoor: vnd(l.nearPoor) }) : format(lang, 'stdOneLine', { area: name, poor: vnd(l.poor) })}`);
    }
    lines.push(`  ${format(lang, s.rule === 'two-tier' ? 'stdRuleTwoTier' : 'stdRuleAnd', { threshold: s.deprivationThreshold })}`);
    lines.push(`  ${format(lang, 'stdIndicators', { count: s.indicators.length, list: s.indicators.map((i) => `${i.name[lang]} [${i.column}]`).join('; ') })}`);
    if (s.note) lines.push(`  ${s.note[lang]}`);
    lines.push('');
  }
  return lines.join('\n');
}

export async function standardsCommand(options: CommonOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const standards = options.standardsFile ? await loadStandardOverrides(options.standardsFile, lang) : STANDARDS;
  const text = options.format === 'json' ? JSON.stringify(standards, null, 2) + '\n' : describeStandards(standards, lang);
  await emit(io, text, options.output);
  return 0;
}
