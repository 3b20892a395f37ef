// The reference of rules and metrics, generated from the rule modules and the metric table
// (`povcheck rules docs`, committed as docs/rules.md; a test fails when the copy drifts).
import { z } from 'zod';
import { METRICS } from '../evaluate/metrics.js';
import { RULES } from '../rules/index.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  const?: unknown;
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (schema.prefixItems) return `[${schema.prefixItems.map(typeOf).join(', ')}]`;
  if (schema.type === 'object' && schema.properties) return `{ ${Object.entries(schema.properties).map(([k, v]) => `${k}: ${typeOf(v)}`).join(', ')} }`;
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${schema.minimum}–${schema.maximum}` : schema.exclusiveMinimum !== undefined ? ` > ${schema.exclusiveMinimum}` : schema.minimum !== undefined ? ` ≥ ${schema.minimum}` : '';
  return `${schema.type === 'integer' ? 'whole number' : (schema.type ?? 'any')}${range}`;
}

export function rulesDoc(): string {
  const lines = ['# Rules and metrics', '', '<!-- Generated from src/rules/ and src/evaluate/metrics.ts by `povcheck rules docs`: do not edit. -->', ''];
  lines.push('Every target also takes `id`, `title`, `quote`, `rule`, `group`, `scope`, `standard`, `across_standards`, `max_ambiguous_share` and `note` (see `schema/ruleset.schema.json`).', '');
  for (const rule of RULES.values()) {
    const schema = z.toJSONSchema(z.object(rule.params(z)), { io: 'input' }) as JsonSchema;
    lines.push(`## \`${rule.id}\``, '', rule.description, '', '| parameter | value | required | default |', '|---|---|---|---|');
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      lines.push(`| \`${name}\` | ${typeOf(property)} | ${schema.required?.includes(name) ? 'yes' : 'no'} | ${property.default === undefined ? '' : `\`${String(property.default)}\``} |`);
    }
    lines.push('');
  }
  lines.push('## Metrics', '', 'Rates are percent (49.98 means 49.98 %); reductions are percentage points unless a rule says otherwise.', '', '| metric | kind | definition |', '|---|---|---|');
  for (const metric of METRICS.values()) lines.push(`| \`${metric.id}\` | ${metric.kind} | ${metric.description} |`);
  return lines.join('\n') + '\n';
}
