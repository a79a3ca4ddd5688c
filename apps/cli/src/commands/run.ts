import { basename, extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PeFaultError, Simulation, mappingWindow, type OutputFile, type SimulationOptions } from '@s2sim/actors';
import { fixedLevelPolicy, type EnergyReport } from '@s2sim/power';
import { installedPlugins } from '../plugins';
import { loadScenario } from '../loadScenario';
import { mapScenario, withFile } from '../mapScenario';
import { chooseOutDir, writeResults } from '../resultsFolder';
import { provenanceSummary } from '../provenanceSummary';
import { createProgress, progressMode } from '../progress';
import { runPlots } from '../plots/runPlots';
import { versions } from '../versions';

/**
 * The energy account's headline numbers for result.json (the whole report, per PE, chip, board, level and
 * operation, goes to energy.json): parts that sum to the total, per level, per operation, per board.
 */
function energyAccountSummary(r: EnergyReport) {
  return {
    accountTotalJ: r.totalJ,
    meanPowerW: r.meanPowerW,
    parts: r.parts,
    byLevel: r.byLevel.map(({ level, energyJ, peTicks }) => ({ level, energyJ, peTicks })),
    perOperation: r.perOperation,
    dynamicPerNeuronAndSynapseOpJ: r.dynamicPerNeuronAndSynapseOpJ,
    chips: r.chips.length,
    boards: r.boards,
  };
}

export interface RunOptions {
  out?: string;
  seed?: number;
  duration?: number;
  threads?: number;
  quiet?: boolean;
  json?: boolean;
  plots?: boolean;
}

/** Wall time a chunk of ticks should take: short enough for Ctrl-C and the progress bar to feel immediate. */
const CHUNK_TARGET_MS = 100;
const ENERGY_BINS = 20_000;

/**
 * `s2sim run`: validate, map, simulate, write the results folder, print a summary. Returns the exit code: 0 done,
 * 1 the run failed or was interrupted (what was recorded is still written, marked complete: false); bad input
 * throws and reportError makes it 2.
 */
export async function runCommand(file: string, opts: RunOptions): Promise<number> {
  const plugins = await installedPlugins();
  const loaded = loadScenario(file, plugins, { seed: opts.seed, durationMs: opts.duration, threads: opts.threads });
  const { scenario, machine, plugin } = loaded;
  const name = scenario.name ?? basename(file, extname(file));
  const outDir = chooseOutDir(opts.out ?? scenario.output.dir, name);
  const t0 = performance.now();
  const mapping = mapScenario(loaded);
  const threads = scenario.run.threads;
  const simOptions: SimulationOptions = {
    tickNs: loaded.tickNs, seed: scenario.run.seed, threads,
    ...mappingWindow(plugin, mapping), programModules: plugin.module ? [plugin.module] : [],
    ...(loaded.performanceLevel !== undefined ? { dvfs: fixedLevelPolicy(loaded.performanceLevel) } : {}),
  };
  const sim = new Simulation(machine, plugins.programs, simOptions);
  withFile(file, () => sim.load(mapping.image));
  plugin.start?.(sim, mapping);
  // a plugin whose work ends by itself (a program halts) runs tick by tick until then: the ticks are an upper bound
  const finished = () => plugin.finished?.(sim, mapping) ?? false;
  const mapS = (performance.now() - t0) / 1000;

  // Ctrl-C: finish the current chunk, then write what was recorded, marked incomplete. A second Ctrl-C quits at once.
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const progress = createProgress(progressMode(opts.quiet, opts.json), loaded.ticks);
  // Energy per tick from the kernel's observation stream: exact up to ENERGY_BINS ticks; longer runs keep the mean
  // per tick of equal bins, so memory stays bounded however long the run.
  const binTicks = Math.ceil(loaded.ticks / ENERGY_BINS);
  const energyBins = new Float64Array(Math.ceil(loaded.ticks / binTicks));
  let observedJ = 0;
  const observation = sim.observe(binTicks, { spikes: false });
  const energySub = observation.energy$.subscribe((b) => {
    energyBins[Math.floor(b.tick / binTicks)] = (b.totalJ - observedJ) / binTicks;
    observedJ = b.totalJ;
  });
  const events = () => sim.provenance().pes.reduce((s, p) => s + p.interrupts, 0);
  const tRun = performance.now();
  let chunk = 1;
  let failure: string | undefined;
  progress.update({ ticks: 0, simulatedMs: 0, events: 0 });
  try {
    while (sim.ticksRun < loaded.ticks && !interrupted && !finished()) {
      const n = plugin.finished ? 1 : Math.min(chunk, loaded.ticks - sim.ticksRun);
      const c0 = performance.now();
      if (threads > 1) await sim.runAsync(n);
      else sim.run(n);
      const took = performance.now() - c0;
      chunk = Math.max(1, Math.min(chunk * 4, Math.round((n * CHUNK_TARGET_MS) / Math.max(took, 0.01))));
      progress.update({ ticks: sim.ticksRun, simulatedMs: (sim.ticksRun * loaded.tickNs) / 1e6, events: events() });
      await yieldToEventLoop(); // lets SIGINT and the progress bar's timer in
    }
  } catch (e) {
    if (!(e instanceof PeFaultError)) throw e;
    failure = e.message;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    energySub.unsubscribe();
    sim.unobserve(observation);
    if (threads > 1) await sim.close();
  }
  const runS = (performance.now() - tRun) / 1000;
  const complete = !interrupted && !failure && (sim.ticksRun === loaded.ticks || finished());
  const result = plugin.results(sim, mapping, loaded.model);
  const prov = sim.provenance();
  const counts = plugin.summary(result);
  const summary = provenanceSummary(prov);
  const energy = sim.energy();
  const energyReport = sim.energyReport();
  const ticksRun = sim.ticksRun;
  // The last bin, when the run stopped inside it, was never published: it gets what the meter holds beyond.
  if (ticksRun % binTicks !== 0) energyBins[Math.floor(ticksRun / binTicks)] = (energy.totalJ - observedJ) / binTicks;
  const timestepMs = loaded.tickNs / 1e6;
  const simulatedMs = ticksRun * timestepMs;
  const level = machine.pe.performanceLevels[loaded.performanceLevel ?? machine.pe.defaultPerformanceLevel ?? machine.pe.performanceLevels.length - 1];
  const budget = sim.cyclesPerTickBudget(loaded.performanceLevel);
  // A last, partial bin (run stopped early or ticks not a multiple) holds fewer ticks: its mean is rescaled.
  const energyCsv = ['tick,time_ms,ticks,energy_per_tick_j'];
  const energyPerTick = new Float64Array(Math.ceil(ticksRun / binTicks));
  for (let b = 0; b * binTicks < ticksRun; b++) {
    const n = Math.min(binTicks, ticksRun - b * binTicks);
    energyPerTick[b] = (energyBins[b] * binTicks) / n;
    energyCsv.push(`${b * binTicks},${+(b * binTicks * timestepMs).toFixed(6)},${n},${energyPerTick[b]}`);
  }
  const plotFiles = opts.plots === false || !scenario.output.plots
    ? []
    : await runPlots({ sim, result, pluginPlots: plugin.plots?.(result), energyPerTickJ: energyPerTick, binTicks, timestepMs, level: level.name, cyclesPerTickBudget: budget });
  const wallS = (performance.now() - t0) / 1000;
  const resultJson = {
    complete,
    ...(interrupted ? { stoppedBy: 'interrupt (Ctrl-C)' } : {}),
    ...(failure ? { failure } : {}),
    scenario: { file, name, plugin: scenario.plugin, content: scenario },
    seed: scenario.run.seed,
    machine: {
      name: machine.name, chips: machine.chips.length, pesPerChip: machine.chip.pes, dvfsPolicy: sim.dvfsPolicy,
      performanceLevel: level.name, cyclesPerTickBudget: budget, performanceLevels: sim.performanceLevels,
    },
    run: {
      ticks: ticksRun, ticksRequested: loaded.ticks, timestepMs, simulatedMs, threadsRequested: scenario.run.threads,
      wallTimeS: +wallS.toFixed(4), mapAndLoadS: +mapS.toFixed(4), simulateS: +runS.toFixed(4),
      realTimeFactor: simulatedMs > 0 ? +(runS / (simulatedMs / 1000)).toFixed(4) : null,
    },
    versions: versions(),
    counts,
    provenance: summary,
    energy: { ...energy, ...energyAccountSummary(energyReport), perTickFile: 'energy-per-tick.csv', reportFile: 'energy.json', assumption: 'energy parameters are model assumptions (see HARDWARE.md); relative numbers are more meaningful than absolute ones' },
    plots: plotFiles.filter((f) => f.path.endsWith('.svg')).map((f) => f.path),
  };
  const files: OutputFile[] = [
    { path: 'result.json', content: JSON.stringify(resultJson, null, 2) + '\n' },
    { path: 'provenance.json', content: JSON.stringify({ mapping: mapping.report, ...prov }, null, 2) + '\n' },
    { path: 'energy-per-tick.csv', content: energyCsv.join('\n') + '\n' },
    { path: 'energy.json', content: JSON.stringify(energyReport, null, 1) + '\n' },
    ...plugin.outputs(result),
    ...plotFiles,
  ];
  const written = writeResults(outDir, files);
  const code = complete ? 0 : 1;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ ...resultJson, outDir: written }) + '\n');
    return code;
  }
  if (opts.quiet) return code;
  const status = complete ? 'ran' : interrupted ? 'interrupted' : 'FAILED';
  const lines = [
    `s2sim ${resultJson.versions.s2sim}: ${status} '${name}' (${scenario.plugin}) on ${machine.name}: ${ticksRun}${complete ? '' : ` of ${loaded.ticks}`} ticks = ${simulatedMs} ms simulated in ${runS.toFixed(3)} s (${wallS.toFixed(2)} s with mapping and plots)`,
    ...(failure ? [`  failure: ${failure}`] : []),
    `  PEs used: ${summary.pesUsed}, timer overruns: ${summary.timerOverruns}, packets: ${summary.multicastRouted} routed, ${summary.packetsDropped} dropped`,
    `  busiest tick of a PE: ${Math.round(summary.maxBusyCyclesPerTick).toLocaleString('en-US')} cycles of the ${Math.round(budget).toLocaleString('en-US')} a tick holds at ${level.name} (${((100 * summary.maxBusyCyclesPerTick) / budget).toFixed(1)}%)`,
    ...Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`),
    `  energy: ${(energy.totalJ * 1e3).toFixed(4)} mJ (model assumptions)`,
    `  results: ${written}${complete ? '' : ' (incomplete: result.json has complete: false)'}`,
    ...(plotFiles.length ? [`  plots: ${resultJson.plots.map((p) => p.replace(/^plots\//, '')).join(', ')} (SVG and PNG); HTML report: s2sim report ${written}`] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return code;
}
