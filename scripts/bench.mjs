// npm run bench [-- --10m] [-- --rows N] [-- --repeat N] [-- --communes N] [-- --sorted] [-- --file F]: povcheck and
// DuckDB on the same generated household file (or on F, a file with the generator's columns). Each tool runs N times (3 by default), the tools taking turns, so that a busy
// moment of a shared machine falls on all of them; prints the median wall time, rows/s, MB/s, the
// largest peak RSS and the median CPU time (all threads) of each, the povcheck/DuckDB ratio of the medians, and checks that the
// tallies (households, poor, near-poor per district and review year) agree.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';

const args = process.argv.slice(2);
const given = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;
const sizes = given ? [undefined] : args.includes('--rows') ? [Number(args[args.indexOf('--rows') + 1])] : args.includes('--10m') ? [1_000_000, 10_000_000] : [1_000_000];
const repeat = args.includes('--repeat') ? Math.max(1, Number(args[args.indexOf('--repeat') + 1])) : 3;
const threads = String(Math.min(2, os.availableParallelism()));
// about N communes in all (a national review names ~10,000) instead of 372: the generator's --communes
const communes = args.includes('--communes') ? Number(args[args.indexOf('--communes') + 1]) : undefined;
// households listed commune by commune, as an export lists them (the generator's --sorted)
const sorted = args.includes('--sorted');
mkdirSync('bench', { recursive: true });

function lineFeeds(bytes) {
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}

function measure(label, childArgs, outFile) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['scripts/bench-child.mjs', ...childArgs], { encoding: 'utf8', env: { ...process.env, BENCH_OUT: outFile }, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
  const { maxRssKb, cpuSeconds } = JSON.parse(run.stdout.trim().split('\n').at(-1));
  return { label, seconds, cpuSeconds, rssMiB: maxRssKb / 1024 };
}

for (const size of sizes) {
  const file = given ?? `bench/households-${size >= 1e6 ? `${size / 1e6}m` : size}${communes === undefined ? '' : `-${communes}-communes`}${sorted ? '-sorted' : ''}.csv`;
  // (a given file's rows: its lines but the header)
  const rows = given ? lineFeeds(readFileSync(given)) - 1 : size;
  if (!given && !existsSync(file)) {
    console.log(`generating ${file} …`);
    const gen = spawnSync(process.execPath, ['scripts/gen-households.mjs', String(rows), file, ...(communes === undefined ? [] : ['--communes', String(communes)]), ...(sorted ? ['--sorted'] : [])], { stdio: 'inherit' });
    if (gen.status !== 0) process.exit(1);
  }
  const mb = statSync(file).size / 1e6;
  const tools = [
    ['povcheck summarize', ['povcheck', 'summarize', '--data', file, '--level', 'district', '--group', 'all', '--format', 'json'], 'bench/povcheck-summarize.json'],
    ['povcheck check', ['povcheck', 'check', '--data', file, '--format', 'json'], 'bench/povcheck-check.json'],
    [`DuckDB (${threads} threads)`, ['duckdb', file, threads], 'bench/duckdb.jsonl'],
  ];
  const all = tools.map(() => []);
  for (let n = 0; n < repeat; n++) tools.forEach(([label, childArgs, out], i) => all[i].push(measure(label, childArgs, out)));
  const runs = all.map((measured) => {
    const seconds = measured.map((m) => m.seconds).sort((a, b) => a - b);
    const cpu = measured.map((m) => m.cpuSeconds).sort((a, b) => a - b);
    return { label: measured[0].label, seconds: seconds[Math.floor(seconds.length / 2)], cpu: cpu[Math.floor(cpu.length / 2)], all: seconds, rssMiB: Math.max(...measured.map((m) => m.rssMiB)) };
  });
  console.log(`\n${file}: ${rows.toLocaleString('en')} rows, ${mb.toFixed(0)} MB, ${os.availableParallelism()} cores, Node ${process.version}, median of ${repeat} runs`);
  console.log('tool                    wall s   rows/s       MB/s    peak RSS MiB   CPU s   all runs s');
  for (const r of runs) {
    console.log(`${r.label.padEnd(22)} ${r.seconds.toFixed(2).padStart(7)}   ${Math.round(rows / r.seconds).toLocaleString('en').padStart(10)}   ${(mb / r.seconds).toFixed(0).padStart(6)}   ${r.rssMiB.toFixed(0).padStart(8)}   ${r.cpu.toFixed(2).padStart(7)}   ${r.all.map((x) => x.toFixed(2)).join(' ')}`);
  }
  const duck = runs[2].seconds;
  console.log(`ratio povcheck/DuckDB: summarize ${(runs[0].seconds / duck).toFixed(2)}, check ${(runs[1].seconds / duck).toFixed(2)}`);

  // the same tallies?
  const ours = new Map(JSON.parse(readFileSync('bench/povcheck-summarize.json', 'utf8')).map((t) => [`${t.unit.path.join('/')}|${t.year}`, [t.households, t.poor, t.nearPoor]]));
  const theirs = readFileSync('bench/duckdb.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const differ = theirs.filter((d) => JSON.stringify(ours.get(`${d.province}/${d.district}|${d.year}`)) !== JSON.stringify([Number(d.households), Number(d.poor), Number(d.near_poor)]));
  if (differ.length || theirs.length !== ours.size) {
    console.log(`TALLIES DIFFER: ${differ.length} of ${theirs.length} district-years (povcheck has ${ours.size})`);
    process.exitCode = 1;
  } else console.log(`tallies agree: ${theirs.length} district-years`);
}
