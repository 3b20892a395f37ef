// Where povcheck's own files are: the package root holds package.json, rules/ (the bundled rulesets
// and reference data) and dist/. Found by walking up from this module, which may be compiled to
// dist/ or bundled into dist/bundle/ (or run from src/ by the tests): the same answer from each.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  name?: string;
  version: string;
}

/** The package root above `from`, and its package.json (read once here). */
function findRoot(from: string): { root: string; manifest: Manifest } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (manifest.name === 'povcheck') return { root: dir, manifest };
    }
    if (path.dirname(dir) === dir) throw new Error(`povcheck's package.json not found above ${from}`);
  }
}

const found = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const PACKAGE_ROOT = found.root;
/** povcheck's package.json */
export const PACKAGE_MANIFEST: Manifest = found.manifest;
