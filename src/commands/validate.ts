// `povcheck validate`: read and classify the inputs, report what was found; no rulesets.
import { findingJson, inputJson, inputsText, NOTE_CODES, rejectJson } from '../formatters/inputs.js';
import { resolveLang } from '../i18n/messages.js';
import { emit, type Io } from '../output.js';
import { loadData } from '../pipeline.js';
import { VERSION } from '../version.js';
import { choice, dataOptions, requireData, type CommonOptions } from './options.js';

export async function validateCommand(options: CommonOptions, io: Io): Promise<number> {
  const lang = resolveLang(options.lang, io.env);
  const fmt = choice('--format', options.format ?? 'table', ['table', 'json'] as const)!;
  const data = await loadData(requireData(options), await dataOptions(options));
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
