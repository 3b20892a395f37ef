import { describe, expect, it } from 'vitest';
import { relativeReduction } from '../../src/rules/relative-reduction.js';
import { input } from './input.js';

const p = (params: object) => ({ metric: 'poor_near_poor_rate', baseline: 2021, year: 2030, factor: 0.5, ...params }) as never;

describe('relative-reduction', () => {
  it('passes at exactly half, fails just above', () => {
    const pass = relativeReduction.evaluate(p({}), input([[2021, 10], [2030, 5]], { acrossStandards: true }));
    expect([pass.status, pass.observed, pass.observedYear]).toEqual(['pass', 0.5, 2030]);
    const fail = relativeReduction.evaluate(p({}), input([[2021, 10], [2030, 5.01]], { acrossStandards: true }));
    expect([fail.status, fail.observed]).toEqual(['fail', 0.501]);
  });

  it('is pending with the projected value against half the baseline', () => {
    const r = relativeReduction.evaluate(p({}), input([[2021, 57.5], [2022, 55]]));
    expect(r.status).toBe('pending');
    expect(r.observed).toBeCloseTo(55 / 57.5, 12);
    expect(r.expected.goal).toBe(28.75);
    // −2.5 a year for 8 years: 55 − 20 = 35 in 2030 > 28.75, off track; (55 − 28.75) / 8 needed
    expect(r.projection!.value).toBeCloseTo(35, 10);
    expect(r.projection!.onTrack).toBe(false);
    expect(r.projection!.neededPerYear).toBeCloseTo(26.25 / 8, 10);
  });

  it('is no-data across a change of standard unless the target allows it', () => {
    const series = input([[2021, 10], [2030, 4, 'vn-2027-2030']]);
    expect(relativeReduction.evaluate(p({}), series).reason?.code).toBe('reasonDifferentStandards');
    expect(relativeReduction.evaluate(p({}), { ...series, acrossStandards: true }).status).toBe('pass');
  });

  it('is no-data without the baseline', () => {
    const r = relativeReduction.evaluate(p({}), input([[2022, 10]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonBaselineMissing', params: { year: 2021 } }]);
  });
});
