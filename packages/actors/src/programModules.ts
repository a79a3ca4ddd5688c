import type { PeProgram } from './program';
import { ProgramRegistry } from './programRegistry';

const isProgram = (x: unknown): x is PeProgram =>
  !!x && typeof x === 'object' && typeof (x as PeProgram).name === 'string' && typeof (x as PeProgram).attach === 'function';

/**
 * Imports modules by name (a package name or a file URL) and registers every PE program they export, directly or
 * inside an exported plugin's `programs`: how a worker thread finds the code that a machine image names.
 */
export async function loadProgramModules(modules: readonly string[]): Promise<ProgramRegistry> {
  const registry = new ProgramRegistry();
  for (const m of modules) {
    const mod = (await import(m)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (isProgram(value)) registry.register(value);
      else if (value && typeof value === 'object' && Array.isArray((value as { programs?: unknown }).programs)) {
        for (const p of (value as { programs: unknown[] }).programs) if (isProgram(p)) registry.register(p);
      }
    }
  }
  return registry;
}
