// The ruleset loader: YAML with positions → validated rulesets, or every mistake as file:line:col.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document as YamlDocument, type Node } from 'yaml';
import type { z } from 'zod';
import type { Lang, MessageId } from '../i18n/messages.js';
import { zodLocale } from '../i18n/zod.js';
import { PovcheckError, type LocatedError } from '../errors.js';
import { RULES, RULE_IDS } from '../rules/index.js';
import { COMMON_TARGET_FIELDS, Document, RulesetHead, ruleParams, Scope, targetSchema, type Ruleset, type Target } from './schema.js';
import { rulesetNames } from './bundled.js';

export type RulesetError = LocatedError;

export { BUNDLED_RULES_DIR } from './bundled.js';

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

type Path = (string | number)[];

/** Field names valid at a path, for "did you mean" on unknown fields. */
function knownFields(at: Path, rule: string | undefined): string[] {
  const last = at[at.length - 1];
  if (at.length === 0) return Object.keys(RulesetHead.shape);
  if (last === 'document') return Object.keys(Document.shape);
  if (last === 'scope' || last === 'against') return Object.keys(Scope.shape);
  if (last === 'title') return ['vi', 'en'];
  if (at[0] === 'targets' && at.length === 2) {
    const module = RULES.get(rule ?? '');
    return [...Object.keys(COMMON_TARGET_FIELDS), ...Object.keys(module ? ruleParams(module) : {})];
  }
  return [];
}

export function parseRuleset(file: string, text: string, lang: Lang = 'en'): { ruleset?: Ruleset; errors: RulesetError[] } {
  const zodOptions = zodLocale(lang);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: RulesetError[] = [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const push = (offset: number, code: MessageId, params: Record<string, string | number>) => errors.push({ file, ...at(offset), code, params });
  const unknownValue = (offset: number, what: string, value: string, hint: string | undefined, values: readonly string[]) =>
    push(offset, hint ? 'rulesetUnknownValueHint' : 'rulesetUnknownValue', hint ? { what, value, hint } : { what, value, values: values.join(', ') });

  if (doc.errors.length) {
    for (const e of doc.errors) push(e.pos[0], 'rulesetYaml', { message: e.message.split('\n')[0] });
    return { errors };
  }
  /** The node at a path, or the nearest ancestor that exists (a missing field points at its parent). */
  const nodeAt = (p: Path): Node | null => {
    for (let n = p.length; n >= 0; n--) {
      const node = (doc as YamlDocument).getIn(p.slice(0, n), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return node;
    }
    return doc.contents as Node | null;
  };
  const offsetOf = (p: Path) => nodeAt(p)?.range?.[0] ?? 0;
  const keyOffset = (p: Path, key: string) => {
    const map = doc.getIn(p, true);
    if (isMap(map)) {
      for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) return pair.key.range[0];
    }
    return offsetOf(p);
  };
  const reportIssues = (issues: z.core.$ZodIssue[], prefix: Path, rule?: string) => {
    for (const issue of issues) {
      const p = [...prefix, ...(issue.path as Path)];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const hint = suggest(key, knownFields(p, rule));
          const field = [...p, key].join('.');
          push(keyOffset(p, key), hint ? 'rulesetUnknownFieldHint' : 'rulesetUnknownField', hint ? { field, hint } : { field });
        }
      } else if (issue.code === 'invalid_value' && issue.values.every((v) => typeof v === 'string') && doc.getIn(p) === undefined) {
        push(offsetOf(p), 'rulesetInvalid', { field: p.join('.'), message: `missing; expected one of ${issue.values.join(', ')}` });
      } else if (issue.code === 'invalid_value' && issue.values.every((v) => typeof v === 'string')) {
        const value = doc.getIn(p);
        const hint = typeof value === 'string' ? suggest(value, issue.values as string[]) : undefined;
        unknownValue(offsetOf(p), String(p[p.length - 1]), String(value), hint, issue.values as string[]);
      } else if (issue.code === 'invalid_union') {
        push(offsetOf(p), 'rulesetInvalid', { field: p.join('.'), message: 'expected a text or { vi, en }' });
      } else {
        push(offsetOf(p), 'rulesetInvalid', { field: p.join('.') || '(top)', message: issue.message });
      }
    }
  };

  const data = doc.toJS() as unknown;
  const head = RulesetHead.safeParse(data, zodOptions);
  if (!head.success) reportIssues(head.error.issues, []);
  const rawTargets = Array.isArray((data as { targets?: unknown })?.targets) ? ((data as { targets: unknown[] }).targets) : [];
  const targets: Target[] = [];
  const ids = new Map<string, number>();
  rawTargets.forEach((raw, i) => {
    const p: Path = ['targets', i];
    const ruleName = (raw as { rule?: unknown })?.rule;
    const rule = typeof ruleName === 'string' ? RULES.get(ruleName) : undefined;
    if (!rule) {
      if (typeof ruleName !== 'string') push(offsetOf(p), 'rulesetInvalid', { field: [...p, 'rule'].join('.'), message: `a target needs a rule: ${RULE_IDS.join(', ')}` });
      else {
        unknownValue(offsetOf([...p, 'rule']), 'rule', ruleName, suggest(ruleName, RULE_IDS), RULE_IDS);
      }
      return;
    }
    const parsed = targetSchema(rule).safeParse(raw, zodOptions);
    if (!parsed.success) {
      reportIssues(parsed.error.issues, p, rule.id);
      return;
    }
    const { id, title, quote, group, scope, standard, across_standards, max_ambiguous_share, note, rule: _rule, ...params } = parsed.data as Record<string, unknown> & { id: string };
    for (const [field, code] of rule.check?.(params as never) ?? []) push(offsetOf([...p, field]), code, { field: [...p, field].join('.') });
    if (ids.has(id)) push(offsetOf([...p, 'id']), 'rulesetDuplicateTarget', { id });
    ids.set(id, i);
    targets.push({
      id, title: title as Target['title'], quote: quote as string, rule: rule.id, group: group as Target['group'], scope: scope as Target['scope'],
      standard: standard as string | undefined, across_standards: across_standards as boolean, note: note as string | undefined,
      max_ambiguous_share: max_ambiguous_share as number | undefined,
      metric: params.metric as string, params, line: at(offsetOf(p)).line,
    });
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length || !head.success) return { errors };
  return { ruleset: { id: head.data.id, file, document: head.data.document, scope: head.data.scope, standard: head.data.standard, targets }, errors };
}

async function rulesetFiles(entry: string): Promise<string[]> {
  let stat;
  try {
    stat = await fs.stat(entry);
  } catch {
    throw new PovcheckError('fileNotFound', { file: entry }, { file: entry });
  }
  if (!stat.isDirectory()) return [entry];
  const names = await rulesetNames(entry);
  if (names.length === 0) throw new PovcheckError('rulesetNoFiles', { path: entry }, { file: entry });
  return names.map((n) => path.join(entry, n));
}

/** Load rulesets from files and folders; all mistakes of all files are collected. */
export async function loadRulesets(entries: string[], lang: Lang = 'en'): Promise<{ rulesets: Ruleset[]; errors: RulesetError[] }> {
  const rulesets: Ruleset[] = [];
  const errors: RulesetError[] = [];
  for (const entry of entries) {
    for (const file of await rulesetFiles(entry)) {
      const text = await fs.readFile(file, 'utf8');
      const result = parseRuleset(file, text, lang);
      errors.push(...result.errors);
      if (!result.ruleset) continue;
      const other = rulesets.find((r) => r.id === result.ruleset!.id);
      if (other) errors.push({ file, line: 1, column: 1, code: 'rulesetDuplicate', params: { id: other.id, other: other.file } });
      else rulesets.push(result.ruleset);
    }
  }
  return { rulesets, errors };
}
