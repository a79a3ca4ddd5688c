import type { Mapping, OutputFile, Simulation } from '@s2sim/actors';
import { cellTypeByName } from './cells';
import { mappedModel, type SnnMappingReport } from './mapper';
import type { NeuronPopulation, SnnModel, SnnScenarioModel } from './model';
import { C } from './neuronProgram';
import { isSource } from './splitPopulations';
import { spikesToNirHdf5 } from './spikesHdf5';

export interface SpikeTrain {
  /** Neuron index within the population, and spike time in ms, sorted by time then neuron. */
  neurons: Int32Array;
  timesMs: Float64Array;
}

/** A recorded state variable: values[t * neurons.length + k] is neuron neurons[k] at tick t (after its update). */
export interface StateTrace {
  neurons: Int32Array;
  ticks: number;
  values: Float32Array;
}

export interface SnnProvenance {
  /** Ring-buffer accumulators that hit their maximum. */
  ringSaturations: number;
  /** Synaptic rows read from DRAM by DMA, and the words they moved. */
  dmaRowReads: number;
  dmaWords: number;
  /** Packets that reached a PE holding no synapses for them. */
  ghostPackets: number;
  synapticEvents: number;
}

export interface SnnResult {
  timestepMs: number;
  ticks: number;
  spikes: Record<string, SpikeTrain>;
  /** state[population][field] */
  state: Record<string, Record<string, StateTrace>>;
  sizes: Record<string, number>;
  provenance: SnnProvenance;
}

/** Turns the recording channels and the PEs' counters into spike trains, state traces and provenance. */
export function snnResults(sim: Simulation, mapping: Mapping<SnnMappingReport>, scenarioModel: SnnScenarioModel): SnnResult {
  const model = mappedModel(mapping.report) ?? (scenarioModel as SnnModel);
  const { pieces, timestepMs } = mapping.report;
  const pesPerChip = sim.machine.chip.pes;
  const chipIndex = new Map(sim.machine.chips.map((c, i) => [`${c.x},${c.y}`, i]));
  const pieceByPe = new Map<number, (typeof pieces)[number]>();
  for (const p of pieces) pieceByPe.set(chipIndex.get(`${p.chip.x},${p.chip.y}`)! * pesPerChip + p.pe, p);
  const pops = new Map(model.populations.map((p) => [p.name, p]));

  const rows = new Map<string, Array<[number, number]>>();
  for (const pop of model.populations) if (pop.record.includes('spikes')) rows.set(pop.name, []);
  const ch = sim.recorder.channel('snn.spikes');
  for (let i = 0; i < ch.ticks.length; i++) {
    const piece = pieceByPe.get(ch.pes[i]);
    if (piece) rows.get(piece.population)?.push([ch.ticks[i], piece.lo + ch.values[i]]);
  }
  const spikes: Record<string, SpikeTrain> = {};
  for (const [name, r] of rows) {
    r.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    spikes[name] = { neurons: Int32Array.from(r, (x) => x[1]), timesMs: Float64Array.from(r, (x) => x[0] * timestepMs) };
  }

  // State channel: each PE appends, per tick, its recorded neurons x fields in order.
  const state: SnnResult['state'] = {};
  const ticks = sim.ticksRun;
  const layout = new Map<string, { fields: string[]; neurons: number[]; col: Map<number, number> }>();
  for (const pop of model.populations) {
    if (isSource(pop)) continue;
    const fields = pop.record.filter((r) => r !== 'spikes');
    if (!fields.length) continue;
    const neurons = ((pop as NeuronPopulation).record_indices ?? Array.from({ length: pop.size }, (_, i) => i)).slice().sort((a, b) => a - b);
    layout.set(pop.name, { fields, neurons, col: new Map(neurons.map((g, k) => [g, k])) });
    state[pop.name] = Object.fromEntries(fields.map((f) => [f, { neurons: Int32Array.from(neurons), ticks, values: new Float32Array(ticks * neurons.length) }]));
  }
  const sc = sim.recorder.channel('snn.state');
  const cursor = new Map<number, number>();
  for (let i = 0; i < sc.ticks.length; i++) {
    const pe = sc.pes[i];
    const piece = pieceByPe.get(pe)!;
    const lay = layout.get(piece.population)!;
    const k = cursor.get(pe) ?? 0;
    cursor.set(pe, k + 1);
    const local = lay.neurons.filter((g) => g >= piece.lo && g < piece.lo + piece.n);
    const per = local.length * lay.fields.length;
    const within = k % per;
    const g = local[Math.floor(within / lay.fields.length)];
    const field = lay.fields[within % lay.fields.length];
    const trace = state[piece.population][field];
    trace.values[sc.ticks[i] * trace.neurons.length + lay.col.get(g)!] = sc.values[i];
  }

  const provenance: SnnProvenance = { ringSaturations: 0, dmaRowReads: 0, dmaWords: 0, ghostPackets: 0, synapticEvents: 0 };
  for (const p of pieces) {
    const pop = pops.get(p.population)!;
    if (isSource(pop) || !cellTypeByName.has(pop.model)) continue;
    const c = new Uint32Array(sim.readRegion(p.chip.x, p.chip.y, p.pe, 'counters').slice().buffer);
    provenance.ringSaturations += c[C.saturations];
    provenance.dmaRowReads += c[C.dmaReads];
    if (p.rowsInDram) provenance.dmaWords += c[C.events] + c[C.dmaReads]; // each row read: its length word and synapses
    provenance.ghostPackets += c[C.ghostPackets];
    provenance.synapticEvents += c[C.events];
  }
  const sizes = Object.fromEntries(model.populations.map((p) => [p.name, p.size]));
  return { timestepMs, ticks, spikes, state, sizes, provenance };
}

/** `spikes/<population>.csv` (neuron,time_ms), `state/<population>.<field>.csv` (time_ms then one column per neuron), `spikes.h5`. */
export function snnOutputs(result: SnnResult): OutputFile[] {
  const files: OutputFile[] = Object.entries(result.spikes).map(([name, train]) => {
    const lines = ['neuron,time_ms'];
    for (let i = 0; i < train.neurons.length; i++) lines.push(`${train.neurons[i]},${+train.timesMs[i].toFixed(6)}`);
    return { path: `spikes/${name}.csv`, content: lines.join('\n') + '\n' };
  });
  for (const [pop, fields] of Object.entries(result.state)) {
    for (const [field, t] of Object.entries(fields)) {
      const lines = [['time_ms', ...Array.from(t.neurons, (n) => `n${n}`)].join(',')];
      const k = t.neurons.length;
      for (let tick = 0; tick < t.ticks; tick++) lines.push([+(tick * result.timestepMs).toFixed(6), ...Array.from(t.values.subarray(tick * k, tick * k + k))].join(','));
      files.push({ path: `state/${pop}.${field}.csv`, content: lines.join('\n') + '\n' });
    }
  }
  if (Object.keys(result.spikes).length) files.push({ path: 'spikes.h5', content: spikesToNirHdf5(result) });
  return files;
}

export function snnSummary(result: SnnResult): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const seconds = (result.ticks * result.timestepMs) / 1000;
  for (const [name, t] of Object.entries(result.spikes)) {
    out[`spikes.${name}`] = t.neurons.length;
    out[`spikes.${name}.meanRateHz`] = seconds > 0 ? +(t.neurons.length / result.sizes[name] / seconds).toFixed(3) : 0;
  }
  out['synapticEvents'] = result.provenance.synapticEvents;
  out['ringSaturations'] = result.provenance.ringSaturations;
  return out;
}
