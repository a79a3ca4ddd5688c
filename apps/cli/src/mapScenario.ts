import type { Mapping } from '@s2sim/actors';
import type { LoadedScenario } from './loadScenario';
import { isUserError } from './reportError';

/** Errors of the user's model found while mapping (a delay, a size that does not fit) get the scenario file's name. */
export function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isUserError(e) && !(e as Error).message.startsWith(file)) (e as Error).message = `${file}: ${(e as Error).message}`;
    throw e;
  }
}

/** Runs the plugin's mapper (machine graph, placement, keys, routes, images) for a loaded scenario. */
export function mapScenario(loaded: LoadedScenario): Mapping {
  return withFile(loaded.file, () =>
    loaded.plugin.map(loaded.model, {
      machine: loaded.machine, tickNs: loaded.tickNs, ticks: loaded.ticks, seed: loaded.scenario.run.seed, baseDir: loaded.baseDir,
    }),
  );
}
