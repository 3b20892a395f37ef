// `povcheck rules [list | show <id> | schema]`: the rulesets and their targets in words.
import path from 'node:path';
import { PovcheckError } from '../errors.js';
import { expectedText, yearsText } from '../formatters/results.js';
import type { Result } from '../evaluate/evaluate.js';
import { resolveLang, type Lang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { suggest } from '../rulesets/load.js';
import { rulesDoc } from '../rulesets/docs.js';
import { rulesetJsonSchema, type Ruleset, type Target } from '../rulesets/schema.js';
import { loadRulesetsOrThrow } from './check.js';
import type { CommonOptions } from './options.js';

const text = (t: Target['title'] | undefined, lang: Lang) => (t === undefined ? '' : typeof t === 'string' ? t : (lang === 'en' ? t.en : t.vi) ?? t.vi);

/** A target as a result-shaped object, so the same words describe it as in reports. */
function asResult(ruleset: Ruleset, target: Target): Result {
  return {
    ruleset: ruleset.id, target: target.id, title: target.title ?? null, rule: target.rule, unit: { level: 'country', name: '', path: [] },
    group: target.group, metric: target.metric, standard: target.standard ?? ruleset.standard, params: target.params, quote: target.quote,
    source: { file: ruleset.file, line: target.line }, series: [], referenceSeries: null, status: 'pending', observed: null, observedYear: null, expected: {}, details: [], projection: null, reason: null,
  };
}

export function describeRuleset(ruleset: Ruleset, lang: Lang, withTargets: boolean): string {
  const scope = [ruleset.scope.province, ruleset.scope.district, ruleset.scope.commune].filter(Boolean).join(' / ') || 'Việt Nam';
  const lines = [`${ruleset.id}  ${ruleset.document.number} — ${ruleset.document.issuer}${ruleset.document.date ? `, ${ruleset.document.date}` : ''}`, `  ${scope}; ${ruleset.standard}; ${ruleset.targets.length} targets; ${path.relative(process.cwd(), ruleset.file) || ruleset.file}`];
  if (withTargets) {
    const title = text(ruleset.document.title, lang);
    if (title) lines.splice(1, 0, `  ${title}`);
    for (const target of ruleset.targets) {
      const r = asResult(ruleset, target);
      lines.push('', `  ${target.id} [${target.rule}${target.group !== 'all' ? `, ${target.group}` : ''}${target.standard ? `, ${target.standard}` : ''}]`);
      if (target.title) lines.push(`    ${text(target.title, lang)}`);
      lines.push(`    ${target.metric}: ${expectedText(r, lang)} (${yearsText(r)})`, `    “${target.quote}”`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function rulesCommand(action: string | undefined, id: string | undefined, options: CommonOptions & { rules?: string[] }, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  if (action === 'schema') {
    await emit(io, JSON.stringify(rulesetJsonSchema(), null, 2) + '\n', options.output);
    return 0;
  }
  if (action === 'docs') {
    await emit(io, rulesDoc(), options.output);
    return 0;
  }
  const rulesets = await loadRulesetsOrThrow(options.rules, lang);
  if (action === undefined || action === 'list') {
    await emit(io, rulesets.map((r) => describeRuleset(r, lang, false)).join(''), options.output);
    return 0;
  }
  if (action === 'show') {
    const ruleset = rulesets.find((r) => r.id === id);
    if (!ruleset) {
      const ids = rulesets.map((r) => r.id);
      const hint = suggest(id ?? '', ids);
      throw hint ? new PovcheckError('rulesetNotFoundHint', { id: id ?? '', hint }) : new PovcheckError('rulesetNotFound', { id: id ?? '', ids: ids.join(', ') });
    }
    await emit(io, describeRuleset(ruleset, lang, true), options.output);
    return 0;
  }
  throw new PovcheckError('badOption', { option: 'rules', value: action, expected: 'list | show <ruleset-id> | schema | docs' });
}
