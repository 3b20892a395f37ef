// The evaluation stage: every target of every ruleset, on the unit it binds, → one result.
import type { Group } from '../input/types.js';
import { RULES } from '../rules/index.js';
import type { Point, Reason, RuleOutcome, Status } from '../rules/types.js';
import type { Ruleset, ScopeValue, Target } from '../rulesets/schema.js';
import { tallyKey, type Tallies } from '../tally/tally.js';
import { unitRef, type Level, type Unit, type UnitRef, type UnitTree } from '../tally/units.js';
import { METRICS } from './metrics.js';

export interface Result extends RuleOutcome {
  ruleset: string;
  target: string;
  title: Target['title'] | null;
  rule: string;
  unit: UnitRef;
  group: Group;
  metric: string;
  standard: string;
  params: Record<string, unknown>;
  quote: string;
  /** where the target is written in its ruleset, for annotations */
  source: { file: string; line: number };
  /** the unit's yearly values of the metric for the group (for charts), and the other unit's for compare */
  series: Point[];
  referenceSeries: Point[] | null;
}

/** Figures the evaluation reads: the user's data, and the national reference series. */
export interface Figures {
  tree: UnitTree;
  tallies: Tallies;
  reference?: { tree: UnitTree; tallies: Tallies };
  /** with a crosswalk, `tree`/`tallies` are the old-units view and this is the data as given (new units) */
  asGiven?: { tree: UnitTree; tallies: Tallies };
  /** share of a unit's households that may be left unattributed before its figure is no-data (default 0) */
  maxAmbiguousShare?: number;
}

/** A scope names the whole country when it says so or names no province. */
export const namesCountry = (scope: ScopeValue) => scope.country === true || !scope.province;

function scopeRef(scope: ScopeValue): UnitRef {
  if (namesCountry(scope)) return { level: 'country', name: 'Việt Nam', path: [] };
  const path = [scope.province, scope.district, scope.commune].filter((n): n is string => Boolean(n));
  const level: Level = scope.commune ? 'commune' : scope.district ? 'district' : 'province';
  return { level, name: path[path.length - 1], path };
}

function series(tallies: Tallies, unit: Unit, group: Group, metric: string, years: number[], maxAmbiguousShare = 0): Point[] {
  const m = METRICS.get(metric)!;
  const points: Point[] = [];
  for (const year of years) {
    const t = tallies.get(tallyKey(unit.id, year, group));
    if (!t) continue;
    if (t.crosswalk && t.crosswalk.share > maxAmbiguousShare + 1e-12) {
      const share = `${Math.round(t.crosswalk.share * 1000) / 10} %`;
      points.push({ year, value: null, standard: t.standard, reason: { code: 'reasonAmbiguous', params: { year, share, unit: unit.path.join(' / ') } } });
    } else points.push({ year, value: m.value(t), standard: t.standard });
  }
  return points;
}

const noData = (reason: Reason): RuleOutcome => ({ status: 'no-data', observed: null, observedYear: null, expected: {}, details: [], projection: null, reason });

/** The reference unit of a compare target: the data's own, or for the whole country the bundled series. */
function referenceSeries(figures: Figures, against: ScopeValue, group: Group, metric: string): { points: Point[]; name: string } {
  const ref = scopeRef(against);
  if (ref.level === 'country') {
    const own = figures.tree.country;
    // Household rows roll up to a "country" that is only the sum of the files given: national
    // figures come from national summary rows, or else from the bundled reference series.
    const ownYears = figures.tallies.yearsOf(own.id).filter((y) => figures.tallies.get(tallyKey(own.id, y, group))?.source === 'summary');
    if (ownYears.length) return { points: series(figures.tallies, own, group, metric, ownYears), name: own.name };
    if (figures.reference) {
      const country = figures.reference.tree.country;
      return { points: series(figures.reference.tallies, country, group, metric, figures.reference.tallies.yearsOf(country.id)), name: country.name };
    }
    return { points: [], name: ref.name };
  }
  const unit = figures.tree.find(against);
  return unit ? { points: series(figures.tallies, unit, group, metric, figures.tallies.yearsOf(unit.id)), name: unit.path.join(' / ') } : { points: [], name: ref.path.join(' / ') };
}

export function evaluate(rulesets: Ruleset[], figures: Figures): Result[] {
  const results: Result[] = [];
  for (const ruleset of rulesets) {
    for (const target of ruleset.targets) {
      const scope = target.scope ?? ruleset.scope;
      const standard = target.standard ?? ruleset.standard;
      // Scopes name units as the documents wrote them (old units); a new unit's name is found in the data as given.
      let view: { tree: UnitTree; tallies: Tallies } = figures;
      let unit = figures.tree.find(scope);
      if ((!unit || figures.tallies.yearsOf(unit.id).length === 0) && figures.asGiven) {
        const given = figures.asGiven.tree.find(scope);
        if (given) {
          unit = given;
          view = figures.asGiven;
        }
      }
      const rule = RULES.get(target.rule)!;
      const metric = METRICS.get(target.metric)!;
      let outcome: RuleOutcome;
      const ref = unit ? unitRef(unit) : scopeRef(scope);
      const years = unit ? view.tallies.yearsOf(unit.id) : [];
      const maxAmbiguousShare = target.max_ambiguous_share ?? figures.maxAmbiguousShare ?? 0;
      let points: Point[] = [];
      let reference: { points: Point[]; name: string } | undefined;
      if (!unit || years.length === 0) {
        outcome = noData({ code: 'reasonUnitMissing', params: { unit: ref.path.join(' / ') || ref.name } });
      } else {
        points = series(view.tallies, unit, target.group, target.metric, years, maxAmbiguousShare);
        if (points.length === 0) outcome = noData({ code: 'reasonGroupMissing', params: { group: target.group, unit: ref.path.join(' / ') } });
        else if (points.every((p) => p.value === null && !p.reason)) outcome = noData({ code: 'reasonMetricMissing', params: { metric: target.metric } });
        else {
          const against = (target.params as { against?: ScopeValue }).against;
          reference = against ? referenceSeries(figures, against, target.group, target.metric) : undefined;
          outcome = rule.evaluate(target.params as never, {
            series: points,
            latestYear: years[years.length - 1],
            standard,
            acrossStandards: target.across_standards,
            metricKind: metric.kind,
            reference: reference?.points,
            referenceName: reference?.name,
          });
        }
      }
      // A no-data before evaluation still shows the bound the target sets.
      if (Object.keys(outcome.expected).length === 0) outcome.expected = { ...(target.params as Record<string, number | string | boolean | null>) };
      results.push({
        ...outcome,
        ruleset: ruleset.id, target: target.id, title: target.title ?? null, rule: target.rule, unit: ref, group: target.group,
        metric: target.metric, standard, params: target.params, quote: target.quote, source: { file: ruleset.file, line: target.line },
        series: points, referenceSeries: reference?.points ?? null,
      });
    }
  }
  return results;
}

export function countStatuses(results: Result[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, pending: 0, 'no-data': 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
