// html: one self-contained file (no network, no scripts, no external fonts or styles) an analyst can
// e-mail: the summary, the result table, and per unit, group and metric an inline SVG chart of the
// yearly values with each target's line or band, its deadline and, when pending, the projection.
import { format } from '../i18n/messages.js';
import type { Point } from '../rules/types.js';
import type { FormatInput, ReportRow } from './report.js';
import { HEADINGS, summaryLine } from './table.js';

export const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS = { pass: '#1a7f37', fail: '#cf222e', pending: '#9a6700', 'no-data': '#6e7781' } as const;
const W = 680, H = 280, LEFT = 56, RIGHT = 24, TOP = 20, BOTTOM = 40;

type Expected = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const known = (points: Point[]) => points.filter((p): p is Point & { value: number } => p.value !== null);

interface Shape {
  /** [year, value] polylines; dashed when a target, solid when data */
  lines: { points: [number, number][]; color: string; dashed: boolean; label: string }[];
  bands: { points: [number, number][]; color: string }[];
  deadlines: number[];
  markers: { year: number; value: number; color: string; label: string }[];
}

/** What a target draws, from the bound its result states. */
function targetShape(row: ReportRow, shape: Shape, years: [number, number]): void {
  const r = row.json;
  const e = r.expected as Expected;
  const color = COLORS[r.status];
  const valueAt = (year: number) => known(r.series).find((p) => p.year === year)?.value ?? null;
  const label = `${r.target}: ${row.expected}`;
  switch (r.rule) {
    case 'level': {
      const bound = num(e.below) ?? num(e.at_most) ?? num(e.at_least) ?? num(e.above);
      const from = num(e.from) ?? num(e.year) ?? years[0];
      const to = num(e.to) ?? num(e.year) ?? years[1];
      if (bound !== null) shape.lines.push({ points: [[Math.min(from, years[0]), bound], [Math.max(to, years[1]), bound]], color, dashed: true, label });
      shape.deadlines.push(to);
      break;
    }
    case 'annual-reduction': {
      const from = num(e.from)!, to = num(e.to)!, min = num(e.min)!, max = num(e.max);
      const base = valueAt(from);
      if (base !== null && e.unit !== 'percent') {
        shape.lines.push({ points: [[from, base], [to, base - min * (to - from)]], color, dashed: true, label });
        if (max !== null) shape.bands.push({ points: [[from, base], [to, base - min * (to - from)], [to, base - max * (to - from)]], color });
      }
      shape.deadlines.push(to);
      break;
    }
    case 'relative-reduction': {
      const goal = num(e.goal), year = num(e.year)!;
      if (goal !== null) shape.lines.push({ points: [[num(e.baseline)!, goal], [year, goal]], color, dashed: true, label });
      shape.deadlines.push(year);
      break;
    }
    case 'compare': {
      const reference = known(r.referenceSeries ?? []);
      if (reference.length) shape.lines.push({ points: reference.map((p) => [p.year, p.value]), color: '#6e7781', dashed: false, label: `${String(e.against ?? '')}` });
      shape.deadlines.push(num(e.to) ?? num(e.year)!);
      break;
    }
    case 'stated': {
      const value = num(e.value), year = num(e.year);
      if (value !== null && year !== null) shape.markers.push({ year, value, color, label });
      break;
    }
  }
  const p = r.projection;
  if (r.status === 'pending' && p && p.value !== null) {
    const last = valueAt(p.fromYear);
    if (last !== null) shape.lines.push({ points: [[p.fromYear, last], [p.year, p.value]], color: COLORS.pending, dashed: true, label: `${r.target}: projection` });
  }
}

function chart(rows: ReportRow[]): string {
  const first = rows[0].json;
  const data = known(first.series);
  const shape: Shape = { lines: [], bands: [], deadlines: [], markers: [] };
  const dataYears = data.map((p) => p.year);
  const targetYears = rows.flatMap((row) => {
    const e = row.json.expected as Expected;
    return [e.year, e.from, e.to, e.baseline, row.json.projection?.year].map(num).filter((y): y is number => y !== null);
  });
  const years: [number, number] = [Math.min(...dataYears, ...targetYears), Math.max(...dataYears, ...targetYears)];
  if (years[0] === years[1]) years[1] = years[0] + 1;
  for (const row of rows) targetShape(row, shape, years);
  // One line per run of years under the same standard: a change of standard is not a change.
  const runs: (typeof data)[] = [];
  for (const p of data) {
    const run = runs.at(-1);
    if (run && run.at(-1)!.standard === p.standard) run.push(p);
    else runs.push([p]);
  }
  shape.lines.unshift(...runs.map((run) => ({ points: run.map((p) => [p.year, p.value] as [number, number]), color: '#0969da', dashed: false, label: `${first.metric} (${run[0].standard ?? ''})` })));
  // Targets drawn below zero mean "reach zero": no metric is negative.
  for (const line of shape.lines) line.points = line.points.map(([year, value]) => [year, Math.max(0, value)]);
  for (const band of shape.bands) band.points = band.points.map(([year, value]) => [year, Math.max(0, value)]);

  const values = [...shape.lines.flatMap((l) => l.points.map(([, v]) => v)), ...shape.bands.flatMap((b) => b.points.map(([, v]) => v)), ...shape.markers.map((m) => m.value)];
  const low = Math.min(0, ...values);
  const high = Math.max(1, ...values) * 1.1;
  const x = (year: number) => LEFT + ((year - years[0]) / (years[1] - years[0])) * (W - LEFT - RIGHT);
  const y = (value: number) => TOP + (1 - (value - low) / (high - low)) * (H - TOP - BOTTOM);
  const pts = (points: [number, number][]) => points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ');

  const svg: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = low + ((high - low) * i) / 4;
    svg.push(`<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(v < 10 ? 1 : 0)}</text>`);
  }
  for (let year = years[0]; year <= years[1]; year++) svg.push(`<text class="tick" x="${x(year).toFixed(1)}" y="${H - BOTTOM + 18}" text-anchor="middle">${year}</text>`);
  for (const band of shape.bands) svg.push(`<polygon class="band" points="${pts(band.points)}" fill="${band.color}"/>`);
  for (const deadline of new Set(shape.deadlines)) svg.push(`<line class="deadline" x1="${x(deadline).toFixed(1)}" x2="${x(deadline).toFixed(1)}" y1="${TOP}" y2="${H - BOTTOM}"/>`);
  for (const line of shape.lines) {
    svg.push(`<polyline class="${line.dashed ? 'target' : 'series'}" points="${pts(line.points)}" stroke="${line.color}"><title>${escapeHtml(line.label)}</title></polyline>`);
  }
  for (const p of data) svg.push(`<circle class="point" cx="${x(p.year).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3.5"><title>${p.year}: ${p.value.toFixed(2)}</title></circle>`);
  for (const m of shape.markers) svg.push(`<rect class="marker" x="${(x(m.year) - 5).toFixed(1)}" y="${(y(m.value) - 5).toFixed(1)}" width="10" height="10" fill="${m.color}" transform="rotate(45 ${x(m.year).toFixed(1)} ${y(m.value).toFixed(1)})"><title>${escapeHtml(m.label)}</title></rect>`);

  const caption = `${escapeHtml(rows[0].unit)} — ${escapeHtml(first.metric)}${first.group === 'all' ? '' : ` (${escapeHtml(first.group)})`}`;
  const legend = rows.map((row) => `<li><span class="dot" style="background:${COLORS[row.json.status]}"></span>${escapeHtml(row.json.target)}: ${escapeHtml(row.expected)} — <strong>${escapeHtml(row.status)}</strong></li>`).join('');
  return `<figure class="chart"><figcaption>${caption}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${caption}">${svg.join('')}</svg><ul class="legend">${legend}</ul></figure>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.summary span{display:inline-block;margin-right:12px;padding:2px 8px;border-radius:10px;color:#fff;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.status{min-width:280px}.status b{white-space:nowrap}
.s-pass{color:${COLORS.pass}}.s-fail{color:${COLORS.fail}}.s-pending{color:${COLORS.pending}}.s-no-data{color:${COLORS['no-data']}}
.message{color:#57606a;font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:16px}
figure.chart{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:8px;width:700px;max-width:100%}
figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto}
.grid{stroke:#eaeef2}.tick{font-size:11px;fill:#57606a}.series{fill:none;stroke-width:2.5}.target{fill:none;stroke-width:1.8;stroke-dasharray:6 4}
.deadline{stroke:#8c959f;stroke-dasharray:2 3}.band{opacity:.12}.point{fill:#0969da}
.legend{list-style:none;padding:0;margin:6px 0 0;font-size:12px}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.quote{font-style:italic;color:#57606a}`;

export function html(input: FormatInput): string {
  const { lang, report } = input;
  const s = report.summary;
  const badges = (['pass', 'fail', 'pending', 'no-data'] as const)
    .map((status) => `<span style="background:${COLORS[status]}">${escapeHtml(format(lang, ({ pass: 'statusPass', fail: 'statusFail', pending: 'statusPending', 'no-data': 'statusNoData' } as const)[status]))}: ${status === 'no-data' ? s.noData : s[status]}</span>`)
    .join('');
  const head = HEADINGS.map((h) => `<th>${escapeHtml(format(lang, h))}</th>`).join('');
  const body = input.rows
    .map((row) => {
      const r = row.json;
      return `<tr><td>${escapeHtml(r.ruleset)}</td><td>${escapeHtml(r.target)}${row.title ? `<div class="message">${escapeHtml(row.title)}</div>` : ''}</td><td>${escapeHtml(row.unit)}</td><td>${escapeHtml(r.group)}</td><td>${escapeHtml(row.years)}</td><td>${escapeHtml(row.expected)}</td><td>${escapeHtml(row.observed)}</td><td class="status s-${r.status}"><b>${escapeHtml(row.status)}</b><div class="message">${escapeHtml(row.message)}</div></td></tr>`;
    })
    .join('\n');
  const groups = new Map<string, ReportRow[]>();
  for (const row of input.rows) {
    if (!row.json.series.some((p) => p.value !== null)) continue;
    const key = `${row.json.unit.path.join('/')}|${row.json.group}|${row.json.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const charts = [...groups.values()].map((rows) => chart(rows)).join('\n');
  const inputs = report.inputs.map((i) => `<li>${escapeHtml(i.file)}: ${escapeHtml(i.kind)}, ${i.rows} / ${i.accepted} / ${i.rejected}</li>`).join('');
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>povcheck</title><style>${STYLE}</style></head>
<body>
<h1>povcheck</h1>
<p class="summary">${badges}</p>
<p>${escapeHtml(summaryLine(input))}</p>
<ul class="inputs">${inputs}</ul>
<h2>${escapeHtml(format(lang, 'htmlResults'))}</h2>
<table class="results"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<h2 id="charts">${escapeHtml(format(lang, 'htmlCharts'))}</h2>
<section class="charts">
${charts}
</section>
<p class="message">povcheck ${escapeHtml(report.tool.version)}</p>
</body>
</html>
`;
}
