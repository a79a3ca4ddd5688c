import { performance } from 'node:perf_hooks';

/**
 * The s2sim side of the Brunel comparison: @s2sim/snn's brunelModel() (the same network as
 * apps/bench/brian2/brunel.py: Brunel 2000 Fig. 8C, same scaling rule) mapped and run on one chip, on this thread.
 * Timed like Brian2's side: `runS` is the simulation loop alone (Simulation.run), `setupS` mapping and loading.
 */
export interface S2simBrunelResult {
  setupS: number;
  runS: number;
  /** CPU seconds of this process during Simulation.run (one thread; robust to other load, unlike wall time). */
  cpuS: number;
  neurons: number;
  synapses: number;
  synapticEvents: number;
  rateEHz: number;
  rateIHz: number;
}

export type S2simBrunel = { ok: true; run: (p: { scale: number; durationMs: number; seed: number }) => S2simBrunelResult } | { ok: false; reason: string };

/** Imported lazily, so that a plugin in the middle of a change costs only this row, never the Brian2 rows. */
export async function s2simBrunel(): Promise<S2simBrunel> {
  let snn: typeof import('@s2sim/snn');
  let actors: typeof import('@s2sim/actors');
  let hardware: typeof import('@s2sim/hardware');
  try {
    [snn, actors, hardware] = await Promise.all([import('@s2sim/snn'), import('@s2sim/actors'), import('@s2sim/hardware')]);
  } catch (e) {
    return { ok: false, reason: `not available: @s2sim/snn does not import (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof snn.brunelModel !== 'function') return { ok: false, reason: 'not yet available: @s2sim/snn exports no brunelModel() yet, so s2sim is not measured and no ratio to Brian2 is reported' };
  return {
    ok: true,
    run({ scale, durationMs, seed }) {
      const t0 = performance.now();
      const { timestepMs, poissonSources: _sources, ...input } = snn.brunelModel({ scale });
      const model = snn.snnModelSchema.parse(input) as unknown as Parameters<typeof snn.snnPlugin.map>[0];
      const ticks = Math.round(durationMs / timestepMs);
      const tickNs = timestepMs * 1e6;
      const machine = hardware.machinePreset('chip');
      const plugin = snn.snnPlugin;
      // runPlugin's steps (actors/src/runPlugin.ts), split so that the loop is timed alone as Brian2's is.
      const mapping = plugin.map(model, { machine, tickNs, ticks, seed, baseDir: process.cwd() });
      const registry = new actors.PluginRegistry().register(plugin);
      const sim = new actors.Simulation(machine, registry.programs, { ...actors.mappingWindow(plugin, mapping), programModules: plugin.module ? [plugin.module] : [], tickNs, seed });
      sim.load(mapping.image);
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      sim.run(ticks);
      const c2 = process.cpuUsage(c1);
      const t2 = performance.now();
      const result = plugin.results(sim, mapping, model);
      const nE = result.sizes.exc;
      const nI = result.sizes.inh;
      const bioS = durationMs / 1000;
      const synapses = (input.projections ?? []).reduce((s, p) => s + ('n' in p.connector ? (p.connector.n as number) : 0) * result.sizes[p.post], 0);
      return {
        setupS: (t1 - t0) / 1000,
        runS: (t2 - t1) / 1000,
        cpuS: (c2.user + c2.system) / 1e6,
        neurons: nE + nI,
        synapses,
        synapticEvents: result.provenance.synapticEvents,
        rateEHz: result.spikes.exc.neurons.length / nE / bioS,
        rateIHz: result.spikes.inh.neurons.length / nI / bioS,
      };
    },
  };
}
