import { describe, expect, it } from 'vitest';
import { level } from '../../src/rules/level.js';
import { input } from './input.js';

const p = (params: object) => ({ metric: 'poor_rate', ...params }) as never;

describe('level', () => {
  it('passes when the deadline year meets the bound', () => {
    const r = level.evaluate(p({ year: 2025, below: 20 }), input([[2024, 21], [2025, 18]]));
    expect([r.status, r.observed, r.observedYear]).toEqual(['pass', 18, 2025]);
  });

  it('fails "below 20" at exactly 20, and passes "at_most 20" there', () => {
    expect(level.evaluate(p({ year: 2025, below: 20 }), input([[2025, 20]])).status).toBe('fail');
    expect(level.evaluate(p({ year: 2025, at_most: 20 }), input([[2025, 20]])).status).toBe('pass');
  });

  it('fails a year of a range at once, before the deadline', () => {
    const r = level.evaluate(p({ years: [2022, 2025], at_least: 100 }), input([[2022, 100], [2023, 98]]));
    expect([r.status, r.observed, r.observedYear]).toEqual(['fail', 98, 2023]);
    expect(r.details.map((d) => [d.year, d.status])).toEqual([[2022, 'pass'], [2023, 'fail']]);
  });

  it('is pending with a straight-line projection when the deadline is later than the data', () => {
    // 38.33 → 30 is −8.33 pp a year: 5.0 in 2025, below 20, on track; 10 pp left over 3 years
    const r = level.evaluate(p({ year: 2025, below: 20 }), input([[2021, 115 / 3], [2022, 30]]));
    expect(r.status).toBe('pending');
    expect([r.observed, r.observedYear]).toEqual([30, 2022]);
    expect(r.projection!.year).toBe(2025);
    expect(r.projection!.value).toBeCloseTo(5, 10);
    expect(r.projection!.onTrack).toBe(true);
    expect(r.projection!.neededPerYear).toBeCloseTo(10 / 3, 10);
    expect(r.projection!.fromYear).toBe(2022);
  });

  it('projects nothing from a single year, and still says the pace needed', () => {
    const r = level.evaluate(p({ year: 2025, below: 20 }), input([[2022, 26]]));
    expect(r.status).toBe('pending');
    expect(r.projection).toEqual({ year: 2025, value: null, onTrack: null, neededPerYear: 2, fromYear: 2022 });
  });

  it('is no-data when a needed year is missing', () => {
    const r = level.evaluate(p({ years: [2022, 2025], below: 10 }), input([[2022, 5], [2024, 6]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonYearMissing', params: { year: 2023 } }]);
  });

  it('is no-data when the figure is under another standard, unless across_standards', () => {
    const series = input([[2021, 4, 'vn-2016-2020']]);
    const r = level.evaluate(p({ year: 2021, below: 5 }), series);
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonDifferentStandards', params: { year: 2021, standard: 'vn-2016-2020', expected: 'vn-2022-2025' } }]);
    expect(level.evaluate(p({ year: 2021, below: 5 }), { ...series, acrossStandards: true }).status).toBe('pass');
  });

  it('compares within the tolerance: 99.99999999999 meets at least 100', () => {
    expect(level.evaluate(p({ year: 2025, at_least: 100 }), input([[2025, 99.99999999999]])).status).toBe('pass');
    expect(level.evaluate(p({ year: 2025, at_least: 100 }), input([[2025, 99.9999]])).status).toBe('fail');
  });

  it('checks its parameters: one year form, one bound', () => {
    expect(level.check!(p({ year: 2025, years: [2022, 2025], below: 1 }))).toEqual([['year', 'ruleOneYearForm']]);
    expect(level.check!(p({ year: 2025, below: 1, above: 0 }))).toEqual([['below', 'ruleOneBound']]);
    expect(level.check!(p({ years: [2025, 2022], below: 1 }))).toEqual([['years', 'ruleRangeOrder']]);
  });
});
