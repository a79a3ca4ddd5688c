import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { NamedSuite } from './types';

/** Finds every suite module in src/suites (files exporting `suite`), sorted by name. */
export async function discoverSuites(): Promise<Map<string, NamedSuite>> {
  const dir = fileURLToPath(new URL('./suites/', import.meta.url));
  const found = new Map<string, NamedSuite>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.endsWith('.main.ts')) continue;
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { suite?: NamedSuite };
    if (mod.suite) found.set(mod.suite.name, mod.suite);
  }
  return found;
}
