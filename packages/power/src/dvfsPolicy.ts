import type { PerformanceLevel } from '@s2sim/hardware';

/** What a PE knows about its workload when it picks a performance level at the start of a tick. */
export interface WorkloadSample {
  /** Global PE index (chip index x PEs per chip + PE). */
  peIndex: number;
  /** Cycles charged in the previous tick. */
  lastTickCycles: number;
  /** Packets received in the previous tick (H19 predicts the work from the spikes received). */
  lastTickPackets: number;
  /** The program's own estimate of this tick's cycles, when it provides one. */
  estimatedCycles?: number;
}

/** A DVFS policy: a pluggable slot of the kernel that picks each PE's level for each tick. */
export interface DvfsPolicy {
  readonly name: string;
  chooseLevel(sample: WorkloadSample, levels: readonly PerformanceLevel[], tickNs: number, current: number): number;
}

/** Always the same level (default: the highest), as a PE without DVFS. */
export function fixedLevelPolicy(level?: number): DvfsPolicy {
  return {
    name: level === undefined ? 'fixed(top)' : `fixed(${level})`,
    chooseLevel: (_s, levels) => {
      const l = level ?? levels.length - 1;
      if (l < 0 || l >= levels.length) throw new RangeError(`performance level ${l} does not exist (levels: ${levels.map((x) => x.name).join(', ')})`);
      return l;
    },
  };
}
