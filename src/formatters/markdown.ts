// markdown: a summary and a table fit for a pull-request comment or a report.
import { format } from '../i18n/messages.js';
import type { FormatInput } from './report.js';
import { HEADINGS, summaryLine } from './table.js';

const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const ICON = { pass: '✅', fail: '❌', pending: '⏳', 'no-data': '❔' } as const;

export function markdown(input: FormatInput): string {
  const lines = ['## povcheck', '', summaryLine(input), ''];
  lines.push(`| ${HEADINGS.map((h) => format(input.lang, h)).join(' | ')} |`, `|${HEADINGS.map(() => '---').join('|')}|`);
  for (const row of input.rows) {
    const r = row.json;
    lines.push(`| ${[r.ruleset, r.target, row.unit, r.group, row.years, row.expected, row.observed, `${ICON[r.status]} ${row.status}`].map(cell).join(' | ')} |`);
  }
  const notes = input.rows.filter((row) => row.json.status !== 'pass');
  if (notes.length) {
    lines.push('');
    for (const row of notes) lines.push(`- **${cell(row.json.ruleset)} / ${cell(row.json.target)}** (${cell(row.unit)}): ${cell(row.message)}`);
  }
  return lines.join('\n') + '\n';
}
