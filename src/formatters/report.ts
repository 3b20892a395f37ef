// The check report as plain data (the JSON contract of cli.md); every formatter starts from it.
import { countStatuses, type Result } from '../evaluate/evaluate.js';
import type { Lang } from '../i18n/messages.js';
import type { FileReport, Reject } from '../input/types.js';
import { VERSION } from '../version.js';
import { inputJson, rejectJson } from './inputs.js';
import { expectedText, messageText, reasonText } from './results.js';

export interface CheckReport {
  schemaVersion: 1;
  tool: { name: 'povcheck'; version: string };
  inputs: ReturnType<typeof inputJson>[];
  rejects: ReturnType<typeof rejectJson>[];
  results: ReturnType<typeof resultJson>[];
  summary: { pass: number; fail: number; pending: number; noData: number; rejectedRows: number; exitCode: number };
}

export function resultJson(r: Result, lang: Lang) {
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
    source: r.source,
  };
}

export function buildReport(inputs: FileReport[], rejects: Reject[], results: Result[], exitCode: number, lang: Lang): CheckReport {
  const counts = countStatuses(results);
  return {
    schemaVersion: 1,
    tool: { name: 'povcheck', version: VERSION },
    inputs: inputs.map(inputJson),
    rejects: rejects.map((r) => rejectJson(r, lang)),
    results: results.map((r) => resultJson(r, lang)),
    summary: { pass: counts.pass, fail: counts.fail, pending: counts.pending, noData: counts['no-data'], rejectedRows: rejects.length, exitCode },
  };
}
