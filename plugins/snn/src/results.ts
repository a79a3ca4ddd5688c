import type { Mapping, OutputFile, Simulation } from '@s2sim/actors';
import type { SnnMappingReport } from './mapper';
import type { SnnModel } from './model';

export interface SpikeTrain {
  /** Neuron index within the population, and spike time in ms, sorted by time then neuron. */
  neurons: Int32Array;
  timesMs: Float64Array;
}

export interface SnnResult {
  timestepMs: number;
  ticks: number;
  spikes: Record<string, SpikeTrain>;
  /** Neurons per recorded population, for rates. */
  sizes: Record<string, number>;
}

/** Turns the recorded spike channel (tick, global PE, local neuron) into spike trains per population. */
export function snnResults(sim: Simulation, mapping: Mapping<SnnMappingReport>, model: SnnModel): SnnResult {
  const { pieces, timestepMs } = mapping.report;
  const pesPerChip = sim.machine.chip.pes;
  const pieceByPe = new Map<number, (typeof pieces)[number]>();
  for (const p of pieces) {
    const chipIndex = sim.machine.chips.findIndex((c) => c.x === p.chip.x && c.y === p.chip.y);
    pieceByPe.set(chipIndex * pesPerChip + p.pe, p);
  }
  const rows = new Map<string, Array<[number, number]>>();
  for (const pop of model.populations) if (pop.record.includes('spikes')) rows.set(pop.name, []);
  const ch = sim.recorder.channel('snn.spikes');
  for (let i = 0; i < ch.ticks.length; i++) {
    const piece = pieceByPe.get(ch.pes[i]);
    if (!piece) continue;
    rows.get(piece.population)?.push([ch.ticks[i], piece.lo + ch.values[i]]);
  }
  const spikes: Record<string, SpikeTrain> = {};
  for (const [name, r] of rows) {
    r.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    spikes[name] = { neurons: Int32Array.from(r, (x) => x[1]), timesMs: Float64Array.from(r, (x) => x[0] * timestepMs) };
  }
  const sizes = Object.fromEntries(model.populations.filter((p) => rows.has(p.name)).map((p) => [p.name, p.size]));
  return { timestepMs, ticks: sim.ticksRun, spikes, sizes };
}

/** `spikes/<population>.csv` with columns neuron,time_ms. */
export function snnOutputs(result: SnnResult): OutputFile[] {
  return Object.entries(result.spikes).map(([name, train]) => {
    const lines = ['neuron,time_ms'];
    for (let i = 0; i < train.neurons.length; i++) lines.push(`${train.neurons[i]},${+train.timesMs[i].toFixed(6)}`);
    return { path: `spikes/${name}.csv`, content: lines.join('\n') + '\n' };
  });
}

export function snnSummary(result: SnnResult): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, t] of Object.entries(result.spikes)) {
    out[`spikes.${name}`] = t.neurons.length;
    const seconds = (result.ticks * result.timestepMs) / 1000;
    out[`spikes.${name}.meanRateHz`] = seconds > 0 ? +(t.neurons.length / result.sizes[name] / seconds).toFixed(3) : 0;
  }
  return out;
}
