// The explicit registry of check-report formatters: pure functions from the report to text.
import { csvReport } from './csv-report.js';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import type { FormatInput } from './report.js';
import { table } from './table.js';

export type Formatter = (input: FormatInput) => string;

export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['table', table],
  ['json', json],
  ['junit', junit],
  ['github', github],
  ['markdown', markdown],
  ['csv', csvReport],
  ['html', html],
]);
export const FORMAT_NAMES = [...FORMATTERS.keys()];
