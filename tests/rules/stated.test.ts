import { describe, expect, it } from 'vitest';
import { stated } from '../../src/rules/stated.js';
import { input } from './input.js';

describe('stated', () => {
  it('reproduces a rate within 0.005 (two decimals as stated)', () => {
    // A Lưới 2021: 7,022 of 14,050 households = 49.97865 %, stated as 49,98 %
    const r = stated.evaluate({ metric: 'poor_rate', year: 2021, value: 49.98 } as never, input([[2021, (7022 / 14050) * 100]]));
    expect([r.status, r.expected.tolerance]).toEqual(['pass', 0.005]);
    expect(stated.evaluate({ metric: 'poor_rate', year: 2021, value: 49.97 } as never, input([[2021, 49.98]])).status).toBe('fail');
  });

  it('reproduces a count exactly', () => {
    const counts = (value: number) => input([[2021, value]], { metricKind: 'count' });
    expect(stated.evaluate({ metric: 'poor', year: 2021, value: 7022 } as never, counts(7022)).status).toBe('pass');
    expect(stated.evaluate({ metric: 'poor', year: 2021, value: 7022 } as never, counts(7021)).status).toBe('fail');
  });

  it('reproduces an average cut: (35.04 − 14.82) ÷ 5 = 4.044 ≈ 4,04', () => {
    const series = input([[2015, 35.04, 'vn-2016-2020'], [2020, 14.82, 'vn-2016-2020']], { standard: 'vn-2016-2020' });
    const r = stated.evaluate({ metric: 'poor_rate', from: 2015, to: 2020, average_reduction: 4.04 } as never, series);
    expect(r.status).toBe('pass');
    expect(r.observed).toBeCloseTo(4.044, 12);
  });

  it('is no-data when the year is not in the data', () => {
    const r = stated.evaluate({ metric: 'poor_rate', year: 2015, value: 6.67 } as never, input([[2021, 2.5]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonYearMissing', params: { year: 2015 } }]);
  });

  it('checks that one of the two forms is given whole', () => {
    expect(stated.check!({ metric: 'poor_rate', year: 2021 } as never)).toEqual([['value', 'ruleStatedPair']]);
    expect(stated.check!({ metric: 'poor_rate', year: 2021, value: 1, from: 2015 } as never)).toEqual([['year', 'ruleStatedForm']]);
  });
});
