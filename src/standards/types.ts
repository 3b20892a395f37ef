// A poverty standard (chuẩn nghèo) as data.

export type Area = 'urban' | 'rural';
export type Status = 'poor' | 'near_poor' | 'non_poor';

export interface Indicator {
  /** canonical deprivation column, e.g. `d_housing_area` */
  column: string;
  dimension: { vi: string; en: string };
  name: { vi: string; en: string };
}

export interface IncomeLines {
  /** poor if income ≤ poor (two-tier rule) or the single line of the AND rule */
  poor: number;
  /** near-poor upper line of the two-tier rule; absent for the AND rule */
  nearPoor?: number;
}

export interface PovertyStandard {
  id: string;
  legalBasis: { vi: string; en: string };
  /** review years whose year-end review uses this standard (review Y uses the standard in force in Y+1) */
  reviewYears: [number, number];
  /**
   * `two-tier`: poor if I ≤ poor line, or poor line < I ≤ near-poor line and D ≥ threshold;
   * near-poor if poor line < I ≤ near-poor line and D < threshold.
   * `and`: poor if I ≤ line and D ≥ threshold; near-poor if I ≤ line and D < threshold.
   */
  rule: 'two-tier' | 'and';
  deprivationThreshold: number;
  lines: Record<Area, IncomeLines>;
  /** middle living standard upper bound as a multiple of the line (mức sống trung bình), when defined */
  middleFactor?: number;
  indicators: Indicator[];
  /** false where domain.md marks thresholds or indicators as not verified */
  verified: boolean;
  note?: { vi: string; en: string };
  /** set when --standards-file changed it */
  overridden?: boolean;
}
