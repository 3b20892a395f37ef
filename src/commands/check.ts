// `povcheck check`: evaluate the rulesets' targets on the data; exit 0, 1 (a --fail-on status or
// too many rejects) or 2 (could not check).
import { PovcheckError } from '../errors.js';
import type { Figures } from '../evaluate/evaluate.js';
import path from 'node:path';
import { loadFormatters } from '../formatters/index.js';
import { FORMAT_NAMES, type FormatName } from '../formatters/names.js';
import { format, resolveLang, type Lang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { PACKAGE_ROOT } from '../paths.js';
import { loadData } from '../pipeline.js';
import { terminalProgress } from '../progress.js';
import type { Status } from '../rules/types.js';
import { LocatedErrors } from '../errors.js';
import type { Ruleset, ScopeValue } from '../rulesets/schema.js';
import { choice, dataOptions, requireData, share, wholeNumber, type CommonOptions } from './options.js';

export const NATIONAL_REFERENCE = path.join(PACKAGE_ROOT, 'rules', 'reference', 'national.csv');
const STATUSES: Status[] = ['pass', 'fail', 'pending', 'no-data'];

export interface CheckOptions extends CommonOptions {
  rules?: string[];
  failOn?: string;
  maxRejects?: string;
  maxAmbiguousShare?: string;
}


export async function loadRulesetsOrThrow(entries: string[] | undefined, lang: Lang = 'en'): Promise<Ruleset[]> {
  const bundled = entries && entries.length ? undefined : await (await import('../rulesets/bundled.js')).cachedRulesets();
  if (bundled) return bundled;
  const { loadRulesets, BUNDLED_RULES_DIR } = await import('../rulesets/load.js');
  const { rulesets, errors } = await loadRulesets(entries && entries.length ? entries : [BUNDLED_RULES_DIR], lang);
  if (errors.length) throw new LocatedErrors(errors);
  return rulesets;
}

function usesNationalReference(rulesets: Ruleset[], namesCountry: (scope: ScopeValue) => boolean): boolean {
  return rulesets.some((r) => r.targets.some((t) => {
    const against = (t.params as { against?: ScopeValue }).against;
    return against !== undefined && namesCountry(against);
  }));
}

/** `--format name` or `--format name=file`, repeatable: at most one goes to stdout (or --output). */
export function parseFormats(values: string[] | string | undefined, output: string | undefined): { name: FormatName; file: string | undefined }[] {
  const list = values === undefined ? ['table'] : Array.isArray(values) ? (values.length ? values : ['table']) : [values];
  const formats = list.map((value) => {
    const [name, ...rest] = value.split('=');
    return { name: choice('--format', name, FORMAT_NAMES)!, file: rest.length ? rest.join('=') : undefined };
  });
  const toMain = formats.filter((f) => f.file === undefined);
  if (toMain.length > 1) throw new PovcheckError('formatToStdout');
  for (const f of toMain) f.file = output;
  return formats;
}

export async function checkCommand(options: CheckOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const formats = parseFormats(options.format as string[] | string | undefined, options.output);
  const failOn = (options.failOn ?? 'fail').split(',').map((s) => s.trim()).filter(Boolean);
  for (const status of failOn) choice('--fail-on', status, STATUSES);
  const maxRejects = wholeNumber('--max-rejects', options.maxRejects) ?? 0;
  const files = requireData(options);
  const data = await dataOptions(options);

  // The rulesets, and the modules that check and report them, load once a worker has been given its
  // part of a large file, before this thread reads its own part (a worker done first takes the tail
  // of that part); a ruleset error still comes first, and stops the reading.
  const reading = new AbortController();
  let dataReading!: () => void;
  const gate = new Promise<void>((resolve) => (dataReading = resolve));
  const rulesetsLoading = gate.then(() => loadRulesetsOrThrow(options.rules, lang));
  rulesetsLoading.catch((error: unknown) => reading.abort(error));
  const later = gate.then(() => Promise.all([import('../evaluate/evaluate.js'), loadFormatters(formats.map((f) => f.name)), import('../formatters/report.js')]));
  later.catch(() => undefined);
  // the national reference, when a target compares with the country: read then too, before this
  // thread reads on (read meanwhile, through the same scanner, its few rows made V8 compile the
  // scanner's loop again in the middle of the data)
  const referenceLoading = Promise.all([rulesetsLoading, later]).then(([rulesets, [{ namesCountry }]]) =>
    usesNationalReference(rulesets, namesCountry) ? loadData([NATIONAL_REFERENCE], { asOf: data.asOf, parallel: false }) : undefined,
  );
  referenceLoading.catch(() => undefined);
  const dataLoading = loadData(files, {
    ...data,
    progress: terminalProgress(io, files, Boolean(options.quiet)),
    signal: reading.signal,
    onReading: () => {
      dataReading();
      return Promise.all([rulesetsLoading, later, referenceLoading]);
    },
  });
  dataLoading.catch(() => undefined);
  const rulesets = await rulesetsLoading;
  const [{ evaluate }, formatters, { buildFormatInput }] = await later;
  const dataset = await dataLoading;
  const given = { tree: dataset.tallier.tree, tallies: dataset.tallies };
  const figures: Figures = dataset.old
    ? { tree: dataset.old.tallier.tree, tallies: dataset.old.tallies, asGiven: given, maxAmbiguousShare: share('--max-ambiguous-share', options.maxAmbiguousShare) }
    : given;
  const reference = await referenceLoading;
  if (reference) figures.reference = { tree: reference.tallier.tree, tallies: reference.tallies };
  const results = evaluate(rulesets, figures);
  const tooManyRejects = dataset.rejects.length > maxRejects;
  const exitCode = results.some((r) => failOn.includes(r.status)) || tooManyRejects ? 1 : 0;

  // Render every format first, then write: no half-written set of reports when one fails.
  const texts = formats.map((f) => ({
    file: f.file,
    text: formatters.get(f.name)!(
      buildFormatInput(dataset.inputs, dataset.rejects, results, {
        lang,
        exitCode,
        color: f.name === 'table' && f.file === undefined && colorWanted(options, io),
        showPath: (file) => path.relative(process.cwd(), file) || file,
      }),
    ),
  }));
  for (const { file, text } of texts) await emit(io, text, file);
  if (tooManyRejects && !options.quiet) io.stderr(`${format(lang, 'tooManyRejects', { rejected: dataset.rejects.length, max: maxRejects })}\n`);
  return exitCode;
}

/** Colour only on a terminal, and never with NO_COLOR set or --no-color. */
export function colorWanted(options: CommonOptions, io: Io): boolean {
  return options.color !== false && !io.env.NO_COLOR && io.stdoutIsTTY;
}

