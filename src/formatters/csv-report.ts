// csv: one row per result, spreadsheet-safe.
import type { FormatInput } from './report.js';
import { csvLine } from './csv.js';

const COLUMNS = ['ruleset', 'target', 'rule', 'level', 'unit', 'group', 'metric', 'years', 'expected', 'observed', 'observed_year', 'status', 'projection', 'on_track', 'reason', 'message', 'quote'];

export function csvReport(input: FormatInput): string {
  const lines = [csvLine(COLUMNS)];
  for (const row of input.rows) {
    const r = row.json;
    lines.push(csvLine([
      r.ruleset, r.target, r.rule, r.unit.level, row.unit, r.group, r.metric, row.years, row.expected, r.observed, r.observedYear, r.status,
      r.projection?.value ?? null, r.projection?.onTrack ?? null, row.reason, row.message, r.quote,
    ]));
  }
  return lines.join('\n') + '\n';
}
