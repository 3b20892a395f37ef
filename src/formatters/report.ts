// The check report as plain data: the JSON contract of cli.md, plus the words of each result in one
// language. Every formatter is a pure function of it.
import { countStatuses, type Result } from '../evaluate/evaluate.js';
import type { Lang } from '../i18n/messages.js';
import type { FileReport, Reject } from '../input/types.js';
import { VERSION } from '../version.js';
import { inputJson, rejectJson } from './inputs.js';
import { expectedText, messageText, observedWithYear, reasonText, statusText, yearsText } from './results.js';

export function resultJson(r: Result, lang: Lang, sourceFile = r.source.file) {
  return {
    ruleset: r.ruleset,
    target: r.target,
    rule: r.rule,
    unit: r.unit,
    group: r.group,
    metric: r.metric,
    status: r.status,
    observed: r.observed,
    observedYear: r.observedYear,
    expected: { text: expectedText(r, lang), ...r.expected },
    details: r.details,
    projection: r.projection,
    reason: reasonText(r, lang),
    message: messageText(r, lang),
    quote: r.quote,
    standard: r.standard,
    exceeded: r.exceeded ?? false,
    title: r.title,
    source: { file: sourceFile, line: r.source.line },
    series: r.series,
    referenceSeries: r.referenceSeries,
  };
}

export type ResultJson = ReturnType<typeof resultJson>;

export interface CheckReport {
  schemaVersion: 1;
  tool: { name: 'povcheck'; version: string };
  inputs: ReturnType<typeof inputJson>[];
  rejects: ReturnType<typeof rejectJson>[];
  results: ResultJson[];
  summary: { pass: number; fail: number; pending: number; noData: number; rejectedRows: number; exitCode: number };
}

/** One result in words, for the formatters that print rows. */
export interface ReportRow {
  json: ResultJson;
  unit: string;
  years: string;
  expected: string;
  observed: string;
  status: string;
  message: string;
  reason: string | null;
  title: string | null;
}

export interface FormatInput {
  report: CheckReport;
  rows: ReportRow[];
  lang: Lang;
  /** ANSI colour (the table on a terminal only) */
  color: boolean;
}

export interface ReportOptions {
  lang: Lang;
  color: boolean;
  exitCode: number;
  /** how ruleset paths are shown (relative to the working directory, for annotations) */
  showPath?: (file: string) => string;
}

export function buildFormatInput(inputs: FileReport[], rejects: Reject[], results: Result[], options: ReportOptions): FormatInput {
  const { lang } = options;
  const show = options.showPath ?? ((f: string) => f);
  const counts = countStatuses(results);
  const json = results.map((r) => resultJson(r, lang, show(r.source.file)));
  const report: CheckReport = {
    schemaVersion: 1,
    tool: { name: 'povcheck', version: VERSION },
    inputs: inputs.map(inputJson),
    rejects: rejects.map((r) => rejectJson(r, lang)),
    results: json,
    summary: { pass: counts.pass, fail: counts.fail, pending: counts.pending, noData: counts['no-data'], rejectedRows: rejects.length, exitCode: options.exitCode },
  };
  const rows = results.map((r, i) => ({
    json: json[i],
    unit: r.unit.path.join(' / ') || r.unit.name,
    years: yearsText(r),
    expected: json[i].expected.text,
    observed: observedWithYear(r, lang),
    status: statusText(r.status, lang),
    message: json[i].message,
    reason: json[i].reason,
    title: !r.title ? null : typeof r.title === 'string' ? r.title : lang === 'en' ? (r.title.en ?? r.title.vi) : r.title.vi,
  }));
  return { report, rows, lang, color: options.color };
}
