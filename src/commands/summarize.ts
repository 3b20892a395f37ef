// `povcheck summarize`: the tallies per unit, review year and group.
import { summaryCsv, summaryJson, summaryTable } from '../formatters/summary.js';
import { GROUPS, type Group } from '../input/types.js';
import { resolveLang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { loadData } from '../pipeline.js';
import { terminalProgress } from '../progress.js';
import { LEVEL_DEPTH, LEVELS, type Level } from '../tally/units.js';
import type { Tally } from '../tally/tally.js';
import { choice, dataOptions, requireData, type CommonOptions } from './options.js';

/**
 * Vietnamese order of unit paths. Making the collator takes ~8 ms (ICU builds the Vietnamese
 * rules), so it is made when first needed, or while a worker reads its part of a large file.
 */
let collator: Intl.Collator | undefined;
const vietnamese = () => (collator ??= new Intl.Collator('vi'));

/** Tallies by unit path (Vietnamese order), level, review year and group. */
export function sortTallies(tallies: Iterable<Tally>): Tally[] {
  const keyed = [...tallies].map((t) => ({ t, path: t.unit.path.join('/') }));
  const collator = vietnamese();
  keyed.sort(
    (a, b) =>
      collator.compare(a.path, b.path) ||
      LEVEL_DEPTH[a.t.unit.level] - LEVEL_DEPTH[b.t.unit.level] ||
      a.t.year - b.t.year ||
      GROUPS.indexOf(a.t.group) - GROUPS.indexOf(b.t.group),
  );
  return keyed.map(({ t }) => t);
}

export async function summarizeCommand(options: CommonOptions & { level?: string; group?: string }, io: Io): Promise<number> {
  const fmt = choice('--format', (options.format as string | undefined) ?? 'table', ['table', 'csv', 'json'] as const)!;
  const level = choice<Level>('--level', options.level, LEVELS);
  const group = choice<Group>('--group', options.group, GROUPS);
  const files = requireData(options);
  const data = await loadData(files, { ...(await dataOptions(options)), progress: terminalProgress(io, files, Boolean(options.quiet)), onReading: () => void vietnamese() });
  // With a crosswalk, the tallies of the old units (the new units are in the data as given).
  const tallies = sortTallies((data.old?.tallies ?? data.tallies).select((unit, g) => (!level || unit.level === level) && (!group || g === group)));
  const text = fmt === 'json' ? summaryJson(tallies) : fmt === 'csv' ? summaryCsv(tallies) : summaryTable(tallies, resolveLang(options.lang, io.env), Boolean(data.old));
  await emit(io, text, options.output);
  return data.rejects.length > 0 ? 1 : 0;
}
