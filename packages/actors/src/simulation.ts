import { randomUUID } from 'node:crypto';
import { Dram, Prng, Sram, type MachineSpec, type PerformanceLevel } from '@s2sim/hardware';
import { ENERGY_ASSUMPTION, defaultEnergyModelFor, fixedLevelPolicy, type DvfsPolicy, type EnergyAccount, type EnergyAccountState, type EnergyReport, type EnergySummary } from '@s2sim/power';
import { feedEnergyAccount, machineEnergyAccount, type EnergyLogLayout, type EnergyLogWindow } from './energyLog';
import { LINK_COUNT, LINK_NAMES, MulticastTable } from '@s2sim/router';
import { LINK_STAT_COUNT } from './chipLinks';
import { ChipBlock, IN_STRIDE, ROUTER_COUNTERS, type RouterCounters } from './chipBlock';
import { PeFaultError, WorkerFailedError } from './faultError';
import { OUT_STRIDE, type PeFault } from './kernelEnv';
import { kernelOptionsSchema, type KernelOptions, type SimulationOptions } from './kernelOptions';
import type { MachineImage, PeImage } from './machineImage';
import { partsToMessage, type KernelParams, type MachineParts, type PartsMessage } from './machineParts';
import { Observation } from './observation';
import { dramPortStats, type DramPortStats } from './dramPort';
import { Partition, type PartitionSample } from './partition';
import { F, PeBlock, fieldCount } from './peBlock';
import { PE_STATES, PeEventCode, REJECTED, nextPeState } from './peStateTable';
import type { ProgramRegistry } from './programRegistry';
import { Recorder, type RecordBatch } from './recorder';
import { closeWorkerPools, runParallel } from './parallelRunner';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';

/** Per-PE counters for provenance, named as statistics of `chip(x,y).pe(p)`. */
export interface PeCounters {
  timerOverruns: number;
  maxBusyCycles: number;
  busyCycles: number;
  interrupts: number;
  packetsSent: number;
  packetsReceived: number;
  mailboxOverflows: number;
  dmaTransfers: number;
  dmaBytes: number;
  userInterrupts: number;
  macs: number;
  expLogCalls: number;
}
const COUNTER_FIELDS = ['timerOverruns', 'maxBusyCycles', 'busyCycles', 'interrupts', 'packetsSent', 'packetsReceived', 'mailboxOverflows', 'dmaTransfers', 'dmaBytes', 'userInterrupts', 'macs', 'expLogCalls'] as const;

export interface PeProvenance extends PeCounters {
  pe: string;
  label: string;
  program: string;
  state: string;
  sramUsedBytes: number;
  level: string;
}

export type { PeFault };

/**
 * Per link of a chip (E, NE, N, W, SW, S): packets sent on it (multicast and point-to-point), and multicast copies
 * routed onto it where it leads to no chip (dropped).
 */
export type LinkProvenance = Record<(typeof LINK_NAMES)[number], { sent: number; dropped: number }>;

/** What one run returns from a partition (thread or in-process). */
export interface PartitionResult {
  records: RecordBatch;
  faults: PeFault[];
  handled: number;
  /** Per-link counters counted by the partition's sends in this run (see KernelEnv.linkCounts). */
  linkCounts: Float64Array;
}

/**
 * The simulation host: loads a machine image into shared memory, runs it in windows — in-process (`run`) or over
 * worker threads (`runAsync`) with bit-identical results — and reads results, provenance, energy and checkpoints
 * back. Between runs the host may write SRAM/DRAM and inject packets (a host loop that streams samples in).
 */
export class Simulation {
  readonly options: KernelOptions;
  readonly recorder = new Recorder();
  readonly faults: PeFault[] = [];
  readonly observations: Observation[] = [];
  readonly levels: readonly PerformanceLevel[];
  readonly dvfs: DvfsPolicy;
  parts: MachineParts | null = null;
  ticksRun = 0;
  /** Handlers run by the last run (all partitions). */
  lastRunHandled = 0;
  private readonly chipIndex = new Map<string, number>();
  /** Unique per simulation: worker threads cache their partitions under it. */
  readonly id = randomUUID();
  private message: PartsMessage | null = null;
  private local: Partition | null = null;
  private broken: Error | null = null;
  /** Sequence of host-injected packets (part of their delivery order). */
  hostSeq = 0;
  /** Per chip and link: packets sent and copies dropped on a link to no chip, [(chip * 6 + link) * 2 + stat]. */
  linkCounts: Float64Array;
  /** The run's energy account (@s2sim/power), fed from the partitions' energy logs in machine order. */
  private account: EnergyAccount | null = null;

  constructor(
    readonly machine: MachineSpec,
    readonly programs: ProgramRegistry,
    readonly simulationOptions: SimulationOptions,
  ) {
    const { dvfs: _d, dvfsModule: _m, energy: _e, ...kernel } = simulationOptions;
    this.options = kernelOptionsSchema.parse(kernel);
    if (this.options.windowTicks > this.options.minDelayTicks) {
      throw new RangeError(
        `windowTicks (${this.options.windowTicks}) exceeds minDelayTicks (${this.options.minDelayTicks}): a packet between chips ` +
          `could then arrive inside the window it was sent in. Hint: declare a larger minimum delay or use shorter windows`,
      );
    }
    machine.chips.forEach((c, i) => this.chipIndex.set(`${c.x},${c.y}`, i));
    this.linkCounts = new Float64Array(machine.chips.length * LINK_COUNT * LINK_STAT_COUNT);
    this.levels = machine.pe.performanceLevels;
    this.dvfs = simulationOptions.dvfs ?? fixedLevelPolicy(machine.pe.defaultPerformanceLevel);
    this.dvfs.chooseLevel({ peIndex: 0, lastTickCycles: 0, lastTickPackets: 0 }, this.levels, this.options.tickNs, 0); // fails early on a level that does not exist
  }

  /** The level of every PE when no DVFS policy is given (the kernel then skips the policy), else -1. */
  get fixedLevel(): number {
    return this.simulationOptions.dvfs || this.simulationOptions.dvfsModule ? -1 : (this.machine.pe.defaultPerformanceLevel ?? this.levels.length - 1);
  }

  chipIndexOf(x: number, y: number): number {
    const i = this.chipIndex.get(`${x},${y}`);
    if (i === undefined) throw new RangeError(`the machine '${this.machine.name}' has no chip (${x},${y})`);
    return i;
  }

  get kernelParams(): KernelParams {
    const o = this.options;
    return {
      tickNs: o.tickNs, routerLatencyNs: o.routerLatencyNs, linkLatencyNs: o.linkLatencyNs, minDelayTicks: o.minDelayTicks,
      mailboxCapacity: o.mailboxCapacity, eventQueueCapacity: o.eventQueueCapacity, inboxCapacity: o.inboxCapacity,
      energy: this.simulationOptions.energy ?? defaultEnergyModelFor(this.levels), dramBytesPerNs: o.dramBytesPerNs,
    };
  }

  /** Allocates SRAM and DRAM, copies data, fills router tables and starts every PE (asleep, waiting for interrupts). */
  load(image: MachineImage): void {
    if (this.parts) throw new Error('this simulation is loaded already; create a new one for another image');
    const { machine } = this;
    if (this.simulationOptions.eventQueueCapacity === undefined) {
      // Every packet to every target PE of a tick can be in flight at once (all timer handlers run at the tick's
      // start), so the queue scales with the PEs a chip runs: 1,024 per PE covers a dense network's bursts
      // (Brunel's 80 neuron PEs per chip) at 64 bytes per event.
      const perChip = new Map<string, number>();
      for (const p of image.pes) perChip.set(`${p.chip.x},${p.chip.y}`, (perChip.get(`${p.chip.x},${p.chip.y}`) ?? 0) + 1);
      const busiest = Math.max(0, ...perChip.values());
      (this.options as { eventQueueCapacity: number }).eventQueueCapacity = Math.max(this.options.eventQueueCapacity, 1024 * busiest);
    }
    const params = this.kernelParams;
    const tables = machine.chips.map((c) => new MulticastTable(machine.chip.routerEntries, `chip(${c.x},${c.y})`));
    for (const t of image.tables) for (const e of t.entries) tables[this.chipIndexOf(t.chip.x, t.chip.y)].add(e.key, e.mask, e.route);
    const drams = machine.chips.map((c) => new Dram(c, machine.chip.dramBytes));
    for (const d of image.dram ?? []) {
      const bytes = d.data ? d.data.byteLength : (d.bytes ?? 0);
      const r = drams[this.chipIndexOf(d.chip.x, d.chip.y)].allocate(d.name, bytes);
      if (d.data) new Uint8Array(r.buffer).set(new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.byteLength));
    }
    const chipBlocks = machine.chips.map(() => new SharedArrayBuffer(ChipBlock.bytes(params.eventQueueCapacity, params.inboxCapacity)));
    const taken = new Set<number>();
    const L = this.levels.length;
    const perChip = new Array<number>(machine.chips.length).fill(0);
    for (const p of image.pes) perChip[this.chipIndexOf(p.chip.x, p.chip.y)]++;
    const controls = perChip.map((n) => new SharedArrayBuffer(Math.max(1, n) * fieldCount(L) * 8));
    const nextSlot = new Array<number>(machine.chips.length).fill(0);
    // Control-table slots follow the PE number, so the chip's sweep walks the table in order.
    const slotOf = new Map<PeImage, number>();
    [...image.pes].sort((a, b) => a.pe - b.pe).forEach((p) => slotOf.set(p, nextSlot[this.chipIndexOf(p.chip.x, p.chip.y)]++));
    const pes = image.pes.map((p) => {
      const chip = this.chipIndexOf(p.chip.x, p.chip.y);
      if (!Number.isInteger(p.pe) || p.pe < 0 || p.pe >= machine.chip.pes) throw new RangeError(`PE ${p.pe} does not exist on a chip of ${machine.chip.pes} PEs`);
      const globalPe = chip * machine.chip.pes + p.pe;
      if (taken.has(globalPe)) throw new Error(`chip(${p.chip.x},${p.chip.y}).pe(${p.pe}) is loaded twice`);
      taken.add(globalPe);
      this.programs.get(p.program); // fails early with the known names
      const sram = new Sram(p.chip, p.pe, machine.pe.sramBytes, machine.pe.codeBytes);
      for (const r of p.regions) {
        const bytes = r.data ? r.data.byteLength : (r.bytes ?? 0);
        const region = sram.allocate(r.name, bytes);
        if (r.data) new Uint8Array(sram.buffer, region.offset, bytes).set(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
      }
      const control = controls[chip];
      const controlOffset = slotOf.get(p)! * fieldCount(L) * 8;
      const queues = new SharedArrayBuffer(PeBlock.queueBytes(params.mailboxCapacity));
      const view = new PeBlock(control, controlOffset, queues, L, params.mailboxCapacity);
      view.f[F.wakeAtNs] = -1;
      view.f[F.level] = this.machine.pe.defaultPerformanceLevel ?? this.levels.length - 1;
      let state = nextPeState(0, PeEventCode.LOAD);
      state = nextPeState(state, PeEventCode.START);
      view.f[F.state] = state;
      new Prng(view.prngState).seed(this.options.seed, globalPe);
      return { chip, pe: p.pe, globalPe, program: p.program, params: p.params, label: p.label ?? p.program, sram, control, controlOffset, queues };
    });
    pes.sort((a, b) => a.globalPe - b.globalPe);
    this.parts = { machine, params, tables, drams, chipBlocks, pes };
  }

  private requireParts(): MachineParts {
    if (this.broken) throw this.broken;
    if (!this.parts) throw new Error('load a machine image before running or reading the simulation');
    return this.parts;
  }

  /** The loaded machine as a message for worker threads (built once: tables and layout do not change after load). */
  partsMessage(): PartsMessage {
    return (this.message ??= partsToMessage(this.requireParts()));
  }

  /** The in-process partition of every chip (built on first use; programs attach once). */
  private localPartition(): Partition {
    return (this.local ??= new Partition(this.requireParts(), this.machine.chips.map((_, i) => i), this.programs, this.dvfs, this.fixedLevel));
  }

  /** Runs `ticks` ticks on this thread. Stops after the window in which a PE faulted, unless continueOnFault. */
  run(ticks: number, onTick?: (tick: number) => void): void {
    const part = this.localPartition();
    const requests = this.observations.map((o) => o.request);
    const w = this.options.windowTicks;
    const end = this.ticksRun + ticks;
    const start = this.ticksRun;
    const handled0 = part.handled;
    try {
      while (this.ticksRun < end) {
        const to = Math.min(end, this.ticksRun + w);
        const sampled = requests.length ? (s: PartitionSample) => this.publish(s.tick, [s], start, end) : undefined;
        if (this.options.energyAccount) this.feedEnergy([part.energyLayout], [part.runTicksLogged(this.ticksRun, to, requests, sampled)]);
        else part.runTicks(this.ticksRun, to, requests, sampled);
        const out = part.takeOutgoing();
        part.acceptIncoming(out.data, out.length);
        for (let t = this.ticksRun; t < to; t++) onTick?.(t);
        this.ticksRun = to;
        if (part.env.faults.length && !this.options.continueOnFault) {
          this.collect([{ records: part.env.recorder.drain(), faults: part.env.faults.splice(0), handled: 0, linkCounts: part.takeLinkCounts() }]);
          throw new PeFaultError(this.faults[this.faultMark]);
        }
      }
      this.collect([{ records: part.env.recorder.drain(), faults: part.env.faults.splice(0), handled: 0, linkCounts: part.takeLinkCounts() }]);
    } finally {
      this.lastRunHandled = part.handled - handled0;
    }
  }

  /** Adds one window of every partition's energy log (partitions in order) to the energy account. */
  feedEnergy(layouts: readonly EnergyLogLayout[], windows: readonly EnergyLogWindow[]): void {
    this.account ??= machineEnergyAccount(this.machine, this.requireParts().params.energy, this.options.tickNs);
    feedEnergyAccount(this.account, layouts, windows);
  }

  /** The energy account's state (for checkpoints), or null before the first tick. */
  energyAccountState(): EnergyAccountState | null {
    return this.account ? this.account.saveState() : null;
  }

  /** Puts a saved energy account state back (checkpoint restore). */
  restoreEnergyAccount(state: EnergyAccountState): void {
    this.account = machineEnergyAccount(this.machine, this.requireParts().params.energy, this.options.tickNs);
    this.account.restoreState(state);
  }

  /** Index in `faults` of the first fault of the last run. */
  private faultMark = 0;

  /** Adds a run's records and faults in canonical order. */
  private collect(results: readonly PartitionResult[]): void {
    this.recorder.appendCanonical(results.map((r) => r.records));
    for (const r of results) for (let i = 0; i < r.linkCounts.length; i++) this.linkCounts[i] += r.linkCounts[i];
    const faults = results.flatMap((r) => r.faults).sort((a, b) => a.tick - b.tick || a.globalPe - b.globalPe);
    this.faultMark = this.faults.length;
    this.faults.push(...faults);
  }

  private publish(tick: number, samples: readonly PartitionSample[], start: number, end: number): void {
    for (const o of this.observations) o.publish(tick, samples, tick + 1 - start, end - start, this.options.tickNs);
  }

  /**
   * Runs `ticks` ticks over `threads` worker threads (partitions of whole chips), window by window; results are
   * bit-identical to `run`. With one thread (or one chip) it runs in-process.
   */
  async runAsync(ticks: number): Promise<void> {
    const parts = this.requireParts();
    const threads = Math.min(this.options.threads, this.machine.chips.length);
    if (threads <= 1) return this.run(ticks);
    const start = this.ticksRun;
    const end = start + ticks;
    try {
      const r = await runParallel(this, parts, threads, start, ticks, (tick, samples) => this.publish(tick, samples, start, end));
      this.ticksRun = r.ticksRun;
      this.collect(r.results);
      this.lastRunHandled = r.results.reduce((s, x) => s + x.handled, 0);
    } catch (e) {
      if (e instanceof WorkerFailedError) this.broken = e;
      throw e;
    }
    const newFaults = this.faults.slice(this.faultMark);
    if (newFaults.length && !this.options.continueOnFault) throw new PeFaultError(newFaults[0]);
  }

  /** Observation streams of the coming runs, sampled every `every` ticks. */
  observe(every = 1, opts: { spikes?: boolean } = {}): Observation {
    const o = new Observation(every, opts.spikes ?? true);
    this.observations.push(o);
    return o;
  }

  unobserve(o: Observation): void {
    const i = this.observations.indexOf(o);
    if (i >= 0) this.observations.splice(i, 1);
    o.complete();
  }

  private pePart(x: number, y: number, pe: number) {
    const parts = this.requireParts();
    const g = this.chipIndexOf(x, y) * this.machine.chip.pes + pe;
    const p = parts.pes.find((q) => q.globalPe === g);
    if (!p) throw new Error(`chip(${x},${y}).pe(${pe}) runs no program`);
    return p;
  }

  sram(x: number, y: number, pe: number): Sram {
    return this.pePart(x, y, pe).sram;
  }

  /** Reads a region back after (or between) runs, as the host does over Ethernet. */
  readRegion(x: number, y: number, pe: number, name: string): Uint8Array {
    return this.sram(x, y, pe).bytes(name);
  }

  /** Writes a region between runs (a host loop streaming samples in); the program sees it at its next interrupt. */
  writeRegion(x: number, y: number, pe: number, name: string, data: ArrayBufferView, offset = 0): void {
    const dst = this.readRegion(x, y, pe, name);
    const src = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (offset + src.length > dst.length) throw new RangeError(`chip(${x},${y}).pe(${pe}): ${src.length} bytes at ${offset} do not fit region '${name}' of ${dst.length}`);
    dst.set(src, offset);
  }

  dram(x: number, y: number, name: string): Uint8Array {
    return this.requireParts().drams[this.chipIndexOf(x, y)].bytes(name);
  }

  /** Traffic through a chip's shared DRAM port since load (dramPort.ts). */
  dramPort(x: number, y: number): DramPortStats {
    const parts = this.requireParts();
    return dramPortStats(new ChipBlock(parts.chipBlocks[this.chipIndexOf(x, y)], parts.params.eventQueueCapacity, parts.params.inboxCapacity, '').meta);
  }

  /** Injects a packet from the host: it reaches the PE at the start of the next tick. */
  inject(x: number, y: number, pe: number, key: number, payload = 0): void {
    const c = this.chipIndexOf(x, y);
    const block = new ChipBlock(this.requireParts().chipBlocks[c], this.options.eventQueueCapacity, this.options.inboxCapacity, `chip(${x},${y})`);
    const rec = Float64Array.of(this.ticksRun, -1, this.hostSeq++, -(pe + 1), key >>> 0, payload >>> 0, this.ticksRun, 1);
    block.addIncoming(rec, 1);
  }

  private peBlock(x: number, y: number, pe: number): PeBlock {
    return this.blockOf(this.pePart(x, y, pe));
  }

  private blockOf(p: MachineParts['pes'][number]): PeBlock {
    return new PeBlock(p.control, p.controlOffset, p.queues, this.levels.length, this.options.mailboxCapacity);
  }

  /** Moves a PE's control state from the host (PAUSE, RESUME, HALT, RESET...), as the machine allows. */
  control(x: number, y: number, pe: number, event: 'PAUSE' | 'RESUME' | 'HALT'): string {
    const b = this.peBlock(x, y, pe);
    const next = nextPeState(b.f[F.state], PeEventCode[event]);
    if (next === REJECTED) throw new Error(`chip(${x},${y}).pe(${pe}): ${event} is not allowed in state ${PE_STATES[b.f[F.state]]}`);
    b.f[F.state] = next;
    return PE_STATES[next];
  }

  peState(x: number, y: number, pe: number): string {
    return PE_STATES[this.peBlock(x, y, pe).f[F.state]];
  }

  /** Cycles a tick holds at a level (default: the machine's default level). */
  cyclesPerTickBudget(level = this.machine.pe.defaultPerformanceLevel ?? this.levels.length - 1): number {
    return (this.levels[level].frequencyHz * this.options.tickNs) / 1e9;
  }

  get performanceLevels(): readonly PerformanceLevel[] {
    return this.levels;
  }

  get dvfsPolicy(): string {
    return this.dvfs.name;
  }

  provenance(): { pes: PeProvenance[]; routers: Array<RouterCounters & { chip: string; tableEntries: number; dramUsedBytes: number; links: LinkProvenance }> } {
    const parts = this.requireParts();
    const { params } = parts;
    return {
      pes: parts.pes.map((p) => {
        const f = this.blockOf(p).f;
        const counters = Object.fromEntries(COUNTER_FIELDS.map((k) => [k, f[F[k]]])) as unknown as PeCounters;
        return {
          pe: `chip(${this.machine.chips[p.chip].x},${this.machine.chips[p.chip].y}).pe(${p.pe})`, label: p.label, program: p.program,
          state: PE_STATES[f[F.state]], sramUsedBytes: p.sram.usedBytes, level: this.levels[f[F.level]].name, ...counters,
        };
      }),
      routers: this.machine.chips
        .map((c, i) => ({ c, i }))
        .filter(({ i }) => parts.tables[i].size > 0 || parts.pes.some((p) => p.chip === i) || this.linkCounts.subarray(i * LINK_COUNT * LINK_STAT_COUNT, (i + 1) * LINK_COUNT * LINK_STAT_COUNT).some((v) => v > 0))
        .map(({ c, i }) => {
          const b = new ChipBlock(parts.chipBlocks[i], params.eventQueueCapacity, params.inboxCapacity, '');
          const lc = this.linkCounts;
          const links = Object.fromEntries(
            LINK_NAMES.map((n, l) => [n, { sent: lc[(i * LINK_COUNT + l) * 2], dropped: lc[(i * LINK_COUNT + l) * 2 + 1] }]),
          ) as LinkProvenance;
          return { chip: `chip(${c.x},${c.y})`, tableEntries: parts.tables[i].size, dramUsedBytes: parts.drams[i].usedBytes, ...b.counters(), links };
        }),
    };
  }

  /** Energy of all loaded PEs, summed PE by PE in machine order (so the bits do not depend on threads). */
  energy(): EnergySummary {
    const parts = this.requireParts();
    const L = this.levels.length;
    let dynamicJ = 0, activeJ = 0, sleepJ = 0, peTicks = 0;
    const byLevel = new Array<number>(L).fill(0);
    const ticksByLevel = new Array<number>(L).fill(0);
    for (const p of parts.pes) {
      const f = this.blockOf(p).f;
      dynamicJ += f[F.energyDynamicJ];
      activeJ += f[F.energyBaselineActiveJ];
      sleepJ += f[F.energyBaselineSleepJ];
      for (let l = 0; l < L; l++) {
        byLevel[l] += f[F.energyByLevel + l];
        ticksByLevel[l] += f[F.energyByLevel + L + l];
        peTicks += f[F.energyByLevel + L + l];
      }
    }
    const used = (i: number) => ticksByLevel[i] > 0;
    return {
      dynamicJ, baselineJ: activeJ + sleepJ, baselineActiveJ: activeJ, baselineSleepJ: sleepJ, totalJ: dynamicJ + activeJ + sleepJ,
      byLevel: Object.fromEntries(this.levels.map((l, i) => [l.name, byLevel[i]]).filter((_, i) => used(i))),
      ticksByLevel: Object.fromEntries(this.levels.map((l, i) => [l.name, ticksByLevel[i]]).filter((_, i) => used(i))),
      peTicks, assumption: ENERGY_ASSUMPTION,
    };
  }

  /**
   * The energy report of @s2sim/power's account over the ticks run since load (or since a checkpoint was restored):
   * parts that sum to the total, per PE, chip, board and level, per operation, and power traces. The account was fed
   * per tick with each PE's level, cycles and operations and each router's traffic, in machine order, so the bits do
   * not depend on threads.
   */
  energyReport(): EnergyReport {
    const parts = this.requireParts();
    if (!this.options.energyAccount) throw new Error('no energy report: the simulation ran with the kernel option energyAccount: false (sim.energy() still sums PE energy)');
    this.account ??= machineEnergyAccount(this.machine, parts.params.energy, this.options.tickNs);
    const { machine } = this;
    const per = machine.chip.pes;
    return this.account.report({
      chipNames: machine.chips.map((c) => `chip(${c.x},${c.y})`),
      peName: (g) => `chip(${machine.chips[Math.floor(g / per)].x},${machine.chips[Math.floor(g / per)].y}).pe(${g % per})`,
    });
  }

  /** Saves the whole state (between runs) to a file; `Simulation.restore` resumes it bit-identically. */
  checkpoint(file: string): void {
    saveCheckpoint(this, this.requireParts(), file);
  }

  static restore(file: string, programs: ProgramRegistry, overrides: Partial<SimulationOptions> = {}): Simulation {
    return restoreCheckpoint(file, programs, overrides);
  }

  /** Stops the worker threads of every simulation in the process (a later runAsync starts new ones). */
  async close(): Promise<void> {
    await closeWorkerPools();
  }

  /** Marks the simulation unusable (used when a checkpoint restore or a worker fails half-way). */
  markBroken(e: Error): void {
    this.broken = e;
  }

  static readonly routerCounterNames = ROUTER_COUNTERS;
  static readonly outStride = OUT_STRIDE;
  static readonly inStride = IN_STRIDE;
}

