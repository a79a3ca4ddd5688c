import type { EnergyModel } from './energyModel';
import type { EnergyAccount, EnergyPart } from './energyAccount';
import { ENERGY_PARTS } from './energyAccount';
import { OPERATIONS, operationEnergyJ, type Operation } from './operations';

export const ENERGY_ASSUMPTION =
  'energy parameters are model assumptions (HARDWARE.md) unless a preset names its source; relative numbers (DVFS savings, splits) are more meaningful than absolute ones';

export interface OperationEnergy {
  count: number;
  /** Mean energy of one operation over the run, at the levels the PEs ran it (cycles and own energy), joules; null if none ran. */
  meanJ: number | null;
  /** The model's energy of one operation at each level, joules. */
  atLevelJ: Record<string, number>;
}

/** Everything an energy account knows, as plain JSON (result.json's `energy`). */
export interface EnergyReport {
  assumption: string;
  model: EnergyModel;
  tickNs: number;
  ticks: number;
  totalJ: number;
  meanPowerW: number;
  /** Energy split into parts that sum to totalJ, joules (keys end in J). */
  parts: Record<`${EnergyPart}J`, number>;
  pe: { totalJ: number; dynamicJ: number; baselineJ: number; switchingJ: number; meanPowerW: number };
  byLevel: Array<{ level: string; voltageV: number; frequencyHz: number; energyJ: number; peTicks: number; busyCycles: number; source: string }>;
  perOperation: Record<Operation, OperationEnergy>;
  /** PE dynamic energy (all cycles and operations) per neuron update or synaptic event, joules; H19's "energy per neuron and synapse operation". */
  dynamicPerNeuronAndSynapseOpJ: number | null;
  pes: Array<{ pe: number; name: string; energyJ: number; busyCycles: number; switches: number; overrunTicks: number; levelTicks: Record<string, number> }>;
  chips: Array<{ chip: number; name: string; energyJ: number }>;
  boards: Array<{ board: number; energyJ: number }>;
  /**
   * Power per tick, watts; chipW and boardW are flat, [tick * count + index]; levelPes: PEs at each level per tick,
   * [tick * levels + level]; truncatedAtTick = -1 when complete, else the tick where the trace limit stopped it.
   */
  trace: { totalW: number[]; peW: number[]; chipW: number[]; boardW: number[]; levelPes: number[]; truncatedAtTick: number };
  /** Per PE per tick (when the account keeps it): energy, joules, and level index (-1 = not reported that tick). */
  peTrace?: Array<{ pe: number; name: string; startTick: number; energyJ: number[]; level: number[] }>;
}

/** Turns an account's accumulators into the report; derived numbers (means, per-op energies) are computed here only. */
export function buildEnergyReport(a: EnergyAccount, opts: { chipNames?: string[]; peName?: (pe: number) => string }): EnergyReport {
  const { model, levels, tickNs } = a.options;
  const part = (p: EnergyPart) => a.parts[ENERGY_PARTS.indexOf(p)];
  const totalJ = a.totalJ;
  const seconds = a.ticks * a.tickS;
  const peDynamic = ['peDynamicCycles', 'peSynapticEvent', 'peNeuronUpdate', 'peMac', 'peExpLog', 'peDmaByte', 'pePacketSent'].reduce((s, p) => s + part(p as EnergyPart), 0);
  const peBaseline = part('peBaselineActive') + part('peBaselineSleep');
  const peTotal = peDynamic + peBaseline + part('peSwitching');
  const perOperation = {} as Record<Operation, OperationEnergy>;
  OPERATIONS.forEach((op, o) => {
    let count = 0;
    let energy = 0;
    const atLevelJ: Record<string, number> = {};
    levels.forEach((l, li) => {
      const e = operationEnergyJ(model, a.costs, l, op);
      const n = a.opCounts[li * OPERATIONS.length + o];
      atLevelJ[l.name] = e;
      count += n;
      energy += n * e;
    });
    perOperation[op] = { count, meanJ: count > 0 ? energy / count : null, atLevelJ };
  });
  const nsOps = perOperation.synapticEvent.count + perOperation.neuronUpdate.count;
  const levelTicks = (t: Float64Array) => Object.fromEntries(levels.map((l, i) => [l.name, t[i]]));
  return {
    assumption: ENERGY_ASSUMPTION,
    model,
    tickNs,
    ticks: a.ticks,
    totalJ,
    meanPowerW: seconds > 0 ? totalJ / seconds : 0,
    parts: Object.fromEntries(ENERGY_PARTS.map((p, i) => [`${p}J`, a.parts[i]])) as EnergyReport['parts'],
    pe: { totalJ: peTotal, dynamicJ: peDynamic, baselineJ: peBaseline, switchingJ: part('peSwitching'), meanPowerW: seconds > 0 ? peTotal / seconds : 0 },
    byLevel: levels.map((l, i) => ({
      level: l.name, voltageV: l.voltageV, frequencyHz: l.frequencyHz, energyJ: a.levelEnergyJ[i], peTicks: a.levelPeTicks[i], busyCycles: a.levelBusyCycles[i], source: l.source,
    })),
    perOperation,
    dynamicPerNeuronAndSynapseOpJ: nsOps > 0 ? peDynamic / nsOps : null,
    pes: [...a.pes.values()]
      .sort((x, y) => x.index - y.index)
      .map((r) => ({
        pe: r.index, name: opts.peName?.(r.index) ?? `pe${r.index}`, energyJ: r.energyJ, busyCycles: r.busyCycles, switches: r.switches,
        overrunTicks: r.overrunTicks, levelTicks: levelTicks(r.levelTicks),
      })),
    chips: Array.from(a.chipEnergyJ, (e, c) => ({ chip: c, name: opts.chipNames?.[c] ?? `chip${c}`, energyJ: e })),
    boards: Array.from(a.boardEnergyJ, (e, b) => ({ board: b, energyJ: e })),
    trace: {
      totalW: [...a.trace.totalW], peW: [...a.trace.peW], chipW: [...a.trace.chipW], boardW: [...a.trace.boardW], levelPes: [...a.trace.levelPes],
      truncatedAtTick: a.trace.truncatedAtTick,
    },
    ...(a.options.peTrace
      ? {
          peTrace: [...a.pes.values()]
            .sort((x, y) => x.index - y.index)
            .map((r) => ({ pe: r.index, name: opts.peName?.(r.index) ?? `pe${r.index}`, startTick: r.traceStart, energyJ: [...r.traceJ], level: [...r.traceLevel] })),
        }
      : {}),
  };
}
