import { peTickEnergyJ, type DvfsPolicy } from '@s2sim/power';
import { ChipBlock, IN_STRIDE } from './chipBlock';
import { LINK_STAT_COUNT, machineTopology } from './chipLinks';
import { LINK_COUNT, p2pNextLinks } from '@s2sim/router';
import { ChipKernel } from './chipKernel';
import { OUT_STRIDE, Outgoing, type KernelEnv } from './kernelEnv';
import type { MachineParts } from './machineParts';
import { F, PeBlock } from './peBlock';
import { PeRuntime } from './peRuntime';
import type { ProgramRegistry } from './programRegistry';
import { Recorder } from './recorder';
import type { CounterBatch } from './observation';
import { energyLogStride, type EnergyLogLayout, type EnergyLogWindow } from './energyLog';

/** What observers get for one sampled tick from one partition; the host merges partitions in PE order. */
export interface PartitionSample extends CounterBatch {
  energyJ: Float64Array;
  /** Multicast packets sent in the tick: (globalPe, key) pairs, or null when spikes are not observed. */
  spikes: Float64Array | null;
}

export interface SampleRequest {
  every: number;
  spikes: boolean;
}

/**
 * A set of whole chips advanced together by one thread. Chips of a partition never interact inside a window
 * (packets between chips wait for the window's end), so their order within a tick does not matter.
 */
export class Partition {
  readonly env: KernelEnv;
  readonly chips: ChipKernel[] = [];
  readonly runtimes: PeRuntime[] = [];

  constructor(
    readonly parts: MachineParts,
    readonly chipIndices: readonly number[],
    programs: ProgramRegistry,
    dvfs: DvfsPolicy,
    fixedLevel = -1,
  ) {
    const { machine, params } = parts;
    const topology = machineTopology(machine);
    const p2p = new Map<number, Int8Array>();
    this.env = {
      machine, tickNs: params.tickNs, routerLatencyNs: params.routerLatencyNs, linkLatencyNs: params.linkLatencyNs, dramBytesPerNs: params.dramBytesPerNs ?? 6.4,
      minDelayTicks: params.minDelayTicks, costs: machine.costs, levels: machine.pe.performanceLevels, dvfs, fixedLevel, energy: params.energy,
      energyMemoCycles: new Float64Array(machine.pe.performanceLevels.length).fill(0),
      energyMemo: machine.pe.performanceLevels.map((l) => peTickEnergyJ(params.energy, l, 0, params.tickNs)),
      sample: { peIndex: 0, lastTickCycles: 0, lastTickPackets: 0 }, tables: parts.tables, neighbours: topology.neighbours,
      linkCounts: new Float64Array(machine.chips.length * LINK_COUNT * LINK_STAT_COUNT),
      p2pNextLinks: (d) => p2p.get(d) ?? (p2p.set(d, p2pNextLinks(topology, d)), p2p.get(d)!),
      recorder: new Recorder(), outgoing: new Outgoing(), faults: [], spikeLog: null,
      energyLog: null, energyLogOffset: 0, energyLogPes: 0,
    };
    const byChip = new Map<number, ChipKernel>();
    for (const i of chipIndices) {
      const c = machine.chips[i];
      const block = new ChipBlock(parts.chipBlocks[i], params.eventQueueCapacity, params.inboxCapacity, `chip(${c.x},${c.y})`);
      const k = new ChipKernel(this.env, i, c, block, parts.tables[i], parts.drams[i], machine.chip.pes);
      byChip.set(i, k);
      this.chips.push(k);
    }
    const levels = machine.pe.performanceLevels.length;
    for (const p of parts.pes) {
      const k = byChip.get(p.chip);
      if (!k) continue;
      const block = new PeBlock(p.control, p.controlOffset, p.queues, levels, params.mailboxCapacity);
      const rt = new PeRuntime(k, p.pe, p.globalPe, p.sram, block, programs.get(p.program), p.label);
      rt.programState = rt.program.attach(p.sram, p.params);
      k.addPe(rt);
      this.runtimes.push(rt);
    }
    this.runtimes.sort((a, b) => a.globalPe - b.globalPe);
    // Energy log slots: the partition's PEs in global order (each chip's PEs are consecutive), then its chips.
    let slot = 0;
    this.chips.forEach((k, i) => {
      k.logChipSlot = i;
      k.logPeSlot = slot;
      slot += k.loaded.length;
    });
    this.energyLayout = { pes: Int32Array.from(this.runtimes, (rt) => rt.globalPe), chips: Int32Array.from(this.chips, (k) => k.index) };
    this.env.energyLogPes = this.runtimes.length;
  }

  /** What this partition's energy log rows stand for. */
  readonly energyLayout: EnergyLogLayout;
  private energyBuffer = new Float64Array(0);

  /**
   * Runs ticks [from, to) like runTicks and returns their energy log (a view valid until the next call). The host
   * feeds it into the run's energy account; parallel workers send it to the host.
   */
  runTicksLogged(from: number, to: number, requests: readonly SampleRequest[], sampled?: (s: PartitionSample) => void): EnergyLogWindow {
    const stride = energyLogStride(this.energyLayout);
    const n = (to - from) * stride;
    if (this.energyBuffer.length < n) this.energyBuffer = new Float64Array(n);
    const env = this.env;
    env.energyLog = this.energyBuffer;
    try {
      for (let tick = from; tick < to; tick++) {
        env.energyLogOffset = (tick - from) * stride;
        this.runTicks(tick, tick + 1, requests, sampled);
      }
    } finally {
      env.energyLog = null;
      env.energyLogOffset = 0;
    }
    return { from, to, data: this.energyBuffer.subarray(0, n) };
  }

  /** Advances every chip through ticks [from, to); calls `sampled` for ticks an observer asked for. */
  runTicks(from: number, to: number, requests: readonly SampleRequest[], sampled?: (s: PartitionSample) => void): void {
    for (let tick = from; tick < to; tick++) {
      let want = false, spikes = false;
      if (sampled) for (const r of requests) if ((tick + 1) % r.every === 0) (want = true), (spikes ||= r.spikes);
      this.env.spikeLog = spikes ? [] : null;
      for (const chip of this.chips) chip.runTick(tick);
      if (want) sampled!(this.sample(tick));
      this.env.spikeLog = null;
    }
  }

  private sample(tick: number): PartitionSample {
    const n = this.runtimes.length;
    const s: PartitionSample = {
      tick, pes: new Int32Array(n), busyCycles: new Float64Array(n), packetsSent: new Float64Array(n), packetsReceived: new Float64Array(n),
      interrupts: new Float64Array(n), timerOverruns: new Float64Array(n), energyJ: new Float64Array(n),
      spikes: this.env.spikeLog ? Float64Array.from(this.env.spikeLog) : null,
    };
    this.runtimes.forEach((rt, i) => {
      const f = rt.block.f;
      s.pes[i] = rt.globalPe;
      s.busyCycles[i] = f[F.lastTickCycles];
      s.packetsSent[i] = f[F.packetsSent];
      s.packetsReceived[i] = f[F.packetsReceived];
      s.interrupts[i] = f[F.interrupts];
      s.timerOverruns[i] = f[F.timerOverruns];
      s.energyJ[i] = f[F.energyDynamicJ] + f[F.energyBaselineActiveJ] + f[F.energyBaselineSleepJ];
    });
    return s;
  }

  /** The per-link counts since the last call (and zeroes them), for the host to add up. */
  takeLinkCounts(): Float64Array {
    const out = this.env.linkCounts.slice();
    this.env.linkCounts.fill(0);
    return out;
  }

  /** Deliveries to other chips sent in the window, and a fresh list for the next. */
  takeOutgoing(): Outgoing {
    const out = this.env.outgoing;
    this.env.outgoing = new Outgoing();
    return out;
  }

  /** Puts deliveries from any partition (OUT_STRIDE records) into the inboxes of this partition's chips. */
  acceptIncoming(records: Float64Array, count: number): void {
    if (count === 0) return;
    const perChip = new Map<number, number[]>();
    for (let r = 0; r < count; r++) {
      const dst = records[r * OUT_STRIDE];
      let list = perChip.get(dst);
      if (!list) perChip.set(dst, (list = []));
      list.push(r);
    }
    for (const chip of this.chips) {
      const list = perChip.get(chip.index);
      if (!list) continue;
      const buf = new Float64Array(list.length * IN_STRIDE);
      list.forEach((r, i) => buf.set(records.subarray(r * OUT_STRIDE + 1, (r + 1) * OUT_STRIDE), i * IN_STRIDE));
      chip.block.addIncoming(buf, list.length);
    }
  }

  get handled(): number {
    let n = 0;
    for (const c of this.chips) n += c.handled;
    return n;
  }
}
