// Where povcheck's own files are: the package root holds package.json, rules/ (the bundled rulesets
// and reference data) and dist/. Found by walking up from this module, which may be compiled to
// dist/ or bundled into dist/bundle/ (or run from src/ by the tests): the same answer from each.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'povcheck') return dir;
    if (path.dirname(dir) === dir) throw new Error(`povcheck's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
