// level: the metric meets a bound in a year, or in every year of a range.
import type { z } from 'zod';
import type { MessageId } from '../i18n/messages.js';
import { METRIC_IDS } from '../evaluate/metrics.js';
import { above, atLeast, atMost, below, figure, hasReason, isFuture, outcome, project, yearsOf, reviewYear } from './support.js';
import type { Detail, RuleModule, ZodApi } from './types.js';


const params = (z: ZodApi) => ({
  metric: z.enum(METRIC_IDS),
  year: reviewYear(z).optional(),
  years: z.tuple([reviewYear(z), reviewYear(z)]).optional(),
  below: z.number().optional(),
  at_most: z.number().optional(),
  at_least: z.number().optional(),
  above: z.number().optional(),
});
type Params = z.infer<z.ZodObject<ReturnType<typeof params>>>;

const BOUNDS = ['below', 'at_most', 'at_least', 'above'] as const;

export function bound(p: Pick<Params, (typeof BOUNDS)[number]>): { kind: (typeof BOUNDS)[number]; value: number; meets: (v: number) => boolean } {
  const kind = BOUNDS.find((b) => p[b] !== undefined)!;
  const value = p[kind]!;
  const test = { below, at_most: atMost, at_least: atLeast, above }[kind];
  return { kind, value, meets: (v: number) => test(v, value) };
}

export const level: RuleModule<ReturnType<typeof params>> = {
  id: 'level',
  description: 'the metric meets a bound (below, at_most, at_least, above) in a year, or in every year of a range',
  params,
  check(p) {
    const problems: [string, MessageId][] = [];
    if ((p.year === undefined) === (p.years === undefined)) problems.push(['year', 'ruleOneYearForm']);
    if (p.years && p.years[0] > p.years[1]) problems.push(['years', 'ruleRangeOrder']);
    if (BOUNDS.filter((b) => p[b] !== undefined).length !== 1) problems.push(['below', 'ruleOneBound']);
    return problems;
  },
  evaluate(p, input) {
    const b = bound(p);
    const years = yearsOf(p);
    const deadline = years[years.length - 1];
    const expected = { [b.kind]: b.value, ...(p.year !== undefined ? { year: p.year } : { from: years[0], to: deadline }) };
    const details: Detail[] = [];
    let missing: Detail | undefined;
    let reason = null;
    let future = false;
    for (const year of years) {
      const f = figure(input, year);
      if (isFuture(f)) {
        future = true;
        continue;
      }
      if (hasReason(f)) {
        details.push({ year, value: null, status: 'no-data' });
        reason ??= f.reason;
        missing ??= details[details.length - 1];
        continue;
      }
      details.push({ year, value: f.value, status: b.meets(f.value) ? 'pass' : 'fail', standard: f.standard });
    }
    const failed = details.find((d) => d.status === 'fail');
    const last = [...details].reverse().find((d) => d.value !== null);
    if (failed) return outcome('fail', { expected, details, observed: failed.value, observedYear: failed.year });
    if (missing) return outcome('no-data', { expected, details, reason, observed: last?.value ?? null, observedYear: last?.year ?? null });
    if (future) {
      const projection = project(input, -Infinity, deadline, b.meets, b.value);
      const latest = input.series.filter((s) => s.value !== null).at(-1);
      return outcome('pending', { expected, details, projection, observed: latest?.value ?? null, observedYear: latest?.year ?? null });
    }
    return outcome('pass', { expected, details, observed: last!.value, observedYear: last!.year });
  },
};
