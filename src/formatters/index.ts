// The explicit registry of check-report formatters: pure functions from the report to text.
import { csvReport } from './csv-report.js';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import type { FormatInput } from './report.js';
import { FORMAT_NAMES, type FormatName } from './names.js';
import { table } from './table.js';

export type Formatter = (input: FormatInput) => string;

/** Every name of FORMAT_NAMES has its formatter (the type says so). */
const BY_NAME: Record<FormatName, Formatter> = { table, json, junit, github, markdown, csv: csvReport, html };
export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>(FORMAT_NAMES.map((name) => [name, BY_NAME[name]]));
export { FORMAT_NAMES };
