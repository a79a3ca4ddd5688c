import { performance } from 'node:perf_hooks';
import { machinePreset } from '@s2sim/hardware';
import { PluginRegistry, Simulation, mappingWindow } from '@s2sim/actors';
import { microcircuitModel, snnModelSchema, snnPlugin, type SnnModel } from '@s2sim/snn';
import { processPeakRssMiB, startPeakProbe } from '../peakMemory';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';
import { stageMetrics } from '../snnStages';

const SEED = 1;
/** The memory target: a 48-chip board filled with at least a million neurons runs within 16 GiB. */
const TARGET_MIB = 16 * 1024;

/**
 * A 48-chip board filled with a million neurons: 130 independent Potjans-Diesmann columns at scale 0.1 (7,718
 * IF_curr_exp neurons and 2.8 million synapses each, their delays over 1.5 ms through delay extension PEs), so
 * 1,003,340 neurons and 0.37 billion synapses on about 7,000 of the board's 7,296 PEs. Measured: mapping time,
 * then per thread count (whole chips per thread) a fresh simulation loaded from the same mapping and run for a few
 * ticks, with the peak RSS of the process (kernel high-water mark) against 16 GiB. Quick: 13 columns.
 */
async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const columns = opts.quick ? 13 : 130;
  const ticks = opts.quick ? 20 : 50;
  const { timestepMs, ...input } = microcircuitModel({ scale: 0.1, columns });
  const model = snnModelSchema.parse(input) as unknown as SnnModel;
  const machine = machinePreset('board48');
  const tickNs = timestepMs * 1e6;
  const neurons = model.populations.reduce((s, p) => s + p.size, 0);

  const mapProbe = startPeakProbe();
  let t = performance.now();
  const cpu0 = process.cpuUsage();
  const mapping = snnPlugin.map(model, { machine, tickNs, ticks, seed: SEED, baseDir: '.' });
  const mapS = (performance.now() - t) / 1000;
  const mapCpu = process.cpuUsage(cpu0);
  const mapPeak = mapProbe.stop();
  const chips = new Set(mapping.image.pes.map((p) => `${p.chip.x},${p.chip.y}`)).size;
  const shape = `${columns} microcircuit columns x 0.1 (${neurons} neurons, ${mapping.report.synapses} synapses) on ${mapping.image.pes.length} PEs of ${chips} chips`;
  const rows: BenchRow[] = [
    {
      name: `map ${shape}`,
      metrics: {
        neurons, synapses: mapping.report.synapses, pes: mapping.image.pes.length, chips, mapWallS: mapS, mapCpuS: (mapCpu.user + mapCpu.system) / 1e6, ...stageMetrics(mapping.report.stageSeconds), mapPeakRssMiB: mapPeak.peakRssMiB,
        dramRowBytes: mapping.report.dramBytes, maxTableEntries: Math.max(...mapping.report.tables.map((x) => x.entries)),
      },
      notes: 'snnPlugin.map alone; peak RSS = kernel high-water mark over the mapping',
    },
  ];
  for (const threads of [...new Set([1, ...opts.threads])].sort((a, b) => a - b)) {
    const probe = startPeakProbe();
    const sim = new Simulation(machine, new PluginRegistry().register(snnPlugin).programs, {
      ...mappingWindow(snnPlugin, mapping), programModules: snnPlugin.module ? [snnPlugin.module] : [], tickNs, seed: SEED, threads,
    });
    const step = (n: number) => (threads === 1 ? Promise.resolve(sim.run(n)) : sim.runAsync(n));
    t = performance.now();
    sim.load(mapping.image);
    // Tick 0 apart: it starts the worker threads and sends them the board's layout, which is no simulation.
    await step(1);
    const loadS = (performance.now() - t) / 1000;
    t = performance.now();
    await step(ticks - 1);
    const runS = (performance.now() - t) / 1000;
    const result = snnPlugin.results(sim, mapping, model);
    if (threads > 1) await sim.close();
    const peak = probe.stop();
    const spikes = Object.values(result.spikes).reduce((s, x) => s + x.neurons.length, 0);
    rows.push({
      name: `run ${shape}, ${ticks} ticks [${threads} thread${threads > 1 ? 's' : ''}]`,
      metrics: {
        threads, ticks, loadWallS: loadS, runWallS: runS, wallMsPerTick: (1000 * runS) / (ticks - 1), realTimeFactor: runS / (((ticks - 1) * timestepMs) / 1000),
        spikes, synapticEvents: result.provenance.synapticEvents, peakRssMiB: peak.peakRssMiB, processPeakRssMiB: processPeakRssMiB(), targetMiB: TARGET_MIB,
      },
      notes: `peakRssMiB: load + run + results with the mapping held (its high-water mark since the probe started); processPeakRssMiB: the whole process so far, mapping included; run = ticks 1.. (tick 0, which starts the workers, is in loadWallS)`,
    });
  }
  return rows;
}

export const suite: NamedSuite = {
  name: 'snn-board',
  description: 'A 48-chip board filled with a million neurons (130 microcircuit columns at scale 0.1): mapping time, run time per tick and peak RSS against the 16 GiB target (issue 6)',
  run,
};
