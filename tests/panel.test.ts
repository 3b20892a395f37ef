// The panel's id store: ids of every length find their slot again, across arena blocks and marks.
import { describe, expect, it } from 'vitest';
import { Panel } from '../src/tally/panel.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('panel ids', () => {
  it('finds 300,000 ids of 1 to 600 bytes again, across many 1 MiB arena blocks', () => {
    const panel = new Panel();
    const id = (n: number) => `${'x'.repeat(n % 600)}#${n}`;
    const slots: number[] = [];
    for (let n = 0; n < 300_000; n++) {
      const b = bytes(id(n));
      slots.push(panel.slot(b, 0, b.length));
    }
    expect(panel.size).toBe(300_000);
    expect(slots.slice(0, 3)).toEqual([0, 1, 2]);
    for (let n = 0; n < 300_000; n += 997) {
      const b = bytes(id(n));
      expect(panel.slot(b, 0, b.length)).toBe(n);
    }
    expect(panel.size).toBe(300_000);
  });

  it('keeps finding its ids when room is reserved before and after they came, and past the room reserved', () => {
    const panel = new Panel();
    const b = (n: number) => bytes(`H${n}`);
    for (let n = 0; n < 1000; n++) panel.slot(b(n), 0, b(n).length);
    panel.reserve(100_000);
    for (let n = 0; n < 200_000; n++) expect(panel.slot(b(n), 0, b(n).length)).toBe(n);
    panel.reserve(10);
    for (let n = 0; n < 200_000; n += 101) expect(panel.slot(b(n), 0, b(n).length)).toBe(n);
    expect(panel.size).toBe(200_000);
  });

  it('finds a duplicate per review year', () => {
    const panel = new Panel();
    expect(panel.record('HỘ-1', 2022, 3, 7, 1)).toBe(false);
    expect(panel.record('HỘ-1', 2023, 1, 7, 1)).toBe(false);
    expect(panel.record('HỘ-1', 2022, 2, 7, 1)).toBe(true);
    expect(panel.size).toBe(1);
  });

  it('lets a row of this thread displace a worker\'s row (later in the file), never the other way', () => {
    const panel = new Panel();
    const b = bytes('H9');
    expect(panel.recordOrdered(b, 0, 2, 2023, 3, 4, 0, true, 0b1000)).toBeUndefined();
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, false, 0)).toEqual({ displaced: { unit: 4, flags: 0, status: 3, bits: 0b1000 } });
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, true, 0)).toBe('duplicate');
    expect(panel.recordOrdered(b, 0, 2, 2023, 1, 6, 2, false, 0)).toBe('duplicate');
  });
});
