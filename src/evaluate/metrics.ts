// Metrics: how each figure a target names is computed from a tally. Rates are percent.
import type { Tally } from '../tally/tally.js';

export type MetricKind = 'rate' | 'count';

export interface Metric {
  id: string;
  kind: MetricKind;
  description: string;
  value(t: Tally): number | null;
}

const ratio = (numerator: number | null, denominator: number | null) =>
  numerator === null || denominator === null || denominator === 0 ? null : (numerator / denominator) * 100;
const sum = (...values: (number | null)[]) => (values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));
/** Coverage: met ÷ need × 100; 100 when nobody needed it. */
const coverage = (met: number | null, need: number | null) => (need === null || met === null ? null : need === 0 ? 100 : (met / need) * 100);

const list: Metric[] = [
  { id: 'households', kind: 'count', description: 'households in the unit (and group)', value: (t) => t.households },
  { id: 'poor', kind: 'count', description: 'poor households at year end', value: (t) => t.poor },
  { id: 'near_poor', kind: 'count', description: 'near-poor households at year end', value: (t) => t.nearPoor },
  { id: 'poor_rate', kind: 'rate', description: 'poor ÷ households × 100', value: (t) => t.poorRate },
  { id: 'near_poor_rate', kind: 'rate', description: 'near-poor ÷ households × 100', value: (t) => t.nearPoorRate },
  {
    id: 'poor_near_poor_rate', kind: 'rate', description: '(poor + near-poor) ÷ households × 100 (tỷ lệ nghèo đa chiều)',
    value: (t) => ratio(sum(t.poor, t.nearPoor), t.households) ?? sum(t.poorRate, t.nearPoorRate),
  },
  {
    id: 're_poverty_share', kind: 'rate', description: '(re-poor + re-near-poor) ÷ (poor + near-poor) × 100',
    value: (t) => ratio(sum(t.rePoor, t.reNearPoor), sum(t.poor, t.nearPoor)),
  },
  { id: 'escaped', kind: 'count', description: 'households that escaped poverty in the year', value: (t) => t.escaped },
  { id: 're_poor', kind: 'count', description: 'households poor again after having escaped', value: (t) => t.rePoor },
  { id: 'new_poor', kind: 'count', description: 'newly poor households', value: (t) => t.newPoor },
  { id: 'escaped_near_poor', kind: 'count', description: 'households that left near-poverty', value: (t) => t.escapedNearPoor },
  { id: 're_near_poor', kind: 'count', description: 'households near-poor again', value: (t) => t.reNearPoor },
  { id: 'new_near_poor', kind: 'count', description: 'newly near-poor households', value: (t) => t.newNearPoor },
  { id: 'loan_coverage', kind: 'rate', description: 'households that received a loan ÷ households that needed one × 100', value: (t) => coverage(t.loanMet, t.loanNeed) },
  { id: 'training_coverage', kind: 'rate', description: 'vocational training received ÷ needed × 100', value: (t) => coverage(t.trainingMet, t.trainingNeed) },
  { id: 'extremely_difficult_communes', kind: 'count', description: 'communes flagged extremely difficult (xã đặc biệt khó khăn) in the unit', value: (t) => t.extremelyDifficult },
];

export const METRICS: ReadonlyMap<string, Metric> = new Map(list.map((m) => [m.id, m]));
export const METRIC_IDS = list.map((m) => m.id) as [string, ...string[]];
