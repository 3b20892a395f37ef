import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { box, displayWidth, type BoxCell } from '../src/formatters/box.js';
import { rng } from './helpers.js';

const chalk = new Chalk({ level: 1 });

/** What cli-table3 makes of the same table, laid out as povcheck laid out its tables with it. */
function cliTable3(head: BoxCell[], rows: BoxCell[][]): string {
  const table = new Table({ head: head as string[], style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(row as string[]);
  return table.toString();
}

describe('box: the terminal table', () => {
  it.each([
    ['ASCII', 'pass', 4],
    ['Vietnamese (NFC)', 'Thừa Thiên Huế / A Lưới', 23],
    ['Vietnamese, combining marks (NFD)', 'Lâm Đồng'.normalize('NFD'), 8],
    ['East Asian wide (full-width letters too; half-width kana take one)', '中文 ｶﾅ ＡＢ', 12],
    ['a colour code', chalk.red.bold('fail'), 4],
    ['an emoji', 'ok 😀', 5],
    ['control characters', 'a\tb\u0007', 2],
    ['the dash of a missing figure', '–', 1],
  ])('counts the columns of %s as cli-table3 does', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
    expect(box(['x'], [[text]])).toBe(cliTable3(['x'], [[text]]));
  });

  it('draws a head, a rule and rows; a head alone without the rule; cells of several lines as several lines', () => {
    expect(box(['unit', 'n'], [['Lâm Đồng', 12], ['Xã A\nthôn 2', null], [undefined, '']]).split('\n')).toEqual([
      '┌──────────┬────┐',
      '│ unit     │ n  │',
      '├──────────┼────┤',
      '│ Lâm Đồng │ 12 │',
      '│ Xã A     │    │',
      '│ thôn 2   │    │',
      '│          │    │',
      '└──────────┴────┘',
    ]);
    expect(box(['a', 'bb'], [])).toBe('┌───┬────┐\n│ a │ bb │\n└───┴────┘');
  });

  it('gives what cli-table3 gives for 300 seeded tables of every kind of cell', () => {
    const random = rng(7);
    const cells: BoxCell[] = ['', 'x', 'Thái Nguyên / Võ Nhai', 'Xã Hồng Kim', 'Đồng'.normalize('NFD'), '中文', 'ｶﾅ', '–', 0, 12.5, 2025, null, undefined, 'hai\ndòng', 'a\nb\nc', chalk.green('pass'), chalk.gray('no data'), '10.52 %', 'cut 1–1.5 pp every year'];
    for (let n = 0; n < 300; n++) {
      const columns = 1 + Math.floor(random() * 6);
      const pick = () => cells[Math.floor(random() * cells.length)];
      const head = Array.from({ length: columns }, () => (random() < 0.8 ? pick() ?? 'h' : 'h'));
      const rows = Array.from({ length: Math.floor(random() * 6) }, () => Array.from({ length: columns }, pick));
      expect(box(head, rows), JSON.stringify({ head, rows })).toBe(cliTable3(head, rows));
    }
  });
});
