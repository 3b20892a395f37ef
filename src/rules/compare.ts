// compare: the unit's value is below (or at most) another unit's value, same metric, group and year.
import type { MessageId } from '../i18n/messages.js';
import { METRIC_IDS } from '../evaluate/metrics.js';
import { atMost, below, figure, hasReason, isFuture, outcome, project, yearsOf, reviewYear } from './support.js';
import type { Detail, RuleModule, ZodApi } from './types.js';


export const unitSelector = (z: ZodApi) =>
  z.strictObject({
    country: z.literal(true).optional(),
    province: z.string().optional(),
    district: z.string().optional(),
    commune: z.string().optional(),
  });

const params = (z: ZodApi) => ({
  metric: z.enum(METRIC_IDS),
  year: reviewYear(z).optional(),
  years: z.tuple([reviewYear(z), reviewYear(z)]).optional(),
  against: unitSelector(z),
  relation: z.enum(['below', 'at_most']).default('below'),
});

export const compare: RuleModule<ReturnType<typeof params>> = {
  id: 'compare',
  description: "the unit's value is below (or at most) another unit's value for the same metric, group and year",
  params,
  check(p) {
    const problems: [string, MessageId][] = [];
    if ((p.year === undefined) === (p.years === undefined)) problems.push(['year', 'ruleOneYearForm']);
    if (!p.against.country && !p.against.province) problems.push(['against', 'ruleCompareAgainst']);
    return problems;
  },
  evaluate(p, input) {
    const years = yearsOf(p);
    const expected = { relation: p.relation, against: input.referenceName ?? null, ...(p.year !== undefined ? { year: p.year } : { from: years[0], to: years.at(-1)! }) };
    const meets = (value: number, reference: number) => (p.relation === 'below' ? below(value, reference) : atMost(value, reference));
    const reference = input.reference ?? [];
    const details: Detail[] = [];
    let reason = null;
    let future = false;
    for (const year of years) {
      const own = figure(input, year);
      if (isFuture(own)) {
        future = true;
        continue;
      }
      if (hasReason(own)) {
        reason ??= own.reason;
        details.push({ year, value: null, reference: null, status: 'no-data' });
        continue;
      }
      const ref = reference.find((r) => r.year === year);
      if (!ref || ref.value === null) {
        reason ??= { code: 'reasonReferenceMissing' as const, params: { unit: input.referenceName ?? '?', year } };
        details.push({ year, value: own.value, reference: null, status: 'no-data' });
        continue;
      }
      details.push({ year, value: own.value, reference: ref.value, status: meets(own.value, ref.value) ? 'pass' : 'fail' });
    }
    const failed = details.find((d) => d.status === 'fail');
    const last = details.filter((d) => d.value !== null).at(-1);
    if (failed) return outcome('fail', { expected, details, observed: failed.value, observedYear: failed.year });
    if (reason) return outcome('no-data', { expected, details, reason, observed: last?.value ?? null, observedYear: last?.year ?? null });
    if (future) {
      const deadline = years.at(-1)!;
      const goal = reference.find((r) => r.year === deadline)?.value ?? null;
      const projection = project(input, -Infinity, deadline, (v) => (goal === null ? false : meets(v, goal)), goal);
      if (projection && goal === null) projection.onTrack = null;
      const latest = input.series.filter((s) => s.value !== null).at(-1);
      return outcome('pending', { expected: { ...expected, reference: goal }, details, projection, observed: latest?.value ?? null, observedYear: latest?.year ?? null });
    }
    return outcome('pass', { expected, details, observed: last!.value, observedYear: last!.year });
  },
};
