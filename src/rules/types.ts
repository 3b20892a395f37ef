// What a rule module is, and what it gets and gives. Rules are pure: no I/O, no printing.
import type { z } from 'zod';
import type { MessageId } from '../i18n/messages.js';
import type { MetricKind } from '../evaluate/metrics.js';

export type Status = 'pass' | 'fail' | 'pending' | 'no-data';

/** One figure of the unit's series: the metric's value in a review year, under a standard. */
export interface Point {
  year: number;
  value: number | null;
  standard: string | null;
  /** why the value is missing when the data cannot give it (e.g. crosswalk ambiguity) */
  reason?: Reason;
}

export interface RuleInput {
  /** the unit's series for the target's metric and group, by year (years ≤ latestYear only) */
  series: Point[];
  /** latest review year of the unit's data: later years are in the future */
  latestYear: number;
  /** the standard the target's figures are stated in */
  standard: string;
  /** the target allows comparing figures measured under different standards */
  acrossStandards: boolean;
  metricKind: MetricKind;
  /** the other unit's series, for `compare` */
  reference?: Point[];
  referenceName?: string;
}

export interface Projection {
  year: number;
  /** straight-line value of the metric at the deadline, or null with fewer than two points */
  value: number | null;
  onTrack: boolean | null;
  /** change still needed per year from the latest year, as a reduction (positive = must fall) */
  neededPerYear: number | null;
  fromYear: number;
}

export interface Detail {
  year: number;
  value: number | null;
  /** the yearly cut (annual-reduction) or the reference value (compare) */
  change?: number | null;
  reference?: number | null;
  status: Status;
  standard?: string | null;
}

export interface Reason {
  code: MessageId;
  params: Record<string, string | number>;
}

export interface RuleOutcome {
  status: Status;
  observed: number | null;
  observedYear: number | null;
  /** the bound as numbers (below, at_least, min, year...) */
  expected: Record<string, number | string | boolean | null>;
  details: Detail[];
  projection: Projection | null;
  reason: Reason | null;
  /** set when an annual cut went beyond `max`: over-achievement, still a pass */
  exceeded?: boolean;
}

/** zod, handed to a rule's parameter schemas: rules are evaluated without loading it (only reading a ruleset's YAML needs it) */
export type ZodApi = typeof z;

export interface RuleModule<P extends z.ZodRawShape = z.ZodRawShape> {
  id: string;
  description: string;
  /** the rule's own parameters (the target's fields beyond the common ones), as zod shapes made with the zod given */
  params: (z: ZodApi) => P;
  /** cross-field checks zod shapes cannot say; returns [field, message id] pairs */
  check?(params: z.infer<z.ZodObject<P>>): [string, MessageId][];
  evaluate(params: z.infer<z.ZodObject<P>>, input: RuleInput): RuleOutcome;
}
