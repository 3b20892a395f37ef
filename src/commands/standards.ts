// `povcheck standards`: the poverty standards, their lines, rules and indicators.
import { resolveLang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { STANDARDS } from '../standards/index.js';
import { loadStandardOverrides } from '../standards/overrides.js';
import type { CommonOptions } from './options.js';

const vnd = (n: number) => n.toLocaleString('vi-VN');

export async function standardsCommand(options: CommonOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const standards = options.standardsFile ? await loadStandardOverrides(options.standardsFile) : STANDARDS;
  if (options.format === 'json') {
    await emit(io, JSON.stringify(standards, null, 2) + '\n', options.output);
    return 0;
  }
  const lines: string[] = [];
  for (const s of standards) {
    lines.push(`${s.id}  ${s.legalBasis[lang]}${s.verified ? '' : lang === 'vi' ? '  (chưa kiểm chứng đầy đủ)' : '  (not fully verified)'}`);
    lines.push(`  ${lang === 'vi' ? 'năm rà soát' : 'review years'} ${s.reviewYears[0]}–${s.reviewYears[1]}`);
    for (const area of ['rural', 'urban'] as const) {
      const l = s.lines[area];
      const name = lang === 'vi' ? (area === 'rural' ? 'nông thôn' : 'thành thị') : area;
      lines.push(`  ${name}: ${l.nearPoor ? `${lang === 'vi' ? 'nghèo' : 'poor'} ≤ ${vnd(l.poor)}; ${lang === 'vi' ? 'cận nghèo' : 'near-poor'} ≤ ${vnd(l.nearPoor)}` : `≤ ${vnd(l.poor)}`} VND/${lang === 'vi' ? 'người/tháng' : 'person/month'}`);
    }
    lines.push(
      s.rule === 'two-tier'
        ? lang === 'vi'
          ? `  hộ nghèo: thu nhập ≤ chuẩn nghèo, hoặc trên chuẩn nghèo đến chuẩn cận nghèo và thiếu hụt ≥ ${s.deprivationThreshold} chỉ số; hộ cận nghèo: trên chuẩn nghèo đến chuẩn cận nghèo và thiếu hụt < ${s.deprivationThreshold}`
          : `  poor: income ≤ poor line, or poor line < income ≤ near-poor line with ≥ ${s.deprivationThreshold} deprivations; near-poor: in that band with < ${s.deprivationThreshold}`
        : lang === 'vi'
          ? `  hộ nghèo: thu nhập ≤ chuẩn VÀ thiếu hụt ≥ ${s.deprivationThreshold} chỉ số; hộ cận nghèo: thu nhập ≤ chuẩn và thiếu hụt < ${s.deprivationThreshold}`
          : `  poor: income ≤ line AND ≥ ${s.deprivationThreshold} deprivations; near-poor: income ≤ line and < ${s.deprivationThreshold}`,
    );
    lines.push(`  ${lang === 'vi' ? 'chỉ số' : 'indicators'} (${s.indicators.length}): ${s.indicators.map((i) => `${i.name[lang]} [${i.column}]`).join('; ')}`);
    if (s.note) lines.push(`  ${s.note[lang]}`);
    lines.push('');
  }
  await emit(io, lines.join('\n'), options.output);
  return 0;
}
