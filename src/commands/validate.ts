// `povcheck validate`: read and classify the inputs, report what was found; no rulesets.
import { findingJson, inputJson, inputsText, NOTE_CODES, rejectJson } from '../formatters/inputs.js';
import { resolveLang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { loadData } from '../pipeline.js';
import { terminalProgress } from '../progress.js';
import { VERSION } from '../version.js';
import { choice, dataOptions, requireData, type CommonOptions } from './options.js';

export async function validateCommand(options: CommonOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const fmt = choice('--format', (options.format as string | undefined) ?? 'table', ['table', 'json'] as const)!;
  const files = requireData(options);
  const data = await loadData(files, { ...(await dataOptions(options)), progress: terminalProgress(io, files, Boolean(options.quiet)) });
  const text =
    fmt === 'json'
      ? JSON.stringify({
          schemaVersion: 1,
          tool: { name: 'povcheck', version: VERSION },
          inputs: data.inputs.map(inputJson),
          rejects: data.rejects.map((r) => rejectJson(r, lang)),
          findings: data.findings.map((f) => findingJson(f, lang)),
        }, null, 2) + '\n'
      : inputsText(data.inputs, data.rejects, data.findings, lang);
  await emit(io, text, options.output);
  return data.rejects.length > 0 || data.findings.some((f) => !NOTE_CODES.has(f.code)) ? 1 : 0;
}
