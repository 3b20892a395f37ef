// Every threshold edge of every standard, worked by hand from domain.md §1.
import { describe, expect, it } from 'vitest';
import { classify, standardById, standardForReviewYear } from '../src/standards/index.js';

const s2016 = standardById('vn-2016-2020')!;
const s2022 = standardById('vn-2022-2025')!;
const s2027 = standardById('vn-2027-2030')!;

describe('vn-2016-2020: two tiers (QĐ 59/2015)', () => {
  it.each([
    // rural: poor ≤ 700,000; near-poor ≤ 1,000,000
    ['rural', 700_000, 0, 'poor'],
    ['rural', 700_001, 2, 'near_poor'],
    ['rural', 700_001, 3, 'poor'],
    ['rural', 1_000_000, 2, 'near_poor'],
    ['rural', 1_000_000, 3, 'poor'],
    ['rural', 1_000_001, 9, 'non_poor'],
    // urban: poor ≤ 900,000; near-poor ≤ 1,300,000
    ['urban', 900_000, 0, 'poor'],
    ['urban', 900_001, 2, 'near_poor'],
    ['urban', 900_001, 3, 'poor'],
    ['urban', 1_300_000, 2, 'near_poor'],
    ['urban', 1_300_001, 5, 'non_poor'],
  ] as const)('%s, income %d, D = %d → %s', (area, income, d, status) => {
    expect(classify(s2016, area, income, d)).toBe(status);
  });

  it('needs deprivations only in the band between the lines', () => {
    expect(classify(s2016, 'rural', 600_000, undefined)).toBe('poor');
    expect(classify(s2016, 'rural', 800_000, undefined)).toBeUndefined();
    expect(classify(s2016, 'rural', 2_000_000, undefined)).toBe('non_poor');
  });
});

describe('vn-2022-2025: income AND ≥ 3 deprivations (NĐ 07/2021)', () => {
  it.each([
    ['rural', 1_500_000, 3, 'poor'],
    ['rural', 1_500_000, 2, 'near_poor'],
    ['rural', 1_500_001, 12, 'non_poor'],
    ['rural', 0, 3, 'poor'],
    ['rural', 0, 0, 'near_poor'],
    ['urban', 2_000_000, 3, 'poor'],
    ['urban', 2_000_000, 2, 'near_poor'],
    ['urban', 2_000_001, 6, 'non_poor'],
    // urban line applies to urban households only: 1,600,000 is above the rural line
    ['rural', 1_600_000, 5, 'non_poor'],
    ['urban', 1_600_000, 5, 'poor'],
  ] as const)('%s, income %d, D = %d → %s', (area, income, d, status) => {
    expect(classify(s2022, area, income, d)).toBe(status);
  });

  it('is not the "or" rule some summaries state: low income without deprivations is near-poor', () => {
    expect(classify(s2022, 'rural', 1_000_000, 0)).toBe('near_poor');
  });

  it('income above the line is non-poor without knowing deprivations', () => {
    expect(classify(s2022, 'rural', 1_500_001, undefined)).toBe('non_poor');
    expect(classify(s2022, 'rural', 1_500_000, undefined)).toBeUndefined();
  });

  it('has 12 indicators in 6 dimensions', () => {
    expect(s2022.indicators.length).toBe(12);
    expect(new Set(s2022.indicators.map((i) => i.dimension.vi)).size).toBe(6);
  });
});

describe('vn-2027-2030 (NĐ 351/2025)', () => {
  it.each([
    ['rural', 2_200_000, 3, 'poor'],
    ['rural', 2_200_001, 3, 'non_poor'],
    ['urban', 2_800_000, 2, 'near_poor'],
    ['urban', 2_800_001, 4, 'non_poor'],
  ] as const)('%s, income %d, D = %d → %s', (area, income, d, status) => {
    expect(classify(s2027, area, income, d)).toBe(status);
  });

  it('is marked as not verified', () => {
    expect(s2027.verified).toBe(false);
  });
});

describe('review year → standard (review Y uses the standard in force in Y+1)', () => {
  it.each([
    [2014, undefined],
    [2015, 'vn-2016-2020'],
    [2020, 'vn-2016-2020'],
    [2021, 'vn-2022-2025'],
    [2025, 'vn-2022-2025'],
    [2026, 'vn-2027-2030'],
    [2030, 'vn-2027-2030'],
    [2031, undefined],
  ])('%d → %s', (year, id) => expect(standardForReviewYear(year)?.id).toBe(id));
});
