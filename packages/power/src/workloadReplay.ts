import type { PerformanceLevel } from '@s2sim/hardware';
import type { DvfsPolicy, WorkloadSample } from './dvfsPolicy';
import type { PeTickWork } from './energyAccount';
import { OPERATIONS, type Operation } from './operations';

/**
 * A recorded workload: per tick and PE (index t * pes.length + i), the cycles of the tick's work, its operation
 * counts and the packets the PE received in that tick. Cycles do not depend on the level (the cost model counts
 * cycles), so one trace can be replayed under any policy: H19's "numerical model" for DVFS exploration.
 */
export interface WorkloadTrace {
  ticks: number;
  /** Global PE index of each traced PE (chip index x PEs per chip + PE). */
  pes: number[];
  cycles: Float64Array;
  packetsReceived: Float64Array;
  ops?: Partial<Record<Operation, Float64Array>>;
  /** A program's own estimate of each tick's cycles, where it gives one. */
  estimatedCycles?: Float64Array;
}

/** What a replay feeds: an EnergyAccount, or anything with the same per-tick calls (a null sink for timing). */
export interface EnergySink {
  readonly options: { readonly tickNs: number };
  addPeTick(pe: number, level: number, work: PeTickWork): number;
  endTick(): void;
}

export interface ReplayResult {
  policy: string;
  /** Level index chosen per tick and PE, [t * pes + i]. */
  levels: Uint8Array;
  /** PE-ticks whose work did not fit in the tick at the chosen level (timer overruns). */
  overruns: number;
}

/** Runs a trace through a DVFS policy into an energy account, tick by tick, as the kernel would. */
export function replayWorkload(trace: WorkloadTrace, policy: DvfsPolicy, levels: readonly PerformanceLevel[], account: EnergySink): ReplayResult {
  const n = trace.pes.length;
  const expected = trace.ticks * n;
  for (const [name, a] of [['cycles', trace.cycles], ['packetsReceived', trace.packetsReceived], ...Object.entries(trace.ops ?? {})] as const) {
    if (a && a.length !== expected) throw new RangeError(`workload trace: ${name} has ${a.length} values, expected ticks x PEs = ${expected}`);
  }
  const tickNs = account.options.tickNs;
  const chosen = new Uint8Array(expected);
  const current = new Int32Array(n).fill(levels.length - 1);
  const sample: WorkloadSample = { peIndex: 0, lastTickCycles: 0, lastTickPackets: 0 };
  const work: PeTickWork = { cycles: 0 };
  const opArrays = OPERATIONS.map((op) => trace.ops?.[op]);
  let overruns = 0;
  for (let t = 0; t < trace.ticks; t++) {
    for (let i = 0; i < n; i++) {
      const k = t * n + i;
      sample.peIndex = trace.pes[i];
      sample.lastTickCycles = t > 0 ? trace.cycles[k - n] : 0;
      sample.lastTickPackets = t > 0 ? trace.packetsReceived[k - n] : 0;
      sample.estimatedCycles = trace.estimatedCycles?.[k];
      const l = policy.chooseLevel(sample, levels, tickNs, current[i]);
      current[i] = l;
      chosen[k] = l;
      work.cycles = trace.cycles[k];
      OPERATIONS.forEach((op, o) => (work[op] = opArrays[o]?.[k] ?? 0));
      if (work.cycles > (levels[l].frequencyHz * tickNs) / 1e9) overruns++;
      account.addPeTick(trace.pes[i], l, work);
    }
    account.endTick();
  }
  return { policy: policy.name, levels: chosen, overruns };
}
