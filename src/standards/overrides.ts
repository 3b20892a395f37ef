// Overrides of the standards' thresholds from a YAML file (--standards-file): domain.md asks that
// thresholds not verified (vn-2027-2030's indicator list and deprivation threshold) stay data a
// user can change without a new release.
import { promises as fs } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PovcheckError } from '../errors.js';
import type { Lang } from '../i18n/messages.js';
import { zodLocale } from '../i18n/zod.js';
import { INDICATOR_COLUMNS } from '../input/columns.js';
import { INDICATORS } from './indicators.js';
import { STANDARDS, STANDARD_IDS, type PovertyStandard } from './index.js';

const Line = z.strictObject({ poor: z.number().positive(), near_poor: z.number().positive().optional() });
const Override = z.strictObject({
  lines: z.strictObject({ rural: Line.optional(), urban: Line.optional() }).optional(),
  deprivation_threshold: z.number().int().min(1).max(15).optional(),
  indicators: z.array(z.enum(Object.keys(INDICATOR_COLUMNS) as [string, ...string[]])).min(1).optional(),
});
const OverrideFile = z.partialRecord(z.enum(STANDARD_IDS as [string, ...string[]]), Override);

export async function loadStandardOverrides(file: string, lang: Lang = 'en'): Promise<PovertyStandard[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new PovcheckError('fileNotFound', { file }, { file });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    const { line, col } = lineCounter.linePos(doc.errors[0].pos[0]);
    throw new PovcheckError('rulesetYaml', { message: doc.errors[0].message.split('\n')[0] }, { file, line, column: col });
  }
  const parsed = OverrideFile.safeParse(doc.toJS(), zodLocale(lang));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined;
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    throw new PovcheckError('rulesetInvalid', { field: issue.path.join('.') || '(top)', message: issue.message }, { file, line, column: col });
  }
  const byColumn = new Map(Object.values(INDICATORS).map((i) => [i.column, i]));
  return STANDARDS.map((standard) => {
    const o = parsed.data[standard.id];
    if (!o) return standard;
    const line = (area: 'rural' | 'urban') => (o.lines?.[area] ? { poor: o.lines[area]!.poor, nearPoor: o.lines[area]!.near_poor } : standard.lines[area]);
    return {
      ...standard,
      lines: { rural: line('rural'), urban: line('urban') },
      deprivationThreshold: o.deprivation_threshold ?? standard.deprivationThreshold,
      indicators: o.indicators ? o.indicators.map((c) => byColumn.get(c)!) : standard.indicators,
      overridden: true,
    };
  });
}
