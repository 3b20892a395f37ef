// annual-reduction: "giảm x%/năm" — a yearly cut in percentage points (or percent), every year
// ("hàng năm") or on average ("bình quân mỗi năm"). Beyond `max` is over-achievement, still a pass.
import type { MessageId } from '../i18n/messages.js';
import { METRIC_IDS } from '../evaluate/metrics.js';
import { above, atLeast, figure, hasReason, isFuture, outcome, project, trend, reviewYear } from './support.js';
import type { Detail, RuleModule, ZodApi } from './types.js';


const params = (z: ZodApi) => ({
  metric: z.enum(METRIC_IDS),
  from: reviewYear(z),
  to: reviewYear(z),
  min: z.number(),
  max: z.number().optional(),
  mode: z.enum(['each-year', 'average']).default('each-year'),
  unit: z.enum(['pp', 'percent']).default('pp'),
});

/** The cut from `before` to `after`: percentage points, or percent of the earlier value. */
const cut = (before: number, after: number, unit: 'pp' | 'percent') => (unit === 'pp' ? before - after : before === 0 ? 0 : ((before - after) / before) * 100);

export const annualReduction: RuleModule<ReturnType<typeof params>> = {
  id: 'annual-reduction',
  description: 'the metric falls by at least `min` (pp by default) every year from `from` to `to`, or on average over the period',
  params,
  check(p) {
    const problems: [string, MessageId][] = [];
    if (p.to <= p.from) problems.push(['to', 'ruleToAfterFrom']);
    if (p.max !== undefined && p.max < p.min) problems.push(['max', 'ruleMaxNotBelowMin']);
    return problems;
  },
  evaluate(p, input) {
    const expected = { min: p.min, max: p.max ?? null, from: p.from, to: p.to, mode: p.mode, unit: p.unit };
    const base = figure(input, p.from, input.series, 'baseline');
    if (hasReason(base)) return outcome('no-data', { expected, reason: base.reason });
    if (isFuture(base)) return outcome('pending', { expected, reason: null });
    const goalAt = (deadline: number) => (p.unit === 'pp' ? base.value - p.min * (deadline - p.from) : base.value * (1 - p.min / 100) ** (deadline - p.from));

    if (p.mode === 'average') {
      const end = figure(input, p.to);
      if (hasReason(end)) return outcome('no-data', { expected, reason: end.reason });
      const years = p.to - p.from;
      if (isFuture(end)) {
        const latest = input.series.filter((s) => s.year > p.from && s.value !== null).at(-1);
        const soFar = latest ? cut(base.value, latest.value!, p.unit) / (latest.year - p.from) : null;
        const projection = project(input, p.from, p.to, (v) => atLeast(cut(base.value, v, p.unit) / years, p.min), goalAt(p.to));
        return outcome('pending', { expected, projection, observed: soFar, observedYear: latest?.year ?? null });
      }
      const average = cut(base.value, end.value, p.unit) / years;
      const status = atLeast(average, p.min) ? 'pass' : 'fail';
      return outcome(status, { expected, observed: average, observedYear: p.to, exceeded: status === 'pass' && p.max !== undefined && above(average, p.max) });
    }

    const details: Detail[] = [];
    let previous = base.value;
    let reason = null;
    let future = false;
    for (let year = p.from + 1; year <= p.to; year++) {
      const f = figure(input, year);
      if (isFuture(f)) {
        future = true;
        break;
      }
      if (hasReason(f)) {
        reason ??= f.reason;
        details.push({ year, value: null, change: null, status: 'no-data' });
        break; // the next cut has no earlier value either
      }
      const change = cut(previous, f.value, p.unit);
      details.push({ year, value: f.value, change, status: atLeast(change, p.min) ? 'pass' : 'fail', standard: f.standard });
      previous = f.value;
    }
    const cuts = details.filter((d) => d.change !== null && d.change !== undefined);
    const smallest = cuts.reduce<Detail | undefined>((s, d) => (s === undefined || d.change! < s.change! ? d : s), undefined);
    const observed = smallest?.change ?? null;
    const observedYear = smallest?.year ?? null;
    if (details.some((d) => d.status === 'fail')) return outcome('fail', { expected, details, observed, observedYear });
    if (reason) return outcome('no-data', { expected, details, reason, observed, observedYear });
    const exceeded = p.max !== undefined && cuts.some((d) => above(d.change!, p.max!));
    if (future) {
      // Every remaining year must cut at least `min`: on track when the trend falls that fast.
      const line = trend(input, p.from);
      const slope = line && 'slope' in line ? line.slope : null;
      const pace = slope === null ? null : p.unit === 'pp' ? -slope : previous === 0 ? 0 : (-slope / previous) * 100;
      const projection = {
        year: p.to,
        value: slope === null || !line || !('intercept' in line) ? null : Math.max(0, line.intercept + slope * p.to),
        onTrack: pace === null ? null : atLeast(pace, p.min),
        neededPerYear: p.unit === 'pp' ? p.min : (previous * p.min) / 100,
        fromYear: details.at(-1)?.year ?? p.from,
      };
      return outcome('pending', { expected, details, projection, observed, observedYear, exceeded });
    }
    return outcome('pass', { expected, details, observed, observedYear, exceeded });
  },
};
