// The old-units view of the data: rows of new units attributed to the old units through the crosswalk.
import { LocatedErrors, type LocatedError } from '../errors.js';
import type { Classified } from '../classify/classify.js';
import type { Finding, HouseholdRecord, Reject, SummaryRecord } from '../input/types.js';
import type { PovertyStandard } from '../standards/types.js';
import { Tallier, tallyKey, type Tallies } from '../tally/tally.js';
import type { Crosswalk, OldPath } from './crosswalk.js';

const COUNT_FIELDS = ['households', 'poor', 'nearPoor', 'escaped', 'rePoor', 'newPoor', 'escapedNearPoor', 'reNearPoor', 'newNearPoor', 'loanNeed', 'loanMet', 'trainingNeed', 'trainingMet'] as const;

/** The old units below the level an attribution reached, each of which the row may belong to. */
function ambiguousUnits(status: 'exact' | 'district' | 'province' | 'ambiguous', candidates: OldPath[]): OldPath[] {
  const communes = candidates;
  const districts = candidates.map(([p, d]) => [p, d, ''] as OldPath);
  const provinces = candidates.map(([p]) => [p, '', ''] as OldPath);
  if (status === 'district') return communes;
  if (status === 'province') return [...districts, ...communes];
  if (status === 'ambiguous') return [...provinces, ...districts, ...communes];
  return [];
}

export class OldView {
  readonly tallier: Tallier;
  private readonly summaries = new Map<string, SummaryRecord>();
  private readonly notes = new Map<string, { file: string; code: 'crosswalkUnmapped' | 'crosswalkAmbiguous'; unit: string; year: number; count: number; candidates: string; level: string }>();

  constructor(readonly crosswalk: Crosswalk, standards?: readonly PovertyStandard[]) {
    this.tallier = new Tallier(standards);
  }

  private note(file: string, code: 'crosswalkUnmapped' | 'crosswalkAmbiguous', record: { province: string; commune: string; year: number }, count: number, candidates = '', level = '') {
    const unit = `${record.province} / ${record.commune}`;
    const k = `${file}|${code}|${unit}|${record.year}`;
    const entry = this.notes.get(k) ?? { file, code, unit, year: record.year, count: 0, candidates, level };
    entry.count += count;
    this.notes.set(k, entry);
  }

  /** A reject when the row names an old commune the crosswalk does not give its new commune. */
  check(record: HouseholdRecord | SummaryRecord): Omit<Reject, 'file' | 'line'> | undefined {
    if (!record.oldCommune) return undefined;
    const a = this.crosswalk.attribute(record.year, record.province, record.commune, record.oldCommune);
    return a.status === 'unknown-old-commune' ? { column: 'old_commune', value: record.oldCommune, code: 'oldCommuneUnknown', params: { value: record.oldCommune, commune: record.commune } } : undefined;
  }

  addHousehold(record: HouseholdRecord, classified: Classified, columns: { transition: boolean }): void {
    const a = this.crosswalk.attribute(record.year, record.province, record.commune, record.oldCommune);
    switch (a.status) {
      case 'as-given':
        this.tallier.addHousehold(record, classified, columns);
        return;
      case 'unmapped':
        this.note(record.file, 'crosswalkUnmapped', record, 1);
        return;
      case 'unknown-old-commune':
        return;
      case 'ambiguous':
        this.tallier.addAmbiguous(record.year, ambiguousUnits(a.status, a.candidates), 1);
        this.note(record.file, 'crosswalkAmbiguous', record, 1, a.candidates.map((c) => c.filter(Boolean).join(' / ')).join('; '), 'country');
        return;
      default: {
        const [province, district, commune] = a.path;
        this.tallier.addHousehold({ ...record, province, district, commune, unitKey: undefined }, classified, columns);
        const below = ambiguousUnits(a.status, a.candidates);
        if (below.length) {
          this.tallier.addAmbiguous(record.year, below, 1);
          this.note(record.file, 'crosswalkAmbiguous', record, 1, a.candidates.map((c) => c.filter(Boolean).join(' / ')).join('; '), a.status);
        }
      }
    }
  }

  addSummary(record: SummaryRecord): void {
    const a = record.commune ? this.crosswalk.attribute(record.year, record.province, record.commune, record.oldCommune) : { status: 'as-given' as const };
    if (a.status === 'as-given') return this.tallier.addSummary(record);
    if (a.status === 'unmapped') return this.note(record.file, 'crosswalkUnmapped', record, record.households ?? 0);
    if (a.status === 'unknown-old-commune') return;
    const households = record.households ?? 0;
    const below = ambiguousUnits(a.status, a.candidates);
    if (below.length) {
      this.tallier.addAmbiguous(record.year, below, households);
      this.note(record.file, 'crosswalkAmbiguous', record, households, a.candidates.map((c) => c.filter(Boolean).join(' / ')).join('; '), a.status === 'ambiguous' ? 'country' : a.status);
    }
    if (a.status === 'ambiguous') return;
    // New communes attributed to the same old unit are summed; a rate cannot be summed.
    const [province, district, commune] = a.path;
    const k = `${province}|${district}|${commune}|${record.year}|${record.group}`;
    const sum = this.summaries.get(k);
    if (!sum) {
      this.summaries.set(k, { ...record, province, district, commune, poorRate: null, nearPoorRate: null, extremelyDifficult: null, oldCommune: null });
      return;
    }
    for (const field of COUNT_FIELDS) sum[field] = sum[field] === null || record[field] === null ? null : sum[field]! + record[field]!;
  }

  finish(): { tallies: Tallies; findings: Finding[] } {
    for (const record of this.summaries.values()) this.tallier.addSummary(record);
    const tallies = this.tallier.finish();
    const findings: Finding[] = [...this.notes.values()].map((n) => ({
      file: n.file, code: n.code, params: { count: n.count, year: n.year, unit: n.unit, candidates: n.candidates, level: n.level },
    }));
    this.checkOldUnits(tallies);
    return { tallies, findings: [...findings, ...this.tallier.findings] };
  }

  /** A crosswalk line naming an old commune that the data's earlier years do not have, although they have its district. */
  private checkOldUnits(tallies: Tallies): void {
    const errors: LocatedError[] = [];
    const tree = this.tallier.tree;
    for (const line of this.crosswalk.lines) {
      const district = tree.find({ province: line.oldProvince, district: line.oldDistrict || undefined });
      if (!district || district.level === 'country') continue;
      const before = tallies.yearsOf(district.id).filter((y) => y < line.effectiveYear && tallies.get(tallyKey(district.id, y, 'all'))?.source === 'households');
      if (before.length === 0) continue;
      const commune = tree.find({ province: line.oldProvince, district: line.oldDistrict || undefined, commune: line.oldCommune });
      if (!commune || commune === district || !tallies.yearsOf(commune.id).some((y) => y < line.effectiveYear)) {
        errors.push({ file: this.crosswalk.file, line: line.line, column: 1, code: 'crosswalkUnknownUnit', params: { unit: [line.oldProvince, line.oldDistrict, line.oldCommune].filter(Boolean).join(' / '), year: Math.max(...before) } });
      }
    }
    if (errors.length) throw new LocatedErrors(errors);
  }
}
