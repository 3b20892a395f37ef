// table: one row per result and a summary line; colour only when asked (a terminal, NO_COLOR unset).
import { Chalk } from 'chalk';
import { format } from '../i18n/messages.js';
import { box } from './box.js';
import type { Status } from '../rules/types.js';
import type { FormatInput } from './report.js';

export const HEADINGS = ['colRuleset', 'colTarget', 'colUnit', 'colGroup', 'colYears', 'colExpected', 'colObserved', 'colStatus'] as const;

export function summaryLine(input: FormatInput): string {
  const s = input.report.summary;
  return format(input.lang, 'checkSummary', { total: input.rows.length, pass: s.pass, fail: s.fail, pending: s.pending, noData: s.noData, rejected: s.rejectedRows });
}

export function table(input: FormatInput): string {
  const chalk = new Chalk({ level: input.color ? 1 : 0 });
  const paint: Record<Status, (s: string) => string> = { pass: chalk.green, fail: chalk.red.bold, pending: chalk.yellow, 'no-data': chalk.gray };
  const rows = input.rows.map((row) => {
    const r = row.json;
    return [r.ruleset, r.target, row.unit, r.group, row.years, row.expected, row.observed, paint[r.status](row.status)];
  });
  return `${box(HEADINGS.map((h) => format(input.lang, h)), rows)}\n${summaryLine(input)}\n`;
}
