// The explicit, sorted registry of rule modules: one file per `rule:` id.
import { annualReduction } from './annual-reduction.js';
import { compare } from './compare.js';
import { level } from './level.js';
import { relativeReduction } from './relative-reduction.js';
import { stated } from './stated.js';
import type { RuleModule } from './types.js';

export const RULES: ReadonlyMap<string, RuleModule> = new Map(
  ([annualReduction, compare, level, relativeReduction, stated] as unknown as RuleModule[]).map((rule) => [rule.id, rule]),
);
export const RULE_IDS = [...RULES.keys()];
