// relative-reduction: "giảm … một nửa" — value(year) ≤ factor × value(baseline).
import { METRIC_IDS } from '../evaluate/metrics.js';
import { atMost, figure, hasReason, isFuture, outcome, project, reviewYear } from './support.js';
import type { RuleModule, ZodApi } from './types.js';


const params = (z: ZodApi) => ({
  metric: z.enum(METRIC_IDS),
  baseline: reviewYear(z),
  year: reviewYear(z),
  factor: z.number().positive(),
});

export const relativeReduction: RuleModule<ReturnType<typeof params>> = {
  id: 'relative-reduction',
  description: 'the metric in `year` is at most `factor` times its value in `baseline` (0.5 = halved)',
  params,
  check(p) {
    return p.year <= p.baseline ? [['year', 'ruleYearAfterBaseline']] : [];
  },
  evaluate(p, input) {
    const expected = { factor: p.factor, baseline: p.baseline, year: p.year };
    const base = figure(input, p.baseline, input.series, 'baseline');
    if (hasReason(base)) return outcome('no-data', { expected, reason: base.reason });
    if (isFuture(base)) return outcome('pending', { expected });
    const goal = p.factor * base.value;
    const end = figure(input, p.year);
    if (hasReason(end)) return outcome('no-data', { expected: { ...expected, goal }, reason: end.reason });
    if (isFuture(end)) {
      const latest = input.series.filter((s) => s.year >= p.baseline && s.value !== null).at(-1);
      const projection = project(input, p.baseline, p.year, (v) => atMost(v, goal), goal);
      return outcome('pending', { expected: { ...expected, goal }, projection, observed: latest && base.value ? latest.value! / base.value : null, observedYear: latest?.year ?? null });
    }
    const ratio = base.value === 0 ? (end.value === 0 ? 0 : Infinity) : end.value / base.value;
    return outcome(atMost(end.value, goal) ? 'pass' : 'fail', { expected: { ...expected, goal }, observed: ratio, observedYear: p.year });
  },
};
