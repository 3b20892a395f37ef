#!/usr/bin/env node
// A small shim: the command line lives in dist/bundle/cli.js (src/cli.ts, compiled and bundled by npm run build).
// A worker thread for a large data file starts first, while the command line's modules load (src/fast/prewarm.ts).
import { startWorkerForArgs } from '../dist/bundle/prewarm.js';

startWorkerForArgs(process.argv.slice(2));
const { run } = await import('../dist/bundle/cli.js');

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

run(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // Done: once what was written to stdout and stderr has gone out, leave without tearing down a
  // large heap (the panel of a national file: tens of milliseconds).
  let pending = 2;
  const leave = () => --pending === 0 && process.exit(code);
  process.stdout.write('', leave);
  process.stderr.write('', leave);
});
