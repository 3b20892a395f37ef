// stated: the data reproduces a figure the document states (a baseline, or an average cut).
import { METRIC_IDS } from '../evaluate/metrics.js';
import { atMost, figure, hasReason, isFuture, outcome, reviewYear } from './support.js';
import type { RuleModule, ZodApi } from './types.js';


const params = (z: ZodApi) => ({
  metric: z.enum(METRIC_IDS),
  year: reviewYear(z).optional(),
  value: z.number().optional(),
  from: reviewYear(z).optional(),
  to: reviewYear(z).optional(),
  average_reduction: z.number().optional(),
  tolerance: z.number().nonnegative().optional(),
});

export const stated: RuleModule<ReturnType<typeof params>> = {
  id: 'stated',
  description: 'the data reproduces a figure the document states: a value in a year, or an average yearly cut over a period',
  params,
  check(p) {
    const single = p.year !== undefined || p.value !== undefined;
    const average = p.from !== undefined || p.to !== undefined || p.average_reduction !== undefined;
    if (single === average) return [['year', 'ruleStatedForm']];
    if (single && (p.year === undefined || p.value === undefined)) return [[p.year === undefined ? 'year' : 'value', 'ruleStatedPair']];
    if (average && (p.from === undefined || p.to === undefined || p.average_reduction === undefined)) return [['from', 'ruleStatedTriple']];
    if (average && p.to! <= p.from!) return [['to', 'ruleToAfterFrom']];
    return [];
  },
  evaluate(p, input) {
    const tolerance = p.tolerance ?? (input.metricKind === 'rate' ? 0.005 : 0);
    const within = (computed: number, statedValue: number) => atMost(Math.abs(computed - statedValue), tolerance);
    const missingFuture = (year: number) => ({ code: 'reasonYearMissing' as const, params: { year } });
    if (p.year !== undefined) {
      const expected = { value: p.value!, year: p.year, tolerance };
      const f = figure(input, p.year);
      if (isFuture(f)) return outcome('no-data', { expected, reason: missingFuture(p.year) });
      if (hasReason(f)) return outcome('no-data', { expected, reason: f.reason });
      return outcome(within(f.value, p.value!) ? 'pass' : 'fail', { expected, observed: f.value, observedYear: p.year });
    }
    const expected = { average_reduction: p.average_reduction!, from: p.from!, to: p.to!, tolerance };
    const start = figure(input, p.from!, input.series, 'baseline');
    if (isFuture(start)) return outcome('no-data', { expected, reason: missingFuture(p.from!) });
    if (hasReason(start)) return outcome('no-data', { expected, reason: start.reason });
    const end = figure(input, p.to!);
    if (isFuture(end)) return outcome('no-data', { expected, reason: missingFuture(p.to!) });
    if (hasReason(end)) return outcome('no-data', { expected, reason: end.reason });
    const average = (start.value - end.value) / (p.to! - p.from!);
    return outcome(within(average, p.average_reduction!) ? 'pass' : 'fail', { expected, observed: average, observedYear: p.to! });
  },
};
