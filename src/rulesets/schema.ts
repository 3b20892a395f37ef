// The YAML format of a ruleset, as zod schemas. The JSON Schema in schema/ is generated from these.
import { z } from 'zod';
import { GROUPS } from '../input/types.js';
import { RULES } from '../rules/index.js';
import { unitSelector } from '../rules/compare.js';
import type { RuleModule } from '../rules/types.js';
import { STANDARD_IDS } from '../standards/index.js';

// Each document is validated once: zod's generated validators cost more to build (~10 ms at start-up)
// than they save.
z.config({ jitless: true });

const KebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id (lower-case letters, digits and "-")');
const LocalText = z.union([z.string(), z.strictObject({ vi: z.string(), en: z.string().optional() })]);

export const Scope = unitSelector(z);

export const Document = z.strictObject({
  number: z.string(),
  issuer: z.string(),
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a date as YYYY-MM-DD').optional(),
  title: LocalText.optional(),
  also_cited_as: z.array(z.string()).optional(),
  source: z.string().optional(),
});

/** Fields every target has, whatever its rule. */
export const COMMON_TARGET_FIELDS = {
  id: KebabId,
  title: LocalText.optional(),
  quote: z.string().min(1),
  rule: z.string(),
  group: z.enum(GROUPS as [string, ...string[]]).default('all'),
  scope: Scope.optional(),
  standard: z.enum(STANDARD_IDS as [string, ...string[]]).optional(),
  across_standards: z.boolean().default(false),
  /** with a crosswalk: the share of the unit's households that may stay unattributed (default: --max-ambiguous-share, 0) */
  max_ambiguous_share: z.number().min(0).max(1).optional(),
  note: z.string().optional(),
};

/** A rule's own parameters as zod shapes. */
export const ruleParams = (rule: RuleModule) => rule.params(z);

export function targetSchema(rule: RuleModule) {
  return z.strictObject({ ...COMMON_TARGET_FIELDS, rule: z.literal(rule.id), ...ruleParams(rule) });
}

export const RulesetHead = z.strictObject({
  id: KebabId,
  document: Document,
  scope: Scope,
  standard: z.enum(STANDARD_IDS as [string, ...string[]]),
  targets: z.array(z.unknown()).min(1),
});

/** The whole format, for the JSON Schema that editors use to complete the YAML. */
export function fullRulesetSchema() {
  const targets = [...RULES.values()].map(targetSchema);
  return RulesetHead.extend({ targets: z.array(z.discriminatedUnion('rule', targets as unknown as [ReturnType<typeof targetSchema>])).min(1) });
}

export type LocalTextValue = z.infer<typeof LocalText>;
export type ScopeValue = z.infer<typeof Scope>;

export interface Target {
  id: string;
  title?: LocalTextValue;
  quote: string;
  rule: string;
  group: (typeof GROUPS)[number];
  scope?: ScopeValue;
  standard?: string;
  across_standards: boolean;
  max_ambiguous_share?: number;
  note?: string;
  metric: string;
  /** the rule's own parameters, validated by its schema */
  params: Record<string, unknown>;
  /** where the target starts in its file */
  line: number;
}

export interface Ruleset {
  id: string;
  file: string;
  document: z.infer<typeof Document>;
  scope: ScopeValue;
  standard: string;
  targets: Target[];
}

export function rulesetJsonSchema(): unknown {
  return z.toJSONSchema(fullRulesetSchema(), { target: 'draft-2020-12', io: 'input' });
}
