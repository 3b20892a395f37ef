// One measured run, in its own process: node scripts/bench-child.mjs povcheck <args...> | duckdb <file> <threads>
// povcheck: bin/povcheck.js itself, as a user runs it (it starts its worker thread from the arguments
// and leaves as soon as its output is out), writing its report to the file named by BENCH_OUT
// (--output); DuckDB: scripts/bench-duckdb.mjs, its output written to that file.
// Prints {"maxRssKb": …, "cpuSeconds": …} (peak RSS, and CPU time of all its threads) as its last line.
import { writeFileSync, writeSync } from 'node:fs';

const [kind, ...args] = process.argv.slice(2);
const usage = () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  return `${JSON.stringify({ maxRssKb: maxRSS, cpuSeconds: (userCPUTime + systemCPUTime) / 1e6 })}\n`;
};
if (kind === 'povcheck') {
  // (bin/povcheck.js ends the process itself: the figures are taken as it does)
  process.on('exit', (code) => {
    if (code === 2) return;
    process.exitCode = 0;
    writeSync(1, usage());
  });
  process.argv = [process.argv[0], new URL('../bin/povcheck.js', import.meta.url).pathname, ...args, ...(process.env.BENCH_OUT ? ['--output', process.env.BENCH_OUT] : [])];
  await import('../bin/povcheck.js');
} else {
  let out = '';
  const original = console.log;
  console.log = (line) => (out += `${line}\n`);
  process.argv = [process.argv[0], 'bench-duckdb.mjs', ...args];
  await import('./bench-duckdb.mjs');
  console.log = original;
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, out);
  process.stdout.write(usage());
}
