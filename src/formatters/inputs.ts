// Rendering of what was read: per-file detection, rejects and findings (validate, and check's header).
import { format, type Lang } from '../i18n/messages.js';
import type { FileReport, Finding, Reject } from '../input/types.js';

/** Findings that are notes about the file, not about the data (do not make validate exit 1). */
export const NOTE_CODES = new Set(['unknownColumns', 'blankLines']);

const YES_NO_COLUMNS = /^(d_|loan_|training_|ethnic_minority$|meritorious$|extremely_difficult$)/;

export const delimiterName = (d: string) => (d === '\t' ? 'tab' : d);

export function rejectJson(r: Reject, lang: Lang) {
  return { file: r.file, line: r.line, column: r.column, header: r.header ?? null, value: r.value, code: r.code, message: format(lang, r.code, r.params) };
}

export function findingJson(f: Finding, lang: Lang) {
  return { file: f.file, line: f.line ?? null, column: f.column ?? null, code: f.code, severity: NOTE_CODES.has(f.code) ? 'note' : 'warning', message: format(lang, f.code, f.params) };
}

export function inputJson(r: FileReport) {
  return {
    file: r.file, kind: r.kind, encoding: r.encoding, bom: r.bom, delimiter: r.delimiter, decimal: r.decimal,
    rows: r.rows, accepted: r.accepted, rejected: r.rejected, blankLines: r.blankLines,
    columns: r.columns, unknownColumns: r.unknownColumns, blankShares: r.blankShares,
  };
}

/** `file:line:col  message`, the one-line form of a reject. */
export function rejectLine(r: Reject, lang: Lang): string {
  const where = `${r.file}:${r.line}${r.columnNumber ? `:${r.columnNumber}` : ''}`;
  const column = r.column ? ` ${r.header && r.header !== r.column ? `${r.column} ("${r.header}")` : r.column}` : '';
  return `${where} ${column.trim()} ${JSON.stringify(r.value)}: ${format(lang, r.code, r.params)}`.replace(/ {2,}/g, ' ');
}

export function findingLine(f: Finding, lang: Lang): string {
  const where = f.line ? `${f.file}:${f.line}` : f.file;
  return `${where}: ${format(lang, f.code, f.params)}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The plain-text validate report. */
export function inputsText(inputs: FileReport[], rejects: Reject[], findings: Finding[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of inputs) {
    lines.push(format(lang, 'validateHeading', {
      file: r.file, kind: format(lang, r.kind === 'households' ? 'kindHouseholds' : 'kindSummaries'),
      encoding: r.encoding + (r.bom ? ' (BOM)' : ''), delimiter: `"${delimiterName(r.delimiter)}"`, decimal: `"${r.decimal}"`,
    }));
    lines.push(`  ${format(lang, 'validateCounts', { rows: r.rows, accepted: r.accepted, rejected: r.rejected })}`);
    for (const reject of rejects.filter((x) => x.file === r.file)) lines.push(`  ${rejectLine(reject, lang)}`);
    for (const finding of findings.filter((x) => x.file === r.file)) lines.push(`  ${findingLine(finding, lang)}`);
    // Blank is a plain "no" in yes/no columns: only columns where blank means unknown are listed.
    const blank = Object.entries(r.blankShares).filter(([column, share]) => share > 0 && !YES_NO_COLUMNS.test(column));
    for (const [column, share] of blank) lines.push(`  ${format(lang, 'validateBlank', { column, share: percent(share) })}`);
  }
  const other = findings.filter((f) => !inputs.some((r) => r.file === f.file));
  for (const finding of other) lines.push(findingLine(finding, lang));
  if (rejects.length === 0 && findings.every((f) => NOTE_CODES.has(f.code))) lines.push(format(lang, 'validateClean'));
  return lines.join('\n') + '\n';
}
