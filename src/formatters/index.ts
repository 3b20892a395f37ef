// The explicit registry of check-report formatters: pure functions from the report to text, each
// loaded when it is asked for (the table formatter brings chalk, which a JSON report
// does not need).
import type { FormatInput } from './report.js';
import { FORMAT_NAMES, type FormatName } from './names.js';

export type Formatter = (input: FormatInput) => string;

/** Every name of FORMAT_NAMES has its formatter (the type says so). */
const LOADERS: Record<FormatName, () => Promise<Formatter>> = {
  table: async () => (await import('./table.js')).table,
  json: async () => (await import('./json.js')).json,
  junit: async () => (await import('./junit.js')).junit,
  github: async () => (await import('./github.js')).github,
  markdown: async () => (await import('./markdown.js')).markdown,
  csv: async () => (await import('./csv-report.js')).csvReport,
  html: async () => (await import('./html.js')).html,
};

/** The formatters of these names, by name, in the order first asked. */
export async function loadFormatters(names: readonly FormatName[]): Promise<Map<FormatName, Formatter>> {
  const unique = [...new Set(names)];
  return new Map(await Promise.all(unique.map(async (name) => [name, await LOADERS[name]()] as const)));
}

export { FORMAT_NAMES };
