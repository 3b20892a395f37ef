// Parsing of the options shared by several commands; a bad value is a PovcheckError (exit 2).
import { PovcheckError } from '../errors.js';
import { ENCODINGS, type Encoding } from '../input/decode.js';
import type { DecimalMark } from '../input/normalize.js';
import { FIRST_REVIEW_YEAR } from '../input/types.js';
import type { Delimiter } from '../input/reader.js';
import { STANDARD_IDS } from '../standards/index.js';
import type { DataOptions } from '../pipeline.js';
import { resolveLang } from '../i18n/messages.js';

export interface CommonOptions {
  data?: string[];
  encoding?: string;
  delimiter?: string;
  decimal?: string;
  standard?: string;
  standardsFile?: string;
  crosswalk?: string;
  asOf?: string;
  lang?: string;
  format?: string | string[];
  output?: string;
  color?: boolean;
  quiet?: boolean;
}

export function choice<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new PovcheckError('badOption', { option, value, expected: allowed.join(' | ') });
  return value as T;
}

export function share(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new PovcheckError('badOption', { option, value, expected: 'a share from 0 to 1 (or 0 % to 100 %)' });
  return n;
}

export function wholeNumber(option: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new PovcheckError('badOption', { option, value, expected: `a whole number ≥ ${min}` });
  return Number(value);
}

/** The data options, with the standards of --standards-file when given. */
export async function dataOptions(options: CommonOptions): Promise<DataOptions> {
  // loaded only when asked for: the YAML and zod modules cost a tenth of a second to load
  const standards = options.standardsFile ? await (await import('../standards/overrides.js')).loadStandardOverrides(options.standardsFile, resolveLang(options.lang, process.env)) : undefined;
  const crosswalk = options.crosswalk ? await (await import('../crosswalk/crosswalk.js')).loadCrosswalk(options.crosswalk) : undefined;
  return { ...plainDataOptions(options), standards, crosswalk };
}

function plainDataOptions(options: CommonOptions): DataOptions {
  const delimiterName = options.delimiter === 'tab' || options.delimiter === '\\t' ? '\t' : options.delimiter;
  return {
    encoding: choice<Encoding>('--encoding', options.encoding?.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^cp1258$/, 'windows-1258'), ENCODINGS),
    delimiter: choice<Delimiter>('--delimiter', delimiterName, [',', ';', '\t']),
    decimal: choice<DecimalMark>('--decimal', options.decimal, [',', '.']),
    standard: choice('--standard', options.standard, STANDARD_IDS),
    asOf: wholeNumber('--as-of', options.asOf, FIRST_REVIEW_YEAR),
  };
}

export function requireData(options: CommonOptions): string[] {
  if (!options.data || options.data.length === 0) throw new PovcheckError('noDataFiles');
  return options.data;
}
