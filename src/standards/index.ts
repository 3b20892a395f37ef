// The registry of poverty standards, the review-year mapping and the classification rule.
import { vn20162020 } from './vn-2016-2020.js';
import { vn20222025 } from './vn-2022-2025.js';
import { vn20272030 } from './vn-2027-2030.js';
import type { Area, PovertyStandard, Status } from './types.js';

export type { Area, PovertyStandard, Status } from './types.js';

export const STANDARDS: readonly PovertyStandard[] = [vn20162020, vn20222025, vn20272030];
export const STANDARD_IDS = STANDARDS.map((s) => s.id);

export function standardById(id: string, standards: readonly PovertyStandard[] = STANDARDS): PovertyStandard | undefined {
  return standards.find((s) => s.id === id);
}

/**
 * The standard a year-end review used. Review year Y classifies households for Y+1, so it uses the
 * standard in force in Y+1: 2015–2020 → vn-2016-2020, 2021–2025 → vn-2022-2025 (extended through
 * 2026), 2026–2030 → vn-2027-2030.
 */
export function standardForReviewYear(year: number, standards: readonly PovertyStandard[] = STANDARDS): PovertyStandard | undefined {
  return standards.find((s) => year >= s.reviewYears[0] && year <= s.reviewYears[1]);
}

/**
 * Classify one household. `deprivations` may be undefined when unknown: the result is then
 * undefined only if the income band actually needs it.
 */
export function classify(standard: PovertyStandard, area: Area, income: number, deprivations: number | undefined): Status | undefined {
  const lines = standard.lines[area];
  const deprived = deprivations === undefined ? undefined : deprivations >= standard.deprivationThreshold;
  if (standard.rule === 'two-tier') {
    if (income <= lines.poor) return 'poor';
    if (income <= (lines.nearPoor ?? lines.poor)) {
      if (deprived === undefined) return undefined;
      return deprived ? 'poor' : 'near_poor';
    }
    return 'non_poor';
  }
  if (income > lines.poor) return 'non_poor';
  if (deprived === undefined) return undefined;
  return deprived ? 'poor' : 'near_poor';
}
