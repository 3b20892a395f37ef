// The crosswalk of the 2025 administrative change: which old commune (in which old district and
// province) became part of which new commune (in which new province), from which review year.
// With it, rows of new units are attributed to the old units the resolutions name — never guessed:
// a new commune that spans several old districts, in a row without its old commune, stays ambiguous.
import { LocatedErrors, PovcheckError, type LocatedError } from '../errors.js';
import type { MessageId } from '../i18n/messages.js';
import { CROSSWALK_ALIASES } from '../input/columns.js';
import { INVALID_MARK } from '../input/decode.js';
import { normalizeHeader, parseNumber, stripDiacritics } from '../input/normalize.js';
import { FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR } from '../input/types.js';
import { readCsvWithCsvParse } from '../input/reader.js';
import { unitKey } from '../tally/units.js';

export interface CrosswalkLine {
  line: number;
  oldProvince: string;
  oldDistrict: string;
  oldCommune: string;
  newProvince: string;
  newCommune: string;
  effectiveYear: number;
  /** the share of the old commune that went to the new commune (a split), when stated */
  share: number | null;
  source: string;
}

export type OldPath = [province: string, district: string, commune: string];

export type Attribution =
  /** the row is not organised by new units: take it as it is */
  | { status: 'as-given' }
  /** one old commune; or several old communes of one old district ('district'), or of one old province ('province') */
  | { status: 'exact' | 'district' | 'province'; path: OldPath; candidates: OldPath[] }
  /** old communes of several old provinces: no old unit can be named */
  | { status: 'ambiguous'; candidates: OldPath[] }
  /** a new unit the crosswalk does not list although its province is reorganised */
  | { status: 'unmapped' }
  /** the row names an old commune that is not among the new commune's old communes */
  | { status: 'unknown-old-commune' };

const REQUIRED = ['old_province', 'old_commune', 'new_province', 'new_commune', 'effective_year'];
const key2 = (province: string, commune: string) => `${unitKey(province)}/${unitKey(commune)}`;
const sameName = (a: string, b: string) => unitKey(a) === unitKey(b) || stripDiacritics(unitKey(a)) === stripDiacritics(unitKey(b));

export class Crosswalk {
  private readonly byNew = new Map<string, CrosswalkLine[]>();
  /** reorganised new provinces → the first year they are in force */
  private readonly provinces = new Map<string, number>();

  constructor(readonly file: string, readonly lines: CrosswalkLine[]) {
    for (const line of lines) {
      const k = key2(line.newProvince, line.newCommune);
      this.byNew.set(k, [...(this.byNew.get(k) ?? []), line]);
      const p = unitKey(line.newProvince);
      this.provinces.set(p, Math.min(this.provinces.get(p) ?? Infinity, line.effectiveYear));
    }
  }

  get firstYear(): number {
    return Math.min(...this.lines.map((l) => l.effectiveYear));
  }

  /** Where a row of `year` naming (province, commune) belongs among the old units. */
  attribute(year: number, province: string, commune: string, oldCommune: string | null = null): Attribution {
    const applicable = (this.byNew.get(key2(province, commune)) ?? []).filter((l) => l.effectiveYear <= year);
    if (applicable.length === 0) {
      const since = this.provinces.get(unitKey(province));
      return since !== undefined && since <= year && commune.trim() !== '' ? { status: 'unmapped' } : { status: 'as-given' };
    }
    // the latest rearrangement in force; earlier ones are followed from its old units
    const latest = Math.max(...applicable.map((l) => l.effectiveYear));
    let lines = applicable.filter((l) => l.effectiveYear === latest);
    if (oldCommune) {
      lines = lines.filter((l) => sameName(l.oldCommune, oldCommune));
      if (lines.length === 0) return { status: 'unknown-old-commune' };
    }
    const candidates: OldPath[] = [];
    for (const l of lines) {
      const earlier = unitKey(l.oldCommune) === unitKey(l.newCommune) && unitKey(l.oldProvince) === unitKey(l.newProvince) ? { status: 'as-given' as const } : this.attribute(latest - 1, l.oldProvince, l.oldCommune);
      if (earlier.status === 'exact' || earlier.status === 'district' || earlier.status === 'province' || earlier.status === 'ambiguous') candidates.push(...earlier.candidates);
      else candidates.push([l.oldProvince, l.oldDistrict, l.oldCommune]);
    }
    const unique = [...new Map(candidates.map((c) => [c.map(unitKey).join('/'), c])).values()];
    const [first] = unique;
    if (unique.length === 1) return { status: 'exact', path: first, candidates: unique };
    if (unique.every((c) => unitKey(c[0]) === unitKey(first[0]) && unitKey(c[1]) === unitKey(first[1]))) return { status: 'district', path: [first[0], first[1], ''], candidates: unique };
    if (unique.every((c) => unitKey(c[0]) === unitKey(first[0]))) return { status: 'province', path: [first[0], '', ''], candidates: unique };
    return { status: 'ambiguous', candidates: unique };
  }
}

/** Read and check a crosswalk file; every mistake is reported as file:line:col. */
export async function loadCrosswalk(file: string): Promise<Crosswalk> {
  const source = await readCsvWithCsvParse(file, {});
  const decimal = source.format.delimiter === ',' ? '.' : ',';
  const errors: LocatedError[] = [];
  const lines: CrosswalkLine[] = [];
  let index = new Map<string, number>();
  const fail = (line: number, column: string | null, code: MessageId, params: Record<string, string | number>) =>
    errors.push({ file, line, column: column === null ? 1 : (index.get(column) ?? 0) + 1, code, params });
  await source.read((fields, line) => {
    if (line === 1) {
      index = new Map();
      fields.forEach((h, i) => {
        const canonical = CROSSWALK_ALIASES.get(normalizeHeader(h));
        if (canonical && !index.has(canonical)) index.set(canonical, i);
      });
      const missing = REQUIRED.filter((c) => !index.has(c));
      if (missing.length) throw new PovcheckError('missingColumns', { kind: 'crosswalk', columns: missing.join(', ') }, { file, line: 1 });
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    const cell = (c: string) => (index.has(c) ? (fields[index.get(c)!] ?? '').trim().normalize('NFC') : '');
    for (const c of index.keys()) if (cell(c).includes(INVALID_MARK)) return void fail(line, c, 'invalidBytes', { encoding: source.format.encoding });
    const blank = REQUIRED.find((c) => cell(c) === '');
    if (blank) return void fail(line, blank, 'crosswalkRequired', { column: blank });
    const year = parseNumber(cell('effective_year'), decimal);
    if (year === undefined || !Number.isInteger(year) || year < FIRST_REVIEW_YEAR || year > LAST_REVIEW_YEAR) return void fail(line, 'effective_year', 'crosswalkBadYear', { value: cell('effective_year') });
    let share: number | null = null;
    if (cell('share') !== '') {
      const percent = cell('share').endsWith('%');
      const value = parseNumber(cell('share'), decimal, true);
      share = value === undefined ? NaN : percent ? value / 100 : value;
      if (!(share > 0 && share <= 1)) return void fail(line, 'share', 'crosswalkBadShare', { value: cell('share') });
    }
    lines.push({
      line, oldProvince: cell('old_province'), oldDistrict: cell('old_district'), oldCommune: cell('old_commune'),
      newProvince: cell('new_province'), newCommune: cell('new_commune'), effectiveYear: year, share, source: cell('source'),
    });
  });

  // The same old commune → new commune twice, and shares of one old commune above the whole of it.
  const seen = new Map<string, CrosswalkLine>();
  const shares = new Map<string, number>();
  for (const l of lines) {
    const old = `${l.effectiveYear}|${[l.oldProvince, l.oldDistrict, l.oldCommune].map(unitKey).join('/')}`;
    const pair = `${old}|${key2(l.newProvince, l.newCommune)}`;
    const first = seen.get(pair);
    if (first) fail(l.line, 'new_commune', 'crosswalkDuplicate', { first: first.line });
    seen.set(pair, l);
    if (l.share !== null) {
      const total = (shares.get(old) ?? 0) + l.share;
      shares.set(old, total);
      if (total > 1 + 1e-9) fail(l.line, 'share', 'crosswalkSharesOverlap', { commune: l.oldCommune, total: `${Math.round(total * 1000) / 10} %` });
    }
  }
  // A cycle: following old → new edges (a commune kept under its own name is no edge) comes back.
  const edges = new Map<string, CrosswalkLine[]>();
  const names = new Map<string, string>();
  for (const l of lines) {
    names.set(key2(l.oldProvince, l.oldCommune), l.oldCommune);
    names.set(key2(l.newProvince, l.newCommune), l.newCommune);
    const from = key2(l.oldProvince, l.oldCommune);
    if (from !== key2(l.newProvince, l.newCommune)) edges.set(from, [...(edges.get(from) ?? []), l]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): void => {
    state.set(node, 'open');
    for (const l of edges.get(node) ?? []) {
      const next = key2(l.newProvince, l.newCommune);
      if (state.get(next) === 'open') {
        const start = path.indexOf(next);
        fail(l.line, 'new_commune', 'crosswalkCycle', { cycle: [...path.slice(start < 0 ? 0 : start), node, next].map((k) => names.get(k) ?? k).join(' → ') });
      } else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node, []);

  if (errors.length) throw new LocatedErrors(errors.sort((a, b) => a.line - b.line || a.column - b.column));
  return new Crosswalk(file, lines);
}
