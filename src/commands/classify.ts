// `povcheck classify`: the household rows as they were, plus classified_status, deprivation_count
// (when counted from the d_* flags) and standard, as spreadsheet-safe CSV.
import { makeClassifier } from '../classify/classify.js';
import { PovcheckError } from '../errors.js';
import { csvLine } from '../formatters/csv.js';
import { findingLine, rejectLine } from '../formatters/inputs.js';
import { resolveLang } from '../i18n/messages.js';
import { loadFile } from '../input/load.js';
import type { Finding } from '../input/types.js';
import { emit, type Io } from '../output.js';
import { dataOptions, requireData, type CommonOptions } from './options.js';

export async function classifyCommand(options: CommonOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const files = requireData(options);
  const data = await dataOptions(options);
  const lines: string[] = [];
  let rejected = 0;
  const findings: Finding[] = [];
  for (const file of files) {
    let classifier: ReturnType<typeof makeClassifier> | undefined;
    await loadFile(file, { ...data, keepFields: true }, {
      header(header, mapping) {
        if (mapping.kind !== 'households') throw new PovcheckError('missingColumns', { kind: 'households', columns: 'income_per_capita | status' }, { file, line: 1 });
        classifier = makeClassifier(data, new Set(mapping.index.keys()), file, (f) => findings.push(f));
        if (lines.length === 0) lines.push(csvLine([...header, 'classified_status', 'deprivation_count', 'standard']));
      },
      household(record) {
        const outcome = classifier!(record);
        if ('reject' in outcome) return outcome.reject;
        const { status, deprivationCount, standard } = outcome.ok;
        lines.push(csvLine([...record.fields!, status, deprivationCount ?? '', standard.id]));
        return undefined;
      },
      reject(r) {
        rejected++;
        io.stderr(`${rejectLine(r, lang)}\n`);
      },
    });
  }
  for (const finding of findings) io.stderr(`${findingLine(finding, lang)}\n`);
  await emit(io, lines.join('\n') + '\n', options.output);
  return rejected > 0 ? 1 : 0;
}
