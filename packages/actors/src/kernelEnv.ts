import type { CostModel, MachineSpec, PerformanceLevel } from '@s2sim/hardware';
import type { DvfsPolicy, EnergyModel, WorkloadSample } from '@s2sim/power';
import type { MulticastTable } from '@s2sim/router';
import type { Recorder } from './recorder';

/** A fault report: the PE, its program, the interrupt whose handler threw, the tick and the cause. */
export interface PeFault {
  pe: string;
  globalPe: number;
  program: string;
  interrupt: 'timer' | 'packet' | 'dma' | 'user';
  tick: number;
  cause: string;
}

/** Deliveries to other chips produced in a window: records of OUT_STRIDE numbers (dstChip first). */
export const OUT_STRIDE = 9; // dstChip, then an inbox record: dueTick, srcChip, seq, target, key, payload, sentTick, kind

export class Outgoing {
  data = new Float64Array(9 * 1024);
  length = 0;

  push(dst: number, dueTick: number, src: number, seq: number, target: number, key: number, payload: number, sentTick: number, kind: number): void {
    if ((this.length + 1) * OUT_STRIDE > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data, o = this.length * OUT_STRIDE;
    d[o] = dst; d[o + 1] = dueTick; d[o + 2] = src; d[o + 3] = seq; d[o + 4] = target; d[o + 5] = key; d[o + 6] = payload; d[o + 7] = sentTick; d[o + 8] = kind;
    this.length++;
  }
}

/** What every chip of a partition shares: parameters, policy slots, the machine's tables and the partition's outputs. */
export interface KernelEnv {
  machine: MachineSpec;
  tickNs: number;
  routerLatencyNs: number;
  linkLatencyNs: number;
  /** Bandwidth of each chip's DRAM port (dramPort.ts), bytes per ns. */
  dramBytesPerNs: number;
  minDelayTicks: number;
  costs: CostModel;
  levels: readonly PerformanceLevel[];
  dvfs: DvfsPolicy;
  /** The level every PE keeps when no DVFS policy was given (the policy is then not called), else -1. */
  fixedLevel: number;
  /** Per level: the busy cycles of the last PE-tick whose energy was computed, and that energy. */
  energyMemoCycles: Float64Array;
  energyMemo: Array<{ dynamic: number; baselineActive: number; baselineSleep: number; total: number }>;
  energy: EnergyModel;
  sample: WorkloadSample;
  /** Every chip's table (read-only during a run) and link neighbours, for routes that leave the chip. */
  tables: readonly MulticastTable[];
  neighbours: Int32Array;
  recorder: Recorder;
  outgoing: Outgoing;
  faults: PeFault[];
  /**
   * Per-link counters of the whole machine as this partition's sends saw them, [(chip * 6 + link) * 2 + stat]
   * (LINK_STATS: sent, dropped): a packet's walk crosses chips of other partitions, so each partition counts into
   * its own array and the host adds them up (integers: the sum does not depend on the order).
   */
  linkCounts: Float64Array;
  /** The router package's P2P table for one destination chip (the link each chip sends on; -1 there or unreachable), built on demand. */
  p2pNextLinks(destination: number): Int8Array;
  /** The window's energy log (energyLog.ts) or null, the offset of the current tick's row, and the partition's PEs. */
  energyLog: Float64Array | null;
  energyLogOffset: number;
  energyLogPes: number;
  /** Set for ticks whose multicast sends are observed: (globalPe, key) pairs are appended. */
  spikeLog: number[] | null;
}
