// Helpers shared by the rule modules: figure lookup, the comparison tolerance, projections.
import { FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR } from '../input/types.js';
import type { Point, Projection, Reason, RuleInput, RuleOutcome, Status, ZodApi } from './types.js';

/** A review year in a rule's parameters. */
export const reviewYear = (z: ZodApi) => z.number().int().min(FIRST_REVIEW_YEAR).max(LAST_REVIEW_YEAR);

/**
 * Figures are compared as people state them: two numbers within EPSILON are equal, so a cut of
 * 4.1 − 3.1 = 0.9999999999999996 pp meets "at least 1.0". Nine decimals is far below any stated
 * precision (rates are stated to two decimals) and far above double rounding noise.
 */
export const EPSILON = 1e-9;
export const atLeast = (value: number, bound: number) => value >= bound - EPSILON;
export const atMost = (value: number, bound: number) => value <= bound + EPSILON;
export const below = (value: number, bound: number) => value < bound - EPSILON;
export const above = (value: number, bound: number) => value > bound + EPSILON;

export type Lookup = { value: number; standard: string | null } | { future: true } | { reason: Reason };

/** The figure of `year`, or why it cannot be had: in the future, missing, or under another standard. */
export function figure(input: RuleInput, year: number, series: Point[] = input.series, role: 'year' | 'baseline' = 'year'): Lookup {
  if (year > input.latestYear) return { future: true };
  const point = series.find((p) => p.year === year);
  if (point?.reason) return { reason: point.reason };
  if (!point || point.value === null) {
    return { reason: { code: role === 'baseline' ? 'reasonBaselineMissing' : 'reasonYearMissing', params: { year } } };
  }
  if (!input.acrossStandards && point.standard && point.standard !== input.standard) {
    return { reason: { code: 'reasonDifferentStandards', params: { year, standard: point.standard, expected: input.standard } } };
  }
  return { value: point.value, standard: point.standard };
}

export const isFuture = (l: Lookup): l is { future: true } => 'future' in l;
export const hasReason = (l: Lookup): l is { reason: Reason } => 'reason' in l;

/** Least-squares line through the points from `fromYear` on that are comparable with the target. */
export function trend(input: RuleInput, fromYear: number): { slope: number; intercept: number; lastYear: number; lastValue: number } | { lastYear: number; lastValue: number } | null {
  const points = input.series.filter(
    (p) => p.year >= fromYear && p.year <= input.latestYear && p.value !== null && (input.acrossStandards || !p.standard || p.standard === input.standard),
  ) as { year: number; value: number }[];
  if (points.length === 0) return null;
  const last = points[points.length - 1];
  if (points.length < 2) return { lastYear: last.year, lastValue: last.value };
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.year, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.year - meanX) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.year - meanX) * (p.value - meanY), 0);
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX, lastYear: last.year, lastValue: last.value };
}

/**
 * The straight-line projection to `deadline`. `meets` judges the projected value; `goal` is the
 * value the metric must reach at the deadline, for the pace still needed.
 */
export function project(input: RuleInput, fromYear: number, deadline: number, meets: (value: number) => boolean, goal: number | null): Projection | null {
  const line = trend(input, fromYear);
  if (!line) return null;
  // Every metric is a count or a share: a straight line below zero means "reaches zero".
  const value = 'slope' in line ? Math.max(0, line.intercept + line.slope * deadline) : null;
  const yearsLeft = deadline - line.lastYear;
  return {
    year: deadline,
    value,
    onTrack: value === null ? null : meets(value),
    neededPerYear: goal === null || yearsLeft <= 0 ? null : (line.lastValue - goal) / yearsLeft,
    fromYear: line.lastYear,
  };
}

export function outcome(status: Status, fields: Partial<RuleOutcome> & Pick<RuleOutcome, 'expected'>): RuleOutcome {
  return { status, observed: null, observedYear: null, details: [], projection: null, reason: null, ...fields };
}

export function yearsOf(params: { year?: number; years?: [number, number] }): number[] {
  if (params.year !== undefined) return [params.year];
  const [from, to] = params.years!;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
