import { performance } from 'node:perf_hooks';
import { machinePreset } from '@s2sim/hardware';
import { PluginRegistry, Simulation } from '@s2sim/actors';
import { brunelModel, rateAndCv, snnModelSchema, snnPlugin, type SnnModel } from '@s2sim/snn';
import { median } from '../stats';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';

/**
 * Brunel (2000) Fig. 8C on one chip (examples/brunel.yaml; brunelModel() in @s2sim/snn): synaptic events per
 * wall-clock second of the simulation loop (mapping timed apart), on one thread. The issue's targets: >= 100 M
 * events/s per core and >= 2x Brian2's C++ standalone on the same machine (plugins/snn/validation/brunelCompare.ts
 * runs Brian2 on the same network).
 */
async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const scale = opts.quick ? 0.2 : 1;
  const durationMs = opts.quick ? 100 : 1000;
  const { timestepMs, poissonSources: _n, ...input } = brunelModel({ scale });
  const model = snnModelSchema.parse(input) as unknown as SnnModel;
  const machine = machinePreset('chip');
  const ticks = Math.round(durationMs / timestepMs);
  const tickNs = timestepMs * 1e6;
  const samples: Array<{ mapS: number; runS: number; cpuS: number; events: number; rateHz: number; cv: number; overruns: number }> = [];
  for (let r = 0; r < Math.max(1, opts.repeat); r++) {
    let t0 = performance.now();
    const mapping = snnPlugin.map(model, { machine, tickNs, ticks, seed: 1 + r, baseDir: '.' });
    const mapS = (performance.now() - t0) / 1000;
    const sim = new Simulation(machine, new PluginRegistry().register(snnPlugin).programs, { tickNs, seed: 1 + r });
    sim.load(mapping.image);
    const c0 = process.cpuUsage();
    t0 = performance.now();
    sim.run(ticks);
    const runS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const result = snnPlugin.results(sim, mapping, model);
    const exc = rateAndCv(result.spikes.exc.neurons, result.spikes.exc.timesMs, result.sizes.exc, durationMs / 4, durationMs);
    const overruns = sim.provenance().pes.reduce((s, p) => s + p.timerOverruns, 0);
    samples.push({ mapS, runS, cpuS: (cpu.user + cpu.system) / 1e6, events: result.provenance.synapticEvents, rateHz: exc.rateHz, cv: exc.cv, overruns });
  }
  const m = (k: keyof (typeof samples)[number]) => median(samples.map((s) => s[k]));
  return [
    {
      name: `Brunel Fig. 8C x${scale}, ${durationMs} ms at dt ${timestepMs} ms, 1 chip, 1 thread`,
      metrics: {
        neurons: 12_500 * scale,
        synapticEvents: m('events'),
        synapticEventsPerWallS: m('events') / m('runS'),
        synapticEventsPerCpuS: m('events') / m('cpuS'),
        runWallS: m('runS'),
        mapWallS: m('mapS'),
        realTimeFactor: m('runS') / (durationMs / 1000),
        excRateHz: m('rateHz'),
        excCvIsi: m('cv'),
        timerOverruns: m('overruns'),
      },
      notes: 'events counted by the neuron PEs (every synaptic word applied); wall time of sim.run only; the machine is shared, so CPU time is reported too',
    },
  ];
}

export const suite: NamedSuite = { name: 'snn-brunel', description: 'Brunel (2000) balanced network: synaptic events per second (issue 6 target >= 100 M/s per core)', run };
