// `povcheck check`: evaluate the rulesets' targets on the data; exit 0, 1 (a --fail-on status or
// too many rejects) or 2 (could not check).
import { fileURLToPath } from 'node:url';
import { PovcheckError } from '../errors.js';
import { evaluate, type Figures } from '../evaluate/evaluate.js';
import { buildReport } from '../formatters/report.js';
import { checkTable } from '../formatters/table.js';
import { format, resolveLang, type Lang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { loadData } from '../pipeline.js';
import type { Status } from '../rules/types.js';
import { BUNDLED_RULES_DIR, loadRulesets, type RulesetError } from '../rulesets/load.js';
import type { Ruleset } from '../rulesets/schema.js';
import { choice, dataOptions, requireData, wholeNumber, type CommonOptions } from './options.js';

export const NATIONAL_REFERENCE = fileURLToPath(new URL('../../rules/reference/national.csv', import.meta.url));
const STATUSES: Status[] = ['pass', 'fail', 'pending', 'no-data'];

export interface CheckOptions extends CommonOptions {
  rules?: string[];
  failOn?: string;
  maxRejects?: string;
}

export class RulesetErrors extends Error {
  constructor(readonly errors: RulesetError[]) {
    super('invalid rulesets');
  }
}

export function rulesetErrorLines(errors: RulesetError[], lang: Lang): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column}  ${format(lang, e.code, e.params)}\n`).join('');
}

export async function loadRulesetsOrThrow(entries: string[] | undefined): Promise<Ruleset[]> {
  const { rulesets, errors } = await loadRulesets(entries && entries.length ? entries : [BUNDLED_RULES_DIR]);
  if (errors.length) throw new RulesetErrors(errors);
  return rulesets;
}

function usesNationalReference(rulesets: Ruleset[]): boolean {
  return rulesets.some((r) => r.targets.some((t) => {
    const against = (t.params as { against?: { country?: boolean; province?: string } }).against;
    return against !== undefined && (against.country === true || !against.province);
  }));
}

export async function checkCommand(options: CheckOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const fmt = choice('--format', options.format ?? 'table', ['table', 'json'] as const)!;
  const failOn = (options.failOn ?? 'fail').split(',').map((s) => s.trim()).filter(Boolean);
  for (const status of failOn) choice('--fail-on', status, STATUSES);
  const maxRejects = wholeNumber('--max-rejects', options.maxRejects) ?? 0;
  const files = requireData(options);
  const data = await dataOptions(options);

  const rulesets = await loadRulesetsOrThrow(options.rules);
  const dataset = await loadData(files, data);
  const figures: Figures = { tree: dataset.tallier.tree, tallies: dataset.tallies };
  if (usesNationalReference(rulesets)) {
    const reference = await loadData([NATIONAL_REFERENCE], { asOf: data.asOf });
    figures.reference = { tree: reference.tallier.tree, tallies: reference.tallies };
  }
  const results = evaluate(rulesets, figures);
  const tooManyRejects = dataset.rejects.length > maxRejects;
  const exitCode = results.some((r) => failOn.includes(r.status)) || tooManyRejects ? 1 : 0;

  const text =
    fmt === 'json'
      ? JSON.stringify(buildReport(dataset.inputs, dataset.rejects, results, exitCode, lang), null, 2) + '\n'
      : checkTable(results, { lang, color: colorWanted(options, io), rejectedRows: dataset.rejects.length });
  await emit(io, text, options.output);
  if (tooManyRejects && !options.quiet) io.stderr(`${format(lang, 'tooManyRejects', { rejected: dataset.rejects.length, max: maxRejects })}\n`);
  return exitCode;
}

export function colorWanted(options: CommonOptions, io: Io): boolean {
  return options.color !== false && !io.env.NO_COLOR && io.stdoutIsTTY && !options.output;
}

export { PovcheckError };
