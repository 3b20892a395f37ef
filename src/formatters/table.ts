// The default `check` format: one row per result and a summary line; colour only on a terminal.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Result } from '../evaluate/evaluate.js';
import { format, type Lang } from '../i18n/messages.js';
import type { Status } from '../rules/types.js';
import { expectedText, observedWithYear, statusText, yearsText } from './results.js';

export interface TableOptions {
  lang: Lang;
  color: boolean;
  rejectedRows: number;
}

export function checkTable(results: Result[], options: TableOptions): string {
  const { lang } = options;
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<Status, (s: string) => string> = { pass: chalk.green, fail: chalk.red.bold, pending: chalk.yellow, 'no-data': chalk.gray };
  const table = new Table({
    head: (['colRuleset', 'colTarget', 'colUnit', 'colGroup', 'colYears', 'colExpected', 'colObserved', 'colStatus'] as const).map((h) => format(lang, h)),
    style: { head: [], border: [], compact: true },
  });
  for (const r of results) {
    table.push([r.ruleset, r.target, r.unit.path.join(' / ') || r.unit.name, r.group, yearsText(r), expectedText(r, lang), observedWithYear(r, lang), paint[r.status](statusText(r.status, lang))]);
  }
  const counts = { pass: 0, fail: 0, pending: 0, 'no-data': 0 };
  for (const r of results) counts[r.status]++;
  const summary = format(lang, 'checkSummary', { total: results.length, pass: counts.pass, fail: counts.fail, pending: counts.pending, noData: counts['no-data'], rejected: options.rejectedRows });
  return `${table.toString()}\n${summary}\n`;
}
