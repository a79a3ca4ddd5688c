import type { MachineSpec } from '@s2sim/hardware';
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
}

export interface PluginRun<Report, Result> {
  mapping: Mapping<Report>;
  sim: Simulation;
  result: Result;
}

/** The host's job in one call: map the model, load the image, run the ticks, turn read-back state into results. */
export function runPlugin<Model, Report, Result>(
  plugin: PluginDefinition<Model, Report, Result>,
  model: Model,
  opts: RunPluginOptions,
): PluginRun<Report, Result> {
  const mapping = plugin.map(model, { machine: opts.machine, tickNs: opts.tickNs, ticks: opts.ticks, seed: opts.seed, baseDir: opts.baseDir ?? process.cwd() });
  const registry = new PluginRegistry().register(plugin);
  const sim = new Simulation(opts.machine, registry.programs, { tickNs: opts.tickNs, seed: opts.seed, continueOnFault: opts.continueOnFault });
  sim.load(mapping.image);
  sim.run(opts.ticks, opts.onTick);
  return { mapping, sim, result: plugin.results(sim, mapping, model) };
}
