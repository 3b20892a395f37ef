import type { RuleInput } from '../../src/rules/types.js';

/** A unit's series from [year, value] pairs; every figure under vn-2022-2025 unless given. */
export function input(points: [number, number | null, string?][], extra: Partial<RuleInput> = {}): RuleInput {
  return {
    series: points.map(([year, value, standard]) => ({ year, value, standard: standard ?? 'vn-2022-2025' })),
    latestYear: Math.max(...points.map(([y]) => y)),
    standard: 'vn-2022-2025',
    acrossStandards: false,
    metricKind: 'rate',
    ...extra,
  };
}
