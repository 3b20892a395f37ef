// Rendering of tallies for `povcheck summarize`: json, csv, table.
import type { Tally } from '../tally/tally.js';
import { TALLY_NUMBERS } from '../tally/tally.js';
import { unitRef } from '../tally/units.js';
import { format, type Lang } from '../i18n/messages.js';
import { box } from './box.js';
import { csvLine } from './csv.js';

export function tallyJson(t: Tally) {
  const figures = Object.fromEntries(TALLY_NUMBERS.map((k) => [k, t[k]]));
  return { unit: unitRef(t.unit), year: t.year, group: t.group, standard: t.standard, source: t.source, ...figures, crosswalk: t.crosswalk };
}

export function summaryJson(tallies: Tally[]): string {
  return JSON.stringify(tallies.map(tallyJson), null, 2) + '\n';
}

const COLUMNS = ['level', 'unit', 'path', 'year', 'group', 'standard', ...TALLY_NUMBERS, 'mapped', 'ambiguous', 'mappedShare', 'ambiguousShare'] as const;

export function summaryCsv(tallies: Tally[]): string {
  const lines = [csvLine([...COLUMNS])];
  for (const t of tallies) {
    lines.push(csvLine([t.unit.level, t.unit.name, t.unit.path.join(' / '), t.year, t.group, t.standard, ...TALLY_NUMBERS.map((k) => t[k]), t.crosswalk?.mapped ?? null, t.crosswalk?.ambiguous ?? null, t.crosswalk?.mappedShare ?? null, t.crosswalk?.share ?? null]));
  }
  return lines.join('\n') + '\n';
}

const show = (n: number | null, rate = false) => (n === null ? '–' : rate ? n.toFixed(2) : String(n));

const HEADINGS = ['sumUnit', 'sumYear', 'sumGroup', 'sumHouseholds', 'sumPoor', 'sumPoorRate', 'sumNearPoor', 'sumNearPoorRate', 'sumEscaped', 'sumRePoor', 'sumNewPoor'] as const;

/** The tallies as a table for the terminal. */
export function summaryTable(tallies: Tally[], lang: Lang, crosswalk = false): string {
  const head = [...HEADINGS, ...(crosswalk ? (['sumAmbiguous'] as const) : [])].map((h) => format(lang, h));
  const rows = tallies.map((t) => [
    t.unit.level === 'country' ? t.unit.name : t.unit.path.join(' / '), t.year, t.group, show(t.households), show(t.poor), show(t.poorRate, true),
    show(t.nearPoor), show(t.nearPoorRate, true), show(t.escaped), show(t.rePoor), show(t.newPoor),
    ...(crosswalk ? [t.crosswalk ? `${t.crosswalk.mapped} / ${t.crosswalk.ambiguous} (${(t.crosswalk.mappedShare * 100).toFixed(1)} % / ${(t.crosswalk.share * 100).toFixed(1)} %)` : '–'] : []),
  ]);
  return box(head, rows) + '\n';
}
