// One measured run, in its own process: node scripts/bench-child.mjs povcheck <args...> | duckdb <file> <threads>
// (povcheck: the bundled command line, dist/bundle/cli.js, which bin/povcheck.js runs)
// Writes the run's output to the file named by BENCH_OUT and prints {"maxRssKb": …, "cpuSeconds": …}
// (peak RSS, and CPU time of all its threads) as its last line.
import { writeFileSync } from 'node:fs';

const [kind, ...args] = process.argv.slice(2);
let out = '';
if (kind === 'povcheck') {
  const { run } = await import('../dist/bundle/cli.js');
  const io = { stdout: (t) => (out += t), stderr: (t) => process.stderr.write(t), env: { LANG: 'en' }, stdoutIsTTY: false, stderrIsTTY: false };
  process.exitCode = (await run(args, io)) === 2 ? 2 : 0;
} else {
  const original = console.log;
  console.log = (line) => (out += `${line}\n`);
  process.argv = [process.argv[0], 'bench-duckdb.mjs', ...args];
  await import('./bench-duckdb.mjs');
  console.log = original;
}
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, out);
const usage = process.resourceUsage();
console.log(JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
