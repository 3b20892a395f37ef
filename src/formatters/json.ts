// json: the report of cli.md, numbers unrounded.
import type { FormatInput } from './report.js';

export function json(input: FormatInput): string {
  return JSON.stringify(input.report, null, 2) + '\n';
}
