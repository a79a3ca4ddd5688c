import { basename, extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPlugin, type OutputFile } from '@s2sim/actors';
import { installedPlugins } from '../plugins';
import { loadScenario } from '../loadScenario';
import { chooseOutDir, writeResults } from '../resultsFolder';
import { provenanceSummary } from '../provenanceSummary';
import { VERSION } from '../version';
import { isUserError } from '../reportError';

/** Errors of the user's model found while mapping (a delay, a size that does not fit) get the scenario file's name. */
function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isUserError(e)) (e as Error).message = `${file}: ${(e as Error).message}`;
    throw e;
  }
}

export interface RunOptions {
  out?: string;
  seed?: number;
  duration?: number;
  quiet?: boolean;
  json?: boolean;
}

/** `s2sim run`: validate, map, simulate, write the results folder, print a summary. */
export function runCommand(file: string, opts: RunOptions): void {
  const loaded = loadScenario(file, installedPlugins(), { seed: opts.seed, durationMs: opts.duration });
  const name = loaded.scenario.name ?? basename(file, extname(file));
  const outDir = chooseOutDir(opts.out, name);
  const t0 = performance.now();
  const { mapping, sim, result } = withFile(file, () =>
    runPlugin(loaded.plugin, loaded.model, {
      machine: loaded.machine, ticks: loaded.ticks, tickNs: loaded.tickNs, seed: loaded.scenario.run.seed, baseDir: loaded.baseDir,
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  const prov = sim.provenance();
  const counts = loaded.plugin.summary(result);
  const summary = provenanceSummary(prov);
  const energy = sim.energy();
  const simulatedMs = (loaded.ticks * loaded.tickNs) / 1e6;
  const resultJson = {
    s2sim: VERSION,
    complete: true,
    scenario: { file, name, plugin: loaded.scenario.plugin, content: loaded.scenario },
    seed: loaded.scenario.run.seed,
    machine: { name: loaded.machine.name, chips: loaded.machine.chips.length, pesPerChip: loaded.machine.chip.pes, dvfsPolicy: sim.dvfsPolicy, performanceLevels: sim.performanceLevels },
    run: { ticks: loaded.ticks, timestepMs: loaded.tickNs / 1e6, simulatedMs, wallTimeS: +wallS.toFixed(4), realTimeFactor: +(wallS / (simulatedMs / 1000)).toFixed(4) },
    versions: { s2sim: VERSION, node: process.version },
    counts,
    provenance: summary,
    energy: { ...energy, assumption: 'energy parameters are model assumptions (see HARDWARE.md); relative numbers are more meaningful than absolute ones' },
  };
  const files: OutputFile[] = [
    { path: 'result.json', content: JSON.stringify(resultJson, null, 2) + '\n' },
    { path: 'provenance.json', content: JSON.stringify({ mapping: mapping.report, ...prov }, null, 2) + '\n' },
    ...loaded.plugin.outputs(result),
  ];
  const written = writeResults(outDir, files);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ ...resultJson, outDir: written }) + '\n');
    return;
  }
  if (opts.quiet) return;
  const lines = [
    `s2sim ${VERSION}: ran '${name}' (${loaded.scenario.plugin}) on ${loaded.machine.name}: ${loaded.ticks} ticks = ${simulatedMs} ms simulated in ${wallS.toFixed(3)} s`,
    `  PEs used: ${summary.pesUsed}, timer overruns: ${summary.timerOverruns}, packets: ${summary.multicastRouted} routed, ${summary.packetsDropped} dropped`,
    ...Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`),
    `  energy: ${(energy.totalJ * 1e3).toFixed(4)} mJ (model assumptions)`,
    `  results: ${written}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
