import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';
import type { NamedSuite } from './types';

/** A discovered suite and the module it came from (the harness re-imports that file in a child process). */
export interface SuiteEntry {
  suite: NamedSuite;
  file: string;
}

/** Suite modules: every src/suites/*.ts that is not a test or a worker entry (*.main.ts), sorted by file name. */
export function suiteFiles(): string[] {
  const dir = fileURLToPath(new URL('./suites/', import.meta.url));
  return readdirSync(dir)
    .sort()
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.main.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** Imports one suite module; undefined if it exports no `suite`. */
export async function loadSuite(file: string): Promise<NamedSuite | undefined> {
  const mod = (await import(pathToFileURL(file).href)) as { suite?: NamedSuite };
  return mod.suite;
}

/** A suite module that could not be imported (another package mid-change, a syntax error): named by its file stem. */
export interface BrokenSuite {
  name: string;
  file: string;
  error: string;
}

/**
 * Finds every suite module in src/suites (files exporting `suite`), with the file each came from. A module that fails
 * to import is listed in `broken` (when given) instead of stopping the others.
 */
export async function discoverSuiteEntries(broken?: BrokenSuite[]): Promise<Map<string, SuiteEntry>> {
  const found = new Map<string, SuiteEntry>();
  for (const file of suiteFiles()) {
    let suite: NamedSuite | undefined;
    try {
      suite = await loadSuite(file);
    } catch (e) {
      if (!broken) throw e;
      broken.push({ name: basename(file, '.ts'), file, error: `cannot import ${file}: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    if (!suite) continue;
    const prev = found.get(suite.name);
    if (prev) throw new Error(`bench: two suites are named '${suite.name}' (${prev.file} and ${file}); rename one`);
    found.set(suite.name, { suite, file });
  }
  return found;
}

/** Finds every suite module in src/suites (files exporting `suite`), sorted by name. */
export async function discoverSuites(): Promise<Map<string, NamedSuite>> {
  return new Map([...(await discoverSuiteEntries())].map(([name, e]) => [name, e.suite]));
}
