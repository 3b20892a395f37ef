// Measures what the panel of household ids costs per household:
//   npm run build && node --expose-gc scripts/measure-panel.mjs [households] [review years]
import { Panel } from '../dist/tally/panel.js';

const households = Number(process.argv[2] ?? 1_000_000);
const years = Number(process.argv[3] ?? 5);
const usage = () => {
  global.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrays: m.arrayBuffers };
};
const before = usage();
const panel = new Panel();
// ids as a parser hands them over: a fresh 12-character string per row, kept only by the panel
for (let y = 0; y < years; y++) {
  for (let i = 0; i < households; i++) panel.record(`HH-${String(i).padStart(9, '0')}`, 2021 + y, 1 + (i % 3), i % 500, i % 32, i + 2);
}
const after = usage();
const total = (after.heap - before.heap + after.arrays - before.arrays) / households;
// everything lives in typed arrays and one byte arena, grown by doubling: the figure includes the slack
console.log(`${panel.size} households × ${years} review years, 12-byte ids: ${total.toFixed(1)} bytes per household`);
