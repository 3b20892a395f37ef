// The classification stage: a household record → its status under the standard of its review year.
import type { Finding, HouseholdRecord, Reject } from '../input/types.js';
import { INDICATOR_BITS } from '../input/load.js';
import { classify, standardById, standardForReviewYear, STANDARDS, type PovertyStandard, type Status } from '../standards/index.js';

export interface Classified {
  status: Status;
  /** the status computed from income and deprivations, when they allowed it */
  computed: Status | undefined;
  /** deprivations counted from the d_* flags, when they were */
  deprivationCount: number | undefined;
  standard: PovertyStandard;
}

export interface ClassifierOptions {
  /** `--standard`: one standard for every row of the file */
  standard?: string;
  standards?: readonly PovertyStandard[];
}

/** The `ok` outcome is one object reused from row to row: use it before classifying the next row. */
export type ClassifyOutcome = { ok: Classified } | { reject: Omit<Reject, 'file' | 'line'> };

function popcount(n: number): number {
  let count = 0;
  while (n) {
    n &= n - 1;
    count++;
  }
  return count;
}

/**
 * A classifier for one file. `presentColumns` are the file's canonical columns; a standard whose
 * indicator columns are partly absent gets one finding (absent flags count as not deprived).
 */
export function makeClassifier(options: ClassifierOptions, presentColumns: Set<string>, file: string, onFinding: (f: Finding) => void) {
  const standards = options.standards ?? STANDARDS;
  const forced = options.standard ? standardById(options.standard, standards) : undefined;
  const masks = new Map<string, number>();
  const warned = new Set<string>();
  const hasFlags = INDICATOR_BITS.some((c) => presentColumns.has(c));

  const maskOf = (standard: PovertyStandard): number => {
    let mask = masks.get(standard.id);
    if (mask === undefined) {
      mask = 0;
      for (const indicator of standard.indicators) mask |= 1 << INDICATOR_BITS.indexOf(indicator.column);
      masks.set(standard.id, mask);
      const missing = standard.indicators.filter((i) => !presentColumns.has(i.column)).map((i) => i.column);
      if (hasFlags && missing.length && !warned.has(standard.id)) {
        warned.add(standard.id);
        onFinding({ file, code: 'indicatorsMissing', params: { standard: standard.id, indicators: missing.join(', ') } });
      }
    }
    return mask;
  };

  // the standard of the last review year seen: files come in long runs of one year
  let lastYear = NaN;
  let lastStandard: PovertyStandard | undefined;
  let lastMaskStandard: PovertyStandard | undefined;
  let lastMask = 0;
  // one outcome object, filled in for each row: the caller uses it before asking for the next
  const ok: Classified = { status: 'non_poor', computed: undefined, deprivationCount: undefined, standard: standards[0] };
  const outcome = { ok };
  /** The standard a row is classified under: `--standard`, its `standard` cell, or its review year's. */
  const standardFor = (year: number, given: string | null): PovertyStandard | undefined => {
    const standard = forced ?? (given ? standardById(given, standards) : undefined);
    if (standard) return standard;
    if (year !== lastYear) {
      lastYear = year;
      lastStandard = standardForReviewYear(year, standards);
    }
    return lastStandard;
  };
  const classifyRecord = (record: HouseholdRecord): ClassifyOutcome => {
    const standard = standardFor(record.year, record.standard);
    if (!standard) return { reject: { column: 'year', value: String(record.year), code: 'noStandardForYear', params: { year: record.year } } };
    if (standard !== lastMaskStandard) {
      lastMaskStandard = standard;
      lastMask = maskOf(standard);
    }
    const deprivationCount = record.deprivationMask !== null ? popcount(record.deprivationMask & lastMask) : undefined;
    const deprivations = deprivationCount ?? record.deprivationCount ?? undefined;
    let computed: Status | undefined;
    if (record.income !== null && record.area !== null) computed = classify(standard, record.area, record.income, deprivations);
    const status = record.status ?? computed;
    if (!status) {
      const missing =
        record.income === null ? 'income_per_capita / status'
        : record.area === null ? 'area'
        : 'deprivations (d_* columns or deprivation_count)';
      const column = record.income === null ? 'income_per_capita' : record.area === null ? 'area' : 'deprivation_count';
      return { reject: { column, value: '', code: 'cannotClassify', params: { missing } } };
    }
    if (record.status && computed && record.status !== computed) {
      onFinding({ file: record.file, line: record.line, column: 'status', code: 'statusDisagrees', params: { given: record.status, computed, standard: standard.id } });
    }
    ok.status = status;
    ok.computed = computed;
    ok.deprivationCount = deprivationCount;
    ok.standard = standard;
    return outcome;
  };
  // the fast reader's fused row handler classifies with the same standards and deprivation masks
  return Object.assign(classifyRecord, { standardFor, maskOf });
}

export type Classifier = ReturnType<typeof makeClassifier>;
