// A table in box-drawing characters for the terminal, laid out as cli-table3 lays out a table with
// compact style and no colours of its own: the same characters, widths and padding (a test holds the
// two to the same output). Ours because cli-table3 takes about a millisecond a row of eleven columns:
// five seconds for the 4,676 rows of a summary of one million households by commune, where this
// takes a few milliseconds.

export type BoxCell = string | number | null | undefined;

// escape sequences (colours and others) take no columns: ansi-regex's pattern
const ANSI = new RegExp(
  [
    '[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?\\u0007)',
    '(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))',
  ].join('|'),
  'g',
);
// an emoji (with its variation selector, modifiers and joined emoji) takes two
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*/gu;

/** Columns a code point takes in a terminal: none for controls and combining diacritics, two for East Asian wide and full-width ones. */
function codePointWidth(c: number): number {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  if (c >= 0x300 && c <= 0x36f) return 0;
  return isWide(c) ? 2 : 1;
}

// the ranges string-width (through is-fullwidth-code-point) counts as two columns
function isWide(c: number): boolean {
  return (
    c >= 0x1100 &&
    (c <= 0x115f ||
      c === 0x2329 ||
      c === 0x232a ||
      (c >= 0x2e80 && c <= 0x3247 && c !== 0x303f) ||
      (c >= 0x3250 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0xa4c6) ||
      (c >= 0xa960 && c <= 0xa97c) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe10 && c <= 0xfe19) ||
      (c >= 0xfe30 && c <= 0xfe6b) ||
      (c >= 0xff01 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1b000 && c <= 0x1b001) ||
      (c >= 0x1f200 && c <= 0x1f251) ||
      (c >= 0x20000 && c <= 0x3fffd))
  );
}

/** Columns a cell's line takes in a terminal (colour codes take none). */
export function displayWidth(text: string): number {
  let width = 0;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text.length;
  for (const ch of text.replace(ANSI, '').replace(EMOJI, '  ')) width += codePointWidth(ch.codePointAt(0)!);
  return width;
}

/** The table: a head row, a rule under it (when rows follow), and the rows; cells of several lines make rows of several lines. */
export function box(head: BoxCell[], rows: BoxCell[][]): string {
  const text = (cell: BoxCell) => (cell === null || cell === undefined ? '' : String(cell)).split('\n');
  const all = [head, ...rows].map((row) => head.map((_, c) => text(row[c])));
  const widths = head.map((_, c) => Math.max(...all.map((row) => Math.max(...row[c].map(displayWidth)))));
  const rule = (left: string, middle: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const lines = [rule('┌', '┬', '┐')];
  const put = (row: string[][]) => {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let k = 0; k < height; k++) {
      lines.push('│' + row.map((cell, c) => ' ' + (cell[k] ?? '') + ' '.repeat(widths[c] - displayWidth(cell[k] ?? '') + 1)).join('│') + '│');
    }
  };
  put(all[0]);
  if (all.length > 1) lines.push(rule('├', '┼', '┤'));
  for (let r = 1; r < all.length; r++) put(all[r]);
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}
