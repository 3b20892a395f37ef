// The input stage: one CSV file → typed household or summary records, rejects and a file report.
import { PovcheckError } from '../errors.js';
import type { MessageId } from '../i18n/messages.js';
import { STANDARD_IDS } from '../standards/index.js';
import type { Status } from '../standards/types.js';
import { INDICATOR_COLUMNS, mapHeader, type FileKind, type HeaderMapping } from './columns.js';
import { INVALID_MARK, type Encoding } from './decode.js';
import { categoryKey, decimalEvidence, parseNumber, parseYesNo, type DecimalMark } from './normalize.js';
import { readCsvWithCsvParse, type CsvFormat, type CsvReader, type Delimiter } from './reader.js';
import { FIRST_REVIEW_YEAR, GROUPS, LAST_REVIEW_YEAR, type FileReport, type Group, type HouseholdRecord, type Params, type Reject, type SummaryRecord, type Transition } from './types.js';

export interface LoadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  decimal?: DecimalMark;
  /** keep the raw fields on household records (for `classify`) */
  keepFields?: boolean;
  reader?: CsvReader;
}

export interface LoadHandlers {
  /** Return a reject to refuse a record the later stages cannot use (e.g. not classifiable). */
  household?(record: HouseholdRecord): Omit<Reject, 'file' | 'line'> | undefined;
  summary?(record: SummaryRecord): Omit<Reject, 'file' | 'line'> | undefined;
  header?(header: string[], mapping: HeaderMapping): void;
  reject?(reject: Reject): void;
}

/** Deprivation columns in bit order: bit i of `deprivationMask` is INDICATOR_BITS[i]. */
export const INDICATOR_BITS = Object.keys(INDICATOR_COLUMNS);

const COUNTRY_NAMES = new Set(['viet_nam', 'ca_nuoc', 'toan_quoc', 'vietnam']);
export function isCountryName(name: string): boolean {
  return COUNTRY_NAMES.has(categoryKey(name));
}

export const STATUS_VALUES: Record<string, Status> = {
  poor: 'poor', ho_ngheo: 'poor', ngheo: 'poor',
  near_poor: 'near_poor', ho_can_ngheo: 'near_poor', can_ngheo: 'near_poor',
  non_poor: 'non_poor', khong_ngheo: 'non_poor', ho_khong_ngheo: 'non_poor', trung_binh: 'non_poor', ho_trung_binh: 'non_poor',
};
export const TRANSITION_VALUES: Record<string, Transition> = {
  escaped: 'escaped', thoat_ngheo: 'escaped',
  re_poor: 're_poor', tai_ngheo: 're_poor',
  new_poor: 'new_poor', ngheo_phat_sinh: 'new_poor', phat_sinh_ngheo: 'new_poor',
  escaped_near_poor: 'escaped_near_poor', thoat_can_ngheo: 'escaped_near_poor',
  re_near_poor: 're_near_poor', tai_can_ngheo: 're_near_poor',
  new_near_poor: 'new_near_poor', can_ngheo_phat_sinh: 'new_near_poor', phat_sinh_can_ngheo: 'new_near_poor',
};
export const AREA_VALUES: Record<string, 'urban' | 'rural'> = { urban: 'urban', thanh_thi: 'urban', '1': 'urban', rural: 'rural', nong_thon: 'rural', '2': 'rural' };

/** Columns holding numbers, whose cells give evidence of the decimal convention. */
const NUMERIC_COLUMNS = ['income_per_capita', 'households', 'poor', 'near_poor', 'poor_rate', 'near_poor_rate', 'household_size'];
const DECIMAL_SAMPLE_ROWS = 500;

class CellError {
  constructor(readonly code: MessageId, readonly params: Params = {}) {}
}

/** Reads cells of one row by canonical column; throws CellError with the column for a bad cell. */
class RowReader {
  fields: string[] = [];
  column = '';
  constructor(private readonly index: Map<string, number>, private readonly decimal: DecimalMark) {}

  has(column: string): boolean {
    return this.index.has(column);
  }
  raw(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : (this.fields[i] ?? '');
  }
  text(column: string): string {
    return this.raw(column).trim().normalize('NFC');
  }
  private blank(column: string): boolean {
    this.column = column;
    return this.raw(column).trim() === '';
  }
  number(column: string, options: { whole?: boolean; min?: number; max?: number; percent?: boolean } = {}): number | null {
    if (!this.has(column) || this.blank(column)) return null;
    const value = parseNumber(this.raw(column), this.decimal, options.percent);
    if (value === undefined) throw new CellError('notANumber', { convention: this.decimal === ',' ? '1.234.567,89' : '1,234,567.89' });
    if (options.whole && !Number.isInteger(value)) throw new CellError('notAWholeNumber');
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      throw new CellError('outOfRange', { min: options.min ?? '−∞', max: options.max ?? '∞' });
    }
    return value;
  }
  yesNo(column: string): boolean | null {
    if (!this.has(column)) return null;
    this.column = column;
    const value = parseYesNo(this.raw(column));
    if (value === undefined) throw new CellError('notYesNo');
    return value;
  }
  category<T>(column: string, values: Record<string, T>, code: MessageId, params: Params = {}): T | null {
    if (!this.has(column) || this.blank(column)) return null;
    const key = categoryKey(this.raw(column));
    if (!Object.hasOwn(values, key)) throw new CellError(code, params);
    return values[key];
  }
  required<T>(column: string, value: T | null): T {
    this.column = column;
    if (value === null || value === '') throw new CellError('required');
    return value;
  }
}

function readHousehold(cells: RowReader, file: string, line: number, indicatorColumns: [number, string][]): HouseholdRecord {
  let mask: number | null = null;
  if (indicatorColumns.length > 0) {
    mask = 0;
    for (const [bit, column] of indicatorColumns) if (cells.yesNo(column)) mask |= 1 << bit;
  }
  const householdId = cells.text('household_id');
  const standard = cells.has('standard') && cells.text('standard') !== '' ? cells.text('standard') : null;
  if (standard !== null && !STANDARD_IDS.includes(standard)) {
    cells.column = 'standard';
    throw new CellError('notStandard', { ids: STANDARD_IDS.join(', ') });
  }
  return {
    file,
    line,
    householdId: householdId === '' ? null : householdId,
    year: cells.required('year', cells.number('year', { whole: true, min: FIRST_REVIEW_YEAR, max: LAST_REVIEW_YEAR })),
    province: cells.required('province', cells.text('province')),
    district: cells.text('district'),
    commune: cells.text('commune'),
    area: cells.category('area', AREA_VALUES, 'notArea'),
    ethnicMinority: cells.yesNo('ethnic_minority'),
    meritorious: cells.yesNo('meritorious'),
    householdSize: cells.number('household_size', { whole: true, min: 1 }),
    income: cells.number('income_per_capita', { min: 0 }),
    deprivationMask: mask,
    deprivationCount: cells.number('deprivation_count', { whole: true, min: 0, max: 12 }),
    status: cells.category('status', STATUS_VALUES, 'notStatus'),
    transition: cells.category('transition', TRANSITION_VALUES, 'notTransition'),
    loanNeed: cells.yesNo('loan_need'),
    loanReceived: cells.yesNo('loan_received'),
    trainingNeed: cells.yesNo('training_need'),
    trainingReceived: cells.yesNo('training_received'),
    standard,
    oldCommune: cells.text('old_commune') || null,
  };
}

const GROUP_VALUES: Record<string, Group> = Object.fromEntries([
  ...GROUPS.map((g) => [g, g] as const),
  ['tat_ca', 'all'], ['chung', 'all'], ['dtts', 'ethnic_minority'], ['dan_toc_thieu_so', 'ethnic_minority'],
  ['thanh_thi', 'urban'], ['nong_thon', 'rural'], ['nguoi_co_cong', 'meritorious'],
]);

function readSummary(cells: RowReader, file: string, line: number): SummaryRecord {
  const count = (column: string) => cells.number(column, { whole: true, min: 0 });
  const rate = (column: string) => cells.number(column, { min: 0, max: 100, percent: true });
  const commune = cells.text('commune');
  let extremelyDifficult: number | null = null;
  if (cells.has('extremely_difficult')) {
    if (commune !== '') {
      const flag = cells.yesNo('extremely_difficult');
      extremelyDifficult = flag === null ? null : flag ? 1 : 0;
    } else {
      extremelyDifficult = count('extremely_difficult');
    }
  }
  const standard = cells.text('standard');
  if (standard !== '' && !STANDARD_IDS.includes(standard)) {
    cells.column = 'standard';
    throw new CellError('notStandard', { ids: STANDARD_IDS.join(', ') });
  }
  return {
    file,
    line,
    year: cells.required('year', cells.number('year', { whole: true, min: FIRST_REVIEW_YEAR, max: LAST_REVIEW_YEAR })),
    province: cells.text('province'),
    district: cells.text('district'),
    commune,
    group: cells.category('group', GROUP_VALUES, 'notGroup') ?? 'all',
    households: count('households'),
    poor: count('poor'),
    nearPoor: count('near_poor'),
    poorRate: rate('poor_rate'),
    nearPoorRate: rate('near_poor_rate'),
    escaped: count('escaped'),
    rePoor: count('re_poor'),
    newPoor: count('new_poor'),
    escapedNearPoor: count('escaped_near_poor'),
    reNearPoor: count('re_near_poor'),
    newNearPoor: count('new_near_poor'),
    loanNeed: count('loan_need'),
    loanMet: count('loan_met'),
    trainingNeed: count('training_need'),
    trainingMet: count('training_met'),
    extremelyDifficult,
    standard: standard === '' ? null : standard,
    oldCommune: cells.text('old_commune') || null,
  };
}

function requiredColumns(kind: FileKind, mapping: HeaderMapping, file: string): void {
  const has = (c: string) => mapping.index.has(c);
  const missing = ['year', ...(kind === 'households' ? ['province'] : [])].filter((c) => !has(c));
  if (missing.length) throw new PovcheckError('missingColumns', { kind, columns: missing.join(', ') }, { file, line: 1 });
  if (kind === 'households' && !has('status') && !(has('income_per_capita') && has('area'))) {
    throw new PovcheckError('householdNeedsClassification', {}, { file, line: 1 });
  }
  if (kind === 'summaries' && !['households', 'poor', 'near_poor', 'poor_rate', 'near_poor_rate', 'extremely_difficult'].some(has)) {
    throw new PovcheckError('missingColumns', { kind, columns: 'households | poor | poor_rate | extremely_difficult' }, { file, line: 1 });
  }
}

/**
 * The per-file state of the input stage: the header, the decimal decision (from a sample of the
 * first rows), the counters and the processing of one row given as fields. The CSV reader feeds it
 * every record; the fast household scanner feeds it the header, the sample and any row it does not
 * handle itself, so both give the same rejects with the same lines.
 */
export class FileLoader {
  mapping: HeaderMapping | undefined;
  headerCells: string[] = [];
  decimal: DecimalMark | undefined;
  cells: RowReader | undefined;
  indicatorColumns: [number, string][] = [];
  readonly report = { rows: 0, accepted: 0, rejected: 0, blankLines: 0 };
  private blankCounts: Float64Array = new Float64Array(0);
  /** set by a reader that keeps blank counts of its own for a while: adds them to `blanks` */
  settleBlanks: (() => void) | undefined;
  /** blank cells per column index of the header */
  get blanks(): Float64Array {
    this.settleBlanks?.();
    return this.blankCounts;
  }
  private readonly sample: { fields: string[]; line: number }[] = [];

  constructor(
    readonly file: string,
    readonly options: LoadOptions,
    readonly handlers: LoadHandlers,
    readonly format: CsvFormat,
  ) {
    this.decimal = options.decimal;
  }

  header(fields: string[]): void {
    const { file } = this;
    const bad = fields.findIndex((f) => f.includes(INVALID_MARK));
    if (bad >= 0) throw new PovcheckError('headerInvalidBytes', { encoding: this.format.encoding }, { file, line: 1, column: bad + 1 });
    this.headerCells = fields.map((f) => f.normalize('NFC'));
    const mapped = mapHeader(this.headerCells);
    if ('code' in mapped) {
      if (mapped.code === 'duplicateColumn') {
        throw new PovcheckError('duplicateColumn', { column: mapped.column, first: mapped.first, second: mapped.second }, { file, line: 1, column: mapped.second });
      }
      throw new PovcheckError('unknownKind', {}, { file, line: 1 });
    }
    this.mapping = mapped;
    requiredColumns(mapped.kind, mapped, file);
    this.indicatorColumns = INDICATOR_BITS.map((c, bit) => [bit, c] as [number, string]).filter(([, c]) => mapped.index.has(c));
    this.blankCounts = new Float64Array(this.headerCells.length);
    this.handlers.header?.(this.headerCells, mapped);
    if (this.decimal) this.cells = new RowReader(mapped.index, this.decimal);
  }

  /** Rows are still being collected to decide the decimal mark. */
  get sampling(): boolean {
    return this.cells === undefined;
  }

  /** A data record (line ≥ 2), as strings. */
  row(fields: string[], line: number): void {
    if (this.cells) {
      if (this.sample.length) this.flushSample();
      return this.process(fields, line);
    }
    this.sample.push({ fields: [...fields], line });
    if (this.sample.length >= DECIMAL_SAMPLE_ROWS) this.decideDecimal();
  }

  reject(r: Reject): void {
    this.report.rejected++;
    this.handlers.reject?.(this.placeColumn(r));
  }

  /** The reject with its column's header cell as written and its position. */
  placeColumn(r: Reject): Reject {
    const i = r.column === null ? undefined : this.mapping?.index.get(r.column);
    if (i !== undefined) {
      r.header = this.headerCells[i];
      r.columnNumber = i + 1;
    }
    return r;
  }

  /** One record through the checks, the record readers and the handlers. */
  process(fields: string[], line: number): void {
    const { file, report, mapping, headerCells } = this;
    if (fields.every((f) => f.trim() === '')) {
      report.blankLines++;
      return;
    }
    report.rows++;
    const row = this.cells!;
    row.fields = fields;
    // Trailing empty cells beyond the header are what spreadsheets export; anything else is ragged.
    const extra = fields.slice(headerCells.length);
    if (fields.length < headerCells.length || extra.some((f) => f.trim() !== '')) {
      this.reject({ file, line, column: null, value: fields.join(this.format.delimiter), code: 'raggedRow', params: { expected: headerCells.length, found: fields.length } });
      return;
    }
    for (const [column, i] of mapping!.index) {
      if (fields[i].includes(INVALID_MARK)) {
        // Shown with U+FFFD where the bad bytes were, as a text editor would show them.
        this.reject({ file, line, column, value: fields[i].replaceAll(INVALID_MARK, '\uFFFD'), code: 'invalidBytes', params: { encoding: this.format.encoding } });
        return;
      }
    }
    for (const i of mapping!.index.values()) if (fields[i].trim() === '') this.blanks[i]++;
    try {
      let refusal: Omit<Reject, 'file' | 'line'> | undefined;
      if (mapping!.kind === 'households') {
        const record = readHousehold(row, file, line, this.indicatorColumns);
        if (this.options.keepFields) record.fields = fields;
        refusal = this.handlers.household?.(record);
      } else {
        refusal = this.handlers.summary?.(readSummary(row, file, line));
      }
      if (refusal) this.reject({ file, line, ...refusal });
      else report.accepted++;
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      this.reject({ file, line, column: row.column, value: row.raw(row.column), code: error.code, params: error.params });
    }
  }

  /** The columns whose cells decide the decimal mark: all of a sampled row that decideDecimal reads. */
  get decimalColumns(): number[] {
    const { index } = this.mapping!;
    return NUMERIC_COLUMNS.map((c) => index.get(c)).filter((i): i is number => i !== undefined);
  }

  /** Decide the decimal mark from the sample (unless --decimal gave it) and process the sample. */
  decideDecimal(): void {
    const mapping = this.mapping!;
    if (!this.decimal) {
      const votes = { ',': 0, '.': 0 };
      const numericIndexes = this.decimalColumns;
      for (const { fields } of this.sample) {
        for (const i of numericIndexes) {
          const evidence = decimalEvidence(fields[i] ?? '');
          if (evidence) votes[evidence]++;
        }
      }
      const prior: DecimalMark = this.format.delimiter === ',' ? '.' : ',';
      this.decimal = votes[','] > 0 && votes['.'] === 0 ? ',' : votes['.'] > 0 && votes[','] === 0 ? '.' : prior;
    }
    this.cells ??= new RowReader(mapping.index, this.decimal);
    if (!this.deferSample) this.flushSample();
  }

  /**
   * With deferSample, the sampled rows wait, once the decimal mark is decided, until flushSample,
   * the next row or finish (a reader that shares the file with a worker starts it first).
   */
  deferSample = false;

  /**
   * The sampled rows, once the decimal mark is decided, let go unprocessed: the caller reads them
   * again from the file (the fast reader reads them from their bytes, as every later row). True when
   * there were any.
   */
  dropSample(): boolean {
    if (this.cells === undefined || this.sample.length === 0) return false;
    this.sample.length = 0;
    return true;
  }

  /** The sampled rows, processed in their order: before any later row (none while still sampling). */
  flushSample(): void {
    if (this.cells === undefined) return;
    const sample = this.sample.splice(0);
    for (const { fields, line } of sample) this.process(fields, line);
  }

  finish(): FileReport {
    const { file, mapping, report, format } = this;
    if (!mapping) throw new PovcheckError('emptyFile', {}, { file, line: 1 });
    if (this.sampling) this.decideDecimal();
    this.flushSample();
    const blankShares: Record<string, number> = {};
    for (const [column, i] of mapping.index) blankShares[column] = report.rows ? this.blanks[i] / report.rows : 0;
    return {
      file,
      kind: mapping.kind,
      encoding: format.encoding,
      bom: format.bom,
      delimiter: format.delimiter,
      decimal: this.decimal!,
      ...report,
      columns: [...mapping.index.keys()],
      unknownColumns: mapping.unknown,
      blankShares,
    };
  }
}

/** Read one file through the handlers; returns what was detected and how every row ended. */
export async function loadFile(file: string, options: LoadOptions, handlers: LoadHandlers): Promise<FileReport> {
  const reader = options.reader ?? readCsvWithCsvParse;
  const source = await reader(file, options);
  const loader = new FileLoader(file, options, handlers, source.format);
  await source.read((fields, line) => (line === 1 ? loader.header(fields) : loader.row(fields, line)));
  return loader.finish();
}
