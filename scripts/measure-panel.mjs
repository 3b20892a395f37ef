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
const heap = (after.heap - before.heap) / households;
const arrays = (after.arrays - before.arrays) / households;
console.log(`${panel.size} households × ${years} review years:`);
console.log(`  id → slot map, ids included: ${heap.toFixed(1)} bytes per household`);
console.log(`  per-year columns:            ${arrays.toFixed(1)} bytes per household (${(arrays / years).toFixed(1)} per review year)`);
console.log(`  total:                       ${(heap + arrays).toFixed(1)} bytes per household`);
