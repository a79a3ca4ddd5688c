import type { MachineSpec } from '@s2sim/hardware';
import type { SimulationOptions } from './kernelOptions';
import type { Mapping, PluginDefinition } from './plugin';
import { PluginRegistry } from './pluginRegistry';
import { Simulation } from './simulation';

export interface RunPluginOptions {
  machine: MachineSpec;
  ticks: number;
  tickNs: number;
  seed: number;
  baseDir?: string;
  continueOnFault?: boolean;
  onTick?: (tick: number) => void;
  /** Further kernel options (threads, windowTicks, latencies, capacities, DVFS). */
  kernel?: Partial<SimulationOptions>;
  /** runPluginAsync: keep the worker threads for later runs (default: stop them, so the process can exit). */
  keepWorkers?: boolean;
}

export interface PluginRun<Report, Result> {
  mapping: Mapping<Report>;
  sim: Simulation;
  result: Result;
}

/**
 * The kernel's delivery guarantee and window length for a mapped model: the mapping's own minimum delay, else the
 * plugin's, else one tick. Windows as long as that guarantee are safe (a packet between chips is delivered at its
 * due tick whatever the window, so results do not depend on it) and need the fewest barriers between threads.
 */
export function mappingWindow(plugin: { minDelayTicks?: number }, mapping: { minDelayTicks?: number }): { minDelayTicks: number; windowTicks: number } {
  const ticks = Math.max(1, Math.floor(mapping.minDelayTicks ?? plugin.minDelayTicks ?? 1));
  return { minDelayTicks: ticks, windowTicks: ticks };
}

function prepare<Model, Report, Result>(plugin: PluginDefinition<Model, Report, Result>, model: Model, opts: RunPluginOptions) {
  const mapping = plugin.map(model, { machine: opts.machine, tickNs: opts.tickNs, ticks: opts.ticks, seed: opts.seed, baseDir: opts.baseDir ?? process.cwd() });
  const registry = new PluginRegistry().register(plugin);
  const sim = new Simulation(opts.machine, registry.programs, {
    ...mappingWindow(plugin, mapping),
    programModules: plugin.module ? [plugin.module] : [],
    ...opts.kernel,
    tickNs: opts.tickNs, seed: opts.seed, continueOnFault: opts.continueOnFault,
  });
  sim.load(mapping.image);
  plugin.start?.(sim, mapping);
  return { mapping, sim };
}

/** The host's job in one call, on this thread: map the model, load the image, run the ticks, read results back. */
export function runPlugin<Model, Report, Result>(
  plugin: PluginDefinition<Model, Report, Result>,
  model: Model,
  opts: RunPluginOptions,
): PluginRun<Report, Result> {
  const { mapping, sim } = prepare(plugin, model, opts);
  if (plugin.finished) {
    for (let t = 0; t < opts.ticks && !plugin.finished(sim, mapping); t++) sim.run(1, opts.onTick);
  } else sim.run(opts.ticks, opts.onTick);
  return { mapping, sim, result: plugin.results(sim, mapping, model) };
}

/** As runPlugin, over worker threads (`kernel.threads`, default: the number of cores); closes the workers after. */
export async function runPluginAsync<Model, Report, Result>(
  plugin: PluginDefinition<Model, Report, Result>,
  model: Model,
  opts: RunPluginOptions,
): Promise<PluginRun<Report, Result>> {
  const { mapping, sim } = prepare(plugin, model, opts);
  try {
    if (plugin.finished) {
      for (let t = 0; t < opts.ticks && !plugin.finished(sim, mapping); t++) await sim.runAsync(1);
    } else await sim.runAsync(opts.ticks);
  } finally {
    if (!opts.keepWorkers) await sim.close();
  }
  return { mapping, sim, result: plugin.results(sim, mapping, model) };
}
