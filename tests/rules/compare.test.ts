import { describe, expect, it } from 'vitest';
import { compare } from '../../src/rules/compare.js';
import { input } from './input.js';

const national = [
  { year: 2022, value: 7.52, standard: 'vn-2022-2025' },
  { year: 2023, value: 5.71, standard: 'vn-2022-2025' },
  { year: 2024, value: 4.06, standard: 'vn-2022-2025' },
];
const p = (params: object) => ({ metric: 'poor_near_poor_rate', against: { country: true }, relation: 'below', ...params }) as never;
const withReference = (points: [number, number][]) => input(points, { reference: national, referenceName: 'Việt Nam' });

describe('compare', () => {
  it('passes below the other unit and fails at the same value', () => {
    const r = compare.evaluate(p({ year: 2024 }), withReference([[2024, 4.0]]));
    expect(r.details).toEqual([{ year: 2024, value: 4, reference: 4.06, status: 'pass' }]);
    expect(r.status).toBe('pass');
    expect(compare.evaluate(p({ year: 2024 }), withReference([[2024, 4.06]])).status).toBe('fail');
    expect(compare.evaluate(p({ year: 2024, relation: 'at_most' }), withReference([[2024, 4.06]])).status).toBe('pass');
  });

  it('is no-data when the other unit has no figure for the year', () => {
    const r = compare.evaluate(p({ year: 2021 }), withReference([[2021, 3]]));
    expect([r.status, r.reason]).toEqual(['no-data', { code: 'reasonReferenceMissing', params: { unit: 'Việt Nam', year: 2021 } }]);
  });

  it('is pending before the deadline; on track is unknown without the reference value then', () => {
    const r = compare.evaluate(p({ year: 2025 }), withReference([[2022, 6], [2023, 5]]));
    expect(r.status).toBe('pending');
    expect(r.projection!.value).toBeCloseTo(3, 10);
    expect(r.projection!.onTrack).toBeNull();
  });
});
