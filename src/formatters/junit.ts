// junit: one testsuite per ruleset, one testcase per result; fail → <failure>, pending and no-data →
// <skipped> with the reason, as CI test-report viewers expect.
import type { FormatInput } from './report.js';

const xml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 cannot carry at all
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export function junit(input: FormatInput): string {
  const suites = new Map<string, typeof input.rows>();
  for (const row of input.rows) suites.set(row.json.ruleset, [...(suites.get(row.json.ruleset) ?? []), row]);
  const s = input.report.summary;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="povcheck" tests="${input.rows.length}" failures="${s.fail}" skipped="${s.pending + s.noData}">`];
  for (const [ruleset, rows] of suites) {
    const failures = rows.filter((r) => r.json.status === 'fail').length;
    const skipped = rows.filter((r) => r.json.status === 'pending' || r.json.status === 'no-data').length;
    lines.push(`  <testsuite name="${xml(ruleset)}" tests="${rows.length}" failures="${failures}" skipped="${skipped}" errors="0">`);
    for (const row of rows) {
      const r = row.json;
      const name = `${r.target} — ${row.unit}${r.group === 'all' ? '' : ` (${r.group})`}`;
      const open = `    <testcase classname="${xml(`${ruleset}.${r.target}`)}" name="${xml(name)}" file="${xml(r.source.file)}" line="${r.source.line}"`;
      if (r.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (r.status === 'fail') lines.push(`      <failure message="${xml(row.message)}" type="${xml(r.rule)}">${xml(`${row.expected}\n${row.message}\n“${r.quote}”`)}</failure>`);
      else lines.push(`      <skipped message="${xml(`${row.status}: ${r.status === 'no-data' ? (row.reason ?? '') : row.message}`)}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
