import type { MapContext } from '@s2sim/actors';
import { cellTypeByName } from './cells';
import type { ConnectionSet } from './connectionSet';
import { SnnMappingError } from './errors';
import type { NeuronPopulation, Population, Projection } from './model';
import { DELAY_SLOTS, MPT_WORDS } from './synapticMatrix';

/** Neurons a key space can name: the low 11 bits of a key are the neuron within its piece. */
export const MAX_NEURONS_PER_PE = 2048;
/** Share of a tick's cycles that the split plans to use, leaving room for bursts (assumption). */
export const CYCLE_HEADROOM = 0.8;
const SOURCE_DEFAULT_PER_PE = 1024;

export type SplitLimit = 'override' | 'sram' | 'cycles' | 'keys' | 'size';

export interface PopulationSplit {
  population: string;
  model: string;
  size: number;
  neuronsPerPe: number;
  pieces: number;
  limitedBy: SplitLimit;
  /** Estimated cycles of the busiest tick-average PE and the budget (cycles per tick at the default PL). */
  estCyclesPerTick: number;
  budgetCyclesPerTick: number;
  estSramBytes: number;
  estRowsInDram: boolean;
}

export function isSource(pop: Population): boolean {
  return pop.model === 'SpikeSourceArray' || pop.model === 'SpikeSourcePoisson';
}

function rateHz(pop: Population, durationMs: number): number {
  if (pop.model === 'SpikeSourcePoisson') return (pop as unknown as { rate: number }).rate;
  if (pop.model === 'SpikeSourceArray') {
    const lists = (pop as unknown as { spike_times: number[][] }).spike_times;
    const count = lists.length === 1 ? lists[0].length * pop.size : lists.reduce((s, l) => s + l.length, 0);
    return durationMs > 0 ? count / pop.size / (durationMs / 1000) : 0;
  }
  return (pop as NeuronPopulation).expectedRateHz;
}

/** SRAM bytes of a neuron piece of n neurons, without synaptic rows (the MPT for `sources` source pieces). */
export function neuronSramBytes(pop: NeuronPopulation, n: number, sources: number, driveLevels: number): number {
  const cell = cellTypeByName.get(pop.model)!;
  const recorded = pop.record.filter((r) => r !== 'spikes').length ? (pop.record_indices?.length ?? pop.size) : 0;
  const perNeuron = 4 * (cell.paramFields + cell.stateFields.length + 2 + 2 * DELAY_SLOTS);
  const fixed = 32 + 24 + 8 + 4 * (1 + driveLevels) + 4 * MPT_WORDS * sources + 4 * cell.stateFields.length + 8 * 8;
  return fixed + n * perNeuron + 4 * Math.min(recorded, n);
}

/**
 * Machine graph (PACMAN's splitter): the largest number of neurons per PE that fits the SRAM left for data and the
 * per-tick cycle budget, estimated from the expected rates of the sources and the synapses per neuron; a
 * population's `neuronsPerPe` overrides the choice.
 */
export function splitPopulations(
  populations: Population[], projections: Projection[], sets: ConnectionSet[], ctx: MapContext, driveLevels: (p: Population) => number,
): Map<string, PopulationSplit> {
  const { machine } = ctx;
  const dt = ctx.tickNs / 1e6;
  const level = machine.pe.performanceLevels[machine.pe.defaultPerformanceLevel ?? machine.pe.performanceLevels.length - 1];
  const budget = (level.frequencyHz * ctx.tickNs) / 1e9;
  const sramData = machine.pe.sramBytes - machine.pe.codeBytes;
  const costs = machine.costs;
  const durationMs = ctx.ticks * dt;
  const byName = new Map(populations.map((p) => [p.name, p]));
  const out = new Map<string, PopulationSplit>();
  for (const pop of populations) {
    const base = { population: pop.name, model: pop.model, size: pop.size, budgetCyclesPerTick: budget };
    if (isSource(pop)) {
      const per = Math.min(pop.size, (pop as { neuronsPerPe?: number }).neuronsPerPe ?? SOURCE_DEFAULT_PER_PE);
      out.set(pop.name, { ...base, neuronsPerPe: per, pieces: Math.ceil(pop.size / per), limitedBy: 'override', estCyclesPerTick: 0, estSramBytes: 0, estRowsInDram: false });
      continue;
    }
    const np = pop as NeuronPopulation;
    const cell = cellTypeByName.get(pop.model)!;
    const incoming = projections.map((p, i) => ({ p, set: sets[i] })).filter((x) => x.p.post === pop.name);
    const synapsesPerNeuron = incoming.reduce((s, x) => s + x.set.length, 0) / pop.size;
    const sourcePieces = incoming.reduce((s, x) => s + Math.ceil(byName.get(x.p.pre)!.size / 256), 0);
    const drive = driveLevels(pop);
    const cycles = (n: number, dram: boolean) => {
      let c = costs.timerInterruptCycles + n * costs.neuronUpdateCycles * (cell.cyclesPerNeuron / 60) + (drive ? n * 10 : 0);
      c += n * (np.expectedRateHz * dt / 1000) * costs.packetSendCycles;
      for (const { p, set } of incoming) {
        const pre = byName.get(p.pre)!;
        const spikes = pre.size * (rateHz(pre, durationMs) * dt) / 1000;
        const fanIntoPiece = (set.length / pre.size) * (n / pop.size);
        const packets = spikes * Math.min(1, fanIntoPiece);
        const events = spikes * fanIntoPiece;
        c += packets * (costs.packetInterruptCycles + (dram ? costs.dmaSetupCycles : 0)) + events * (costs.synapticEventCycles + (dram ? 4 / costs.dmaBytesPerCycle : 0));
      }
      return c;
    };
    // Rows are padded to the longest row of a source piece; 1.5x the mean is the planning allowance (assumption).
    const sram = (n: number, dram: boolean) => neuronSramBytes(np, n, sourcePieces, drive) + (dram ? 0 : Math.ceil(1.5 * synapsesPerNeuron * n * 4) + 8 * sourcePieces * 256);
    const fits = (n: number, dram: boolean) => sram(n, dram) <= sramData && cycles(n, dram) <= CYCLE_HEADROOM * budget;
    const largest = (dram: boolean) => {
      let lo = 0, hi = Math.min(MAX_NEURONS_PER_PE, pop.size);
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (fits(mid, dram)) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const inSram = largest(false), inDram = largest(true);
    const dram = inSram * 2 < inDram;
    let n = dram ? inDram : inSram;
    let limitedBy: SplitLimit;
    if (np.neuronsPerPe) {
      n = Math.min(np.neuronsPerPe, pop.size);
      limitedBy = 'override';
    } else if (n === pop.size) limitedBy = 'size';
    else if (n === MAX_NEURONS_PER_PE) limitedBy = 'keys';
    else if (n === 0) {
      const s1 = sram(1, true), c1 = cycles(1, true);
      const what = s1 > sramData ? `SRAM: one neuron needs ${s1} of ${sramData} bytes` : `cycles: one neuron needs about ${Math.round(c1)} of the ${Math.round(CYCLE_HEADROOM * budget)} cycles a ${dt} ms tick leaves at ${level.name}`;
      throw new SnnMappingError(
        `population '${pop.name}' (${pop.model}) cannot be split to fit one PE — ${what}`,
        'use a longer time step, lower the expected rate or the in-degree, or set neuronsPerPe to accept timer overruns',
      );
    } else limitedBy = sram(n + 1, dram) > sramData ? 'sram' : 'cycles';
    out.set(pop.name, {
      ...base, neuronsPerPe: n, pieces: Math.ceil(pop.size / n), limitedBy,
      estCyclesPerTick: Math.round(cycles(n, dram)), estSramBytes: sram(n, dram), estRowsInDram: dram,
    });
  }
  return out;
}
