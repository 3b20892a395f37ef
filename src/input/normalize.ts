// Text and value normalisation shared by headers, cells and unit names.

/** Vietnamese text with the diacritics removed (đ → d), NFC in, plain letters out. */
export function stripDiacritics(text: string): string {
  return remembered(stripped, text, (t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'));
}
const stripped = new Map<string, string>();

/**
 * f(text), kept for the next call with the same text: unit names come again and again (a province's
 * name with each of its communes, in each thread), and normalising them is ICU and regular
 * expressions, often in code not yet compiled. At most REMEMBERED texts are kept.
 */
export function remembered(cache: Map<string, string>, text: string, f: (text: string) => string): string {
  let value = cache.get(text);
  if (value === undefined) {
    if (cache.size >= REMEMBERED) cache.clear();
    value = f(text);
    cache.set(text, value);
  }
  return value;
}
const REMEMBERED = 1 << 16;

/**
 * Header normalisation from the input contract: NFC, lower case, diacritics removed,
 * every run of other characters turned into `_`, leading and trailing `_` dropped.
 */
export function normalizeHeader(header: string): string {
  return stripDiacritics(header.normalize('NFC').toLowerCase())
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const YES = new Set(['1', 'true', 'yes', 'y', 'co', 'x', '✓', '✔']);
const NO = new Set(['0', 'false', 'no', 'n', 'khong', '']);

/** A yes/no cell: true, false, or undefined when the cell is neither. Blank is "no". */
export function parseYesNo(cell: string): boolean | undefined {
  // the usual cells, without normalising them
  if (cell === '') return false;
  if (cell === 'x' || cell === 'X') return true;
  const key = stripDiacritics(cell.trim().normalize('NFC').toLowerCase());
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}

export type DecimalMark = ',' | '.';

const NUMBER_PATTERNS: Record<DecimalMark, RegExp> = {
  // 1.500.000 / 1500000 / 49,98 / 1.234,5
  ',': /^[-+]?(?:\d{1,3}(?:[. \u00a0]\d{3})+|\d+)(?:,\d+)?$/,
  // 1,500,000 / 1500000 / 49.98 / 1,234.5
  '.': /^[-+]?(?:\d{1,3}(?:[, \u00a0]\d{3})+|\d+)(?:\.\d+)?$/,
};

/**
 * A number written in one convention. Returns undefined when the cell is not a number in that
 * convention: a cell is never guessed on its own. `allowPercent` accepts a trailing `%`.
 */
export function parseNumber(cell: string, decimal: DecimalMark, allowPercent = false): number | undefined {
  let text = cell.trim();
  if (allowPercent && text.endsWith('%')) text = text.slice(0, -1).trimEnd();
  if (text === '' || !NUMBER_PATTERNS[decimal].test(text)) return undefined;
  const thousands = decimal === ',' ? /[. \u00a0]/g : /[, \u00a0]/g;
  const plain = text.replace(thousands, '').replace(',', '.');
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

/** Evidence a single cell gives about the file's decimal convention, if any. */
export function decimalEvidence(cell: string): DecimalMark | undefined {
  // (each form below has a comma or a dot: most cells, whole numbers, are answered without the patterns)
  if (cell.indexOf(',') < 0 && cell.indexOf('.') < 0) return undefined;
  const text = cell.trim().replace(/%$/, '').trimEnd();
  if (/^[-+]?\d+,\d{1,2}$|^[-+]?\d+,\d{4,}$/.test(text)) return ',';
  if (/^[-+]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$/.test(text) || /^[-+]?\d{1,3}(?:\.\d{3})+,\d+$/.test(text)) return ',';
  if (/^[-+]?\d+\.\d{1,2}$|^[-+]?\d+\.\d{4,}$/.test(text)) return '.';
  if (/^[-+]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$/.test(text) || /^[-+]?\d{1,3}(?:,\d{3})+\.\d+$/.test(text)) return '.';
  return undefined;
}

/** A value compared as a category: NFC, lower case, diacritics removed, `_` for separators. */
export function categoryKey(cell: string): string {
  return normalizeHeader(cell);
}
