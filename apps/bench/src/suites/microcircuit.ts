import { performance } from 'node:perf_hooks';
import { machinePreset } from '@s2sim/hardware';
import { PluginRegistry, Simulation, mappingWindow } from '@s2sim/actors';
import { MICROCIRCUIT, MICROCIRCUIT_REFERENCE_RATES, microcircuitModel, snnModelSchema, snnPlugin, type SnnModel } from '@s2sim/snn';
import { startPeakProbe } from '../peakMemory';
import { scalingMetrics, scalingThreadCounts } from '../scaling';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';
import { stageMetrics } from '../snnStages';

const SEED = 1;

/**
 * The Potjans & Diesmann (2014) cortical microcircuit (microcircuitModel in @s2sim/snn) on a 48-chip board: mapping
 * time and its peak RSS, then per thread count (whole chips per thread) the simulation's wall and CPU time,
 * real-time factor, synaptic events per second, peak RSS and the mean rate of each population beside the
 * published one. The target: RTF <= 5 on 2 cores at full scale. Full: scale 1 (77,169 neurons, about 0.3
 * billion synapses); quick: scale 0.1. The network is mapped once per run and loaded afresh for each thread count.
 */
async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const scale = opts.quick ? 0.1 : 1;
  const durationMs = opts.quick ? 100 : 200;
  // Rates from this time on (the start, from v = N(-58, 10) mV, is a transient).
  const fromMs = durationMs / 2;
  const { timestepMs, ...input } = microcircuitModel({ scale });
  const model = snnModelSchema.parse(input) as unknown as SnnModel;
  const machine = machinePreset('board48');
  const ticks = Math.round(durationMs / timestepMs);
  const tickNs = timestepMs * 1e6;

  const mapProbe = startPeakProbe();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const mapping = snnPlugin.map(model, { machine, tickNs, ticks, seed: SEED, baseDir: '.' });
  const mapS = (performance.now() - t0) / 1000;
  const mapCpu = process.cpuUsage(cpu0);
  const mapPeak = mapProbe.stop();
  const report = mapping.report;
  const chips = new Set(mapping.image.pes.map((p) => `${p.chip.x},${p.chip.y}`)).size;
  const neurons = model.populations.reduce((s, p) => s + p.size, 0);
  const shape = `scale ${scale} (${neurons} neurons, ${report.synapses} synapses), ${durationMs} ms at dt ${timestepMs} ms, ${mapping.image.pes.length} PEs on ${chips} chips`;
  const rows: BenchRow[] = [
    {
      name: `map microcircuit ${shape}`,
      metrics: {
        neurons, synapses: report.synapses, pes: mapping.image.pes.length, chips, delayExtensionPes: report.delayExtensions,
        mapWallS: mapS, mapCpuS: (mapCpu.user + mapCpu.system) / 1e6, ...stageMetrics(report.stageSeconds), mapPeakRssMiB: mapPeak.peakRssMiB, mapStartRssMiB: mapProbe.startRssMiB, dramRowBytes: report.dramBytes, tableEntries: report.tableEntries,
      },
      notes: 'snnPlugin.map alone (connectors, split, placement, delay extensions, rows, routes); mapCpuS counts every thread (connectors expand on worker threads); peak RSS = kernel high-water mark over the mapping',
    },
  ];

  let oneThreadS = NaN;
  for (const threads of scalingThreadCounts(opts.threads)) {
    const probe = startPeakProbe();
    const sim = new Simulation(machine, new PluginRegistry().register(snnPlugin).programs, {
      ...mappingWindow(snnPlugin, mapping), programModules: snnPlugin.module ? [snnPlugin.module] : [], tickNs, seed: SEED, threads,
    });
    const step = (n: number) => (threads === 1 ? Promise.resolve(sim.run(n)) : sim.runAsync(n));
    let t = performance.now();
    sim.load(mapping.image);
    // The first tick apart: it starts the worker threads (their import of the programs), which is no simulation.
    await step(1);
    const loadS = (performance.now() - t) / 1000;
    const c0 = process.cpuUsage();
    t = performance.now();
    await step(ticks - 1);
    const runS = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(c0);
    const result = snnPlugin.results(sim, mapping, model);
    const overruns = sim.provenance().pes.reduce((s, p) => s + p.timerOverruns, 0);
    if (threads > 1) await sim.close();
    const peak = probe.stop();
    if (threads === 1) oneThreadS = runS;
    const bioS = ((ticks - 1) * timestepMs) / 1000;
    const rates: Record<string, number> = {};
    MICROCIRCUIT.populations.forEach((pop, i) => {
      const train = result.spikes[pop];
      let n = 0;
      for (let k = 0; k < train.timesMs.length; k++) if (train.timesMs[k] >= fromMs) n++;
      const hz = n / result.sizes[pop] / ((durationMs - fromMs) / 1000);
      rates[`rate${pop}Hz`] = hz;
      rates[`ref${pop}Hz`] = MICROCIRCUIT_REFERENCE_RATES.ratesHz[i];
    });
    const events = result.provenance.synapticEvents;
    rows.push({
      name: `microcircuit ${shape} [${threads} thread${threads > 1 ? 's' : ''}]`,
      metrics: {
        threads,
        runWallS: runS,
        runCpuS: (cpu.user + cpu.system) / 1e6,
        realTimeFactor: runS / bioS,
        synapticEvents: events,
        synapticEventsPerWallS: events / runS, // includes tick 0's few events (the network starts quiet)
        loadWallS: loadS,
        peakRssMiB: peak.peakRssMiB,
        timerOverruns: overruns,
        ringSaturations: result.provenance.ringSaturations,
        ...scalingMetrics(oneThreadS, runS, threads),
        ...rates,
      },
      notes: `wall of Simulation.run / runAsync over ticks 1.. (tick 0, which starts the workers, is in loadWallS); events over all ticks; RTF = wall s per biological s (target <= 5 on 2 cores); rates over ${fromMs}-${durationMs} ms; ref*Hz: ${MICROCIRCUIT_REFERENCE_RATES.source} (a second NEST set, for the spread: ${MICROCIRCUIT_REFERENCE_RATES.nestRatesHz.join(', ')} Hz); initial v: NEST's 'optimized' per-population distributions; peak RSS over load + run + results, the mapping still held`,
      scaling: { group: `microcircuit scale ${scale}`, threads },
    });
  }
  return rows;
}

export const suite: NamedSuite = {
  name: 'microcircuit',
  description: 'Potjans-Diesmann cortical microcircuit on board48: mapping time and RSS, real-time factor, synaptic events/s and population rates vs the published ones at 1 and 2 threads (issue 6: RTF <= 5 on 2 cores at full scale)',
  run,
};
