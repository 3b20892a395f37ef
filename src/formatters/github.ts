// github: workflow commands, one line each: ::error for fail, ::warning for no-data and for pending
// targets that are off track. Values escaped as the runner requires (%, CR, LF; and : , in properties).
import type { FormatInput } from './report.js';

export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(input: FormatInput): string {
  const lines: string[] = [];
  for (const row of input.rows) {
    const r = row.json;
    const level = r.status === 'fail' ? 'error' : r.status === 'no-data' || (r.status === 'pending' && r.projection?.onTrack === false) ? 'warning' : null;
    if (!level) continue;
    const title = `${r.ruleset}/${r.target} (${row.unit}${r.group === 'all' ? '' : `, ${r.group}`}): ${row.status}`;
    lines.push(`::${level} file=${escapeProperty(r.source.file)},line=${r.source.line},title=${escapeProperty(title)}::${escapeData(row.message)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
