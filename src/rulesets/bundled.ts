// The bundled rulesets (rules/*.yaml) as they were read and validated at build time: a check with
// the bundled rulesets reads them from dist/bundled-rulesets.json instead of parsing YAML and
// validating it again (~60 ms at start-up). The cache keeps each file's text and is used only when
// the folder still holds exactly those files with exactly that text; otherwise the rulesets are read
// as any others (an edited bundled ruleset counts, mistakes and all).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { Ruleset } from './schema.js';

export const BUNDLED_RULES_DIR = path.join(PACKAGE_ROOT, 'rules') + path.sep;
export const BUNDLED_CACHE = path.join(PACKAGE_ROOT, 'dist', 'bundled-rulesets.json');

/** What the cache holds: per file of the folder (sorted by name), its text and its ruleset (file: its name). */
export interface BundledCache {
  files: { name: string; text: string; ruleset: Ruleset }[];
}

/** The ruleset files of a folder (.yaml, .yml), by name. */
export const rulesetNames = async (dir: string) => (await fs.readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();

/** The cache of the rulesets of a folder, from its files and their rulesets (read without mistakes). */
export async function bundledCache(dir: string, rulesets: Ruleset[]): Promise<BundledCache> {
  const files = [];
  for (const name of await rulesetNames(dir)) {
    const ruleset = rulesets.find((r) => path.basename(r.file) === name);
    if (!ruleset) throw new Error(`no ruleset read from ${name}`);
    files.push({ name, text: await fs.readFile(path.join(dir, name), 'utf8'), ruleset: { ...ruleset, file: name } });
  }
  return { files };
}

/** The bundled rulesets from the cache, or undefined when there is none or the folder has changed since. */
export async function cachedRulesets(dir = BUNDLED_RULES_DIR, cacheFile = BUNDLED_CACHE): Promise<Ruleset[] | undefined> {
  let cache: BundledCache;
  try {
    cache = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as BundledCache;
  } catch {
    return undefined;
  }
  const names = await rulesetNames(dir);
  if (names.length !== cache.files.length || names.some((name, i) => name !== cache.files[i].name)) return undefined;
  for (const { name, text } of cache.files) if ((await fs.readFile(path.join(dir, name), 'utf8')) !== text) return undefined;
  return cache.files.map(({ name, ruleset }) => ({ ...ruleset, file: path.join(dir, name) }));
}
