import { describe, expect, it } from 'vitest';
import { annualReduction } from '../../src/rules/annual-reduction.js';
import { input } from './input.js';

const p = (params: object) => ({ metric: 'poor_rate', mode: 'each-year', unit: 'pp', ...params }) as never;

describe('annual-reduction, each year', () => {
  it('meets "at least 1.0" with a cut of 4.1 − 3.1 (0.9999999999999996 in floating point)', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2023, min: 1 }), input([[2021, 4.1], [2022, 3.1], [2023, 2.0]]));
    expect(r.status).toBe('pass');
    expect(r.observed).toBeCloseTo(1, 12);
    expect(r.observedYear).toBe(2022);
    expect(r.details.map((d) => [d.year, d.status])).toEqual([[2022, 'pass'], [2023, 'pass']]);
  });

  it('fails the year whose cut is short, and reports the smallest cut', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 1, max: 1.5 }), input([[2021, 2.5], [2022, 1.4], [2023, 0.6]]));
    expect(r.status).toBe('fail');
    expect(r.observed).toBeCloseTo(0.8, 12);
    expect(r.observedYear).toBe(2023);
  });

  it('reports a cut beyond max as exceeded, still a pass', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2023, min: 1, max: 1.5 }), input([[2021, 5], [2022, 3], [2023, 2]]));
    expect([r.status, r.exceeded, r.observed]).toEqual(['pass', true, 1]);
  });

  it('is pending before the deadline, on track when the trend falls at least min a year', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 2 }), input([[2021, 8], [2022, 5.5], [2023, 3.4]]));
    expect(r.status).toBe('pending');
    expect(r.observed).toBeCloseTo(2.1, 12);
    // least squares through (2021, 8), (2022, 5.5), (2023, 3.4): slope −2.3, −1.27 in 2025,
    // shown as 0: a rate cannot fall below zero
    expect(r.projection!.onTrack).toBe(true);
    expect(r.projection!.value).toBe(0);
    expect(r.projection!.neededPerYear).toBe(2);
  });

  it('is no-data without the baseline year', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 1 }), input([[2022, 3], [2023, 2]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonBaselineMissing', params: { year: 2021 } }]);
  });

  it('is no-data when a year in between is missing', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2024, min: 1 }), input([[2021, 5], [2022, 4], [2024, 2]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonYearMissing', params: { year: 2023 } }]);
  });

  it('never counts a change of standard as a cut', () => {
    const r = annualReduction.evaluate(p({ from: 2020, to: 2022, min: 1 }), input([[2020, 9, 'vn-2016-2020'], [2021, 6], [2022, 5]]));
    expect([r.status, r.reason?.code]).toEqual(['no-data', 'reasonDifferentStandards']);
  });

  it('measures cuts in percent of the earlier value with unit: percent', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2022, min: 10, unit: 'percent' }), input([[2021, 10], [2022, 9]]));
    expect([r.status]).toEqual(['pass']);
    expect(r.observed).toBeCloseTo(10, 12);
  });
});

describe('annual-reduction, average', () => {
  it('passes when (value(from) − value(to)) ÷ years reaches min', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 3, mode: 'average' }), input([[2021, 45], [2023, 40], [2025, 33]]));
    expect([r.status, r.observed, r.observedYear]).toEqual(['pass', 3, 2025]);
  });

  it('fails below min on average even when one year was large', () => {
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 3, mode: 'average' }), input([[2021, 45], [2022, 38], [2025, 34]]));
    expect([r.status, r.observed]).toEqual(['fail', 2.75]);
  });

  it('is pending with the average so far and the pace still needed', () => {
    // 45 → 42.5: 2.5 a year so far; the line reaches 35 in 2025, an average of 2.5 < 3: off track;
    // reaching 45 − 4 × 3 = 33 from 42.5 in three years needs 3.17 a year
    const r = annualReduction.evaluate(p({ from: 2021, to: 2025, min: 3, mode: 'average' }), input([[2021, 45], [2022, 42.5]]));
    expect([r.status, r.observed, r.observedYear]).toEqual(['pending', 2.5, 2022]);
    expect(r.projection!.value).toBeCloseTo(35, 10);
    expect(r.projection!.onTrack).toBe(false);
    expect(r.projection!.neededPerYear).toBeCloseTo(9.5 / 3, 10);
  });

  it('checks that to is after from and max is not below min', () => {
    expect(annualReduction.check!(p({ from: 2025, to: 2021, min: 1 }))).toEqual([['to', 'ruleToAfterFrom']]);
    expect(annualReduction.check!(p({ from: 2021, to: 2025, min: 2, max: 1 }))).toEqual([['max', 'ruleMaxNotBelowMin']]);
  });
});
