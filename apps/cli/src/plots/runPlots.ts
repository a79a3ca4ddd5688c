import type { Simulation } from '@s2sim/actors';
import type { OutputFile, PluginPlot } from '@s2sim/actors';
import type { TopLevelSpec } from 'vega-lite';
import { renderPlot } from './renderPlot';
import { chipTrafficSpec, energyPerTickSpec, peHeatmapSpec, spikeRasterSpec, type SpikeTrainData } from './plotSpecs';

export interface RunPlotInput {
  sim: Simulation;
  /** The plugin's result: plotted as a raster when it carries spike trains (`spikes` and `sizes`, as the snn plugin's). */
  result: unknown;
  /** Mean energy per tick of consecutive bins of binTicks ticks (1: every tick). */
  energyPerTickJ: Float64Array;
  binTicks: number;
  timestepMs: number;
  level: string;
  cyclesPerTickBudget: number;
  /** The plugin's own plots (PluginDefinition.plots). */
  pluginPlots?: PluginPlot[];
}

function spikeTrainsOf(result: unknown): { trains: Record<string, SpikeTrainData>; sizes: Record<string, number> } | undefined {
  const r = result as { spikes?: Record<string, SpikeTrainData>; sizes?: Record<string, number> } | null;
  if (!r || typeof r !== 'object' || !r.spikes || typeof r.spikes !== 'object') return undefined;
  const trains = Object.entries(r.spikes).filter(([, t]) => t && t.neurons && t.timesMs);
  return trains.length ? { trains: Object.fromEntries(trains), sizes: r.sizes ?? {} } : undefined;
}

/** The plots of a run, as SVG and PNG files under plots/. */
export async function runPlots(input: RunPlotInput): Promise<OutputFile[]> {
  const { sim, timestepMs } = input;
  const ticks = sim.ticksRun;
  const prov = sim.provenance();
  const specs = [];
  const spikes = spikeTrainsOf(input.result);
  if (spikes) specs.push(['spike-raster', spikeRasterSpec(spikes.trains, spikes.sizes, ticks * timestepMs)] as const);
  // The heatmap shows the chip with the most PEs in use (the only one on a single-chip machine).
  const perChip = new Map<string, typeof prov.pes>();
  for (const p of prov.pes) {
    const chip = p.pe.replace(/\.pe\(\d+\)$/, '');
    perChip.set(chip, [...(perChip.get(chip) ?? []), p]);
  }
  const [busiest, pes] = [...perChip].sort((a, b) => b[1].length - a[1].length)[0] ?? ['chip(0,0)', []];
  const budget = input.cyclesPerTickBudget * Math.max(1, ticks);
  const util = pes.map((p) => ({ pe: Number(/\.pe\((\d+)\)$/.exec(p.pe)![1]), utilisation: p.busyCycles / budget, label: p.label }));
  specs.push(['pe-utilisation', peHeatmapSpec(busiest, util, input.level)] as const);
  const routed = new Map(prov.routers.map((r) => [r.chip, r]));
  const traffic = sim.machine.chips.map(({ x, y }) => {
    const r = routed.get(`chip(${x},${y})`);
    return { x, y, packets: r?.localMulticast ?? 0, dropped: r ? r.droppedNoRoute + r.droppedNoTarget + r.droppedNoLink + r.droppedLoop : 0 };
  });
  specs.push(['chip-traffic', chipTrafficSpec(traffic, sim.machine.name)] as const);
  specs.push(['energy-per-tick', energyPerTickSpec(input.energyPerTickJ, timestepMs * input.binTicks)] as const);
  const files: OutputFile[] = [];
  for (const p of input.pluginPlots ?? []) specs.push([p.name, p.spec as unknown as TopLevelSpec] as const);
  for (const [name, spec] of specs) {
    const p = await renderPlot(name, spec);
    files.push({ path: `plots/${name}.svg`, content: p.svg }, { path: `plots/${name}.png`, content: p.png });
  }
  return files;
}
