import { Sram, type MachineSpec, type PerformanceLevel } from '@s2sim/hardware';
import { EnergyMeter, defaultEnergyModel, fixedLevelPolicy, type DvfsPolicy, type EnergyModel, type EnergySummary, type WorkloadSample } from '@s2sim/power';
import { ChipState, type RouterCounters } from './chipState';
import type { MachineImage } from './machineImage';
import { PeSlot, type PeCounters } from './peSlot';
import { PeEventCode, PeState, REJECTED, nextPeState, PE_STATES } from './peStateTable';
import type { ProgramRegistry } from './programRegistry';
import { Recorder } from './recorder';

export interface SimulationOptions {
  /** Timer period, nanoseconds (1 ms = 1e6). */
  tickNs: number;
  seed: number;
  mailboxCapacity?: number;
  energy?: EnergyModel;
  /** Keep running when a PE faults (the faulted PE stops); default: stop the run. */
  continueOnFault?: boolean;
  /** Picks each PE's performance level at the start of every tick; default: the machine's default level, fixed. */
  dvfs?: DvfsPolicy;
}

export interface PeFault {
  pe: string;
  program: string;
  interrupt: 'timer' | 'packet';
  tick: number;
  cause: string;
}

/** Raised when a handler throws and the run is set to stop: carries the fault report. */
export class PeFaultError extends Error {
  constructor(readonly fault: PeFault) {
    super(`${fault.pe} faulted in the ${fault.interrupt} handler of '${fault.program}' at tick ${fault.tick}: ${fault.cause}`);
    this.name = 'PeFaultError';
  }
}

export interface PeProvenance extends PeCounters {
  pe: string;
  label: string;
  program: string;
  state: string;
  sramUsedBytes: number;
  level: string;
}

/**
 * The single-thread kernel. Each tick runs a named schedule of phases, in this fixed order:
 *   1. timer   — every running PE handles its timer interrupt (neuron updates, sources);
 *   2. route   — each chip's router delivers the packets sent in phase 1 to PE mailboxes (first-match lookup);
 *   3. packet  — every PE handles its received packets, one interrupt per packet.
 * A packet's effect on neurons is scheduled at least one tick later (the synaptic delay), so the order inside a
 * tick cannot change results.
 */
export class Simulation {
  readonly chips: ChipState[];
  private readonly chipIndex = new Map<string, number>();
  private readonly slots: PeSlot[] = [];
  readonly recorder = new Recorder();
  readonly faults: PeFault[] = [];
  private readonly energyMeter: EnergyMeter;
  private readonly levels: readonly PerformanceLevel[];
  private readonly dvfs: DvfsPolicy;
  private readonly sample: WorkloadSample = { peIndex: 0, lastTickCycles: 0, lastTickPackets: 0 };
  ticksRun = 0;

  constructor(
    readonly machine: MachineSpec,
    private readonly programs: ProgramRegistry,
    readonly options: SimulationOptions,
  ) {
    this.chips = machine.chips.map((c, i) => {
      this.chipIndex.set(`${c.x},${c.y}`, i);
      return new ChipState(c, i, machine.chip.pes, machine.chip.routerEntries);
    });
    this.levels = machine.pe.performanceLevels;
    this.dvfs = options.dvfs ?? fixedLevelPolicy(machine.pe.defaultPerformanceLevel);
    this.dvfs.chooseLevel(this.sample, this.levels, options.tickNs, 0); // fails early on a level that does not exist
    this.energyMeter = new EnergyMeter(options.energy ?? defaultEnergyModel(), options.tickNs);
  }

  chip(x: number, y: number): ChipState {
    const i = this.chipIndex.get(`${x},${y}`);
    if (i === undefined) throw new RangeError(`the machine '${this.machine.name}' has no chip (${x},${y})`);
    return this.chips[i];
  }

  /** Allocates SRAM, copies data, attaches programs, fills router tables; every PE ends up running (asleep). */
  load(image: MachineImage): void {
    const { machine } = this;
    for (const t of image.tables) {
      const chip = this.chip(t.chip.x, t.chip.y);
      for (const e of t.entries) chip.table.add(e.key, e.mask, e.route);
    }
    for (const p of image.pes) {
      const chip = this.chip(p.chip.x, p.chip.y);
      if (p.pe < 0 || p.pe >= machine.chip.pes) throw new RangeError(`PE ${p.pe} does not exist on a chip of ${machine.chip.pes} PEs`);
      if (chip.pes[p.pe]) throw new Error(`${chip.pes[p.pe]!.peName} is loaded twice`);
      const program = this.programs.get(p.program);
      const sram = new Sram(p.chip, p.pe, machine.pe.sramBytes, machine.pe.codeBytes);
      for (const r of p.regions) {
        const bytes = r.data ? r.data.byteLength : (r.bytes ?? 0);
        const region = sram.allocate(r.name, bytes);
        if (r.data) new Uint8Array(sram.buffer, region.offset, bytes).set(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
      }
      const slot = new PeSlot(
        chip, p.pe, chip.index * machine.chip.pes + p.pe, sram, program, machine.costs, this.recorder,
        this.options.seed, this.options.mailboxCapacity ?? 4096, p.label ?? p.program,
      );
      slot.programState = program.attach(sram, p.params);
      this.move(slot, 'LOAD');
      this.move(slot, 'START');
      chip.pes[p.pe] = slot;
      this.slots.push(slot);
    }
  }

  private move(slot: PeSlot, event: keyof typeof PeEventCode): void {
    const next = nextPeState(slot.state, PeEventCode[event]);
    if (next === REJECTED) throw new Error(`${slot.peName}: event ${event} is not allowed in state ${PE_STATES[slot.state]}`);
    slot.state = next;
  }

  /** Runs `ticks` timer ticks; returns early (after recording the fault) when a PE faults and the run should stop. */
  run(ticks: number, onTick?: (tick: number) => void): void {
    const { tickNs } = this.options;
    for (let n = 0; n < ticks; n++) {
      const tick = this.ticksRun;
      const timeNs = tick * tickNs;
      this.chooseLevels();
      for (const s of this.slots) {
        if (s.state !== PeState['running.sleeping']) continue;
        s.tick = tick;
        s.timeNs = timeNs;
        if (s.program.timer) this.handle(s, 'timer', -1, 0);
      }
      for (const c of this.chips) if (c.outbox.length) c.routeOutbox();
      for (const s of this.slots) {
        const box = s.mailbox;
        while (box.size > 0 && s.state === PeState['running.sleeping']) {
          const i = box.shift();
          this.handle(s, 'packet', box.keys[i], box.payloads[i]);
        }
      }
      this.endTick();
      this.ticksRun++;
      onTick?.(tick);
      if (this.faults.length && !this.options.continueOnFault) throw new PeFaultError(this.faults[0]);
    }
  }

  private handle(s: PeSlot, interrupt: 'timer' | 'packet', key: number, payload: number): void {
    s.state = nextPeState(s.state, PeEventCode.IRQ);
    s.counters.interrupts++;
    try {
      if (interrupt === 'timer') {
        s.busy += s.costs.timerInterruptCycles;
        s.program.timer!(s.programState, s);
      } else {
        s.busy += s.costs.packetInterruptCycles;
        s.program.packet?.(s.programState, s, key, payload);
      }
      s.state = nextPeState(s.state, PeEventCode.RETURN);
    } catch (e) {
      s.state = nextPeState(s.state, PeEventCode.FAULT);
      const fault = { pe: s.peName, program: s.program.name, interrupt, tick: s.tick, cause: e instanceof Error ? e.message : String(e) };
      s.fault = fault;
      this.faults.push(fault);
    }
  }

  /** Start of a tick: every PE picks its level from last tick's workload (the DVFS slot). */
  private chooseLevels(): void {
    const { sample, levels, dvfs } = this;
    for (const s of this.slots) {
      sample.peIndex = s.globalIndex;
      sample.lastTickCycles = s.lastTickCycles;
      sample.lastTickPackets = s.lastTickPackets;
      s.level = dvfs.chooseLevel(sample, levels, this.options.tickNs, s.level);
    }
  }

  private endTick(): void {
    const tickNs = this.options.tickNs;
    for (const s of this.slots) {
      const c = s.counters;
      const level = this.levels[s.level];
      if (s.busy > (level.frequencyHz * tickNs) / 1e9) c.timerOverruns++;
      if (s.busy > c.maxBusyCycles) c.maxBusyCycles = s.busy;
      c.busyCycles += s.busy;
      this.energyMeter.addPeTick(level, s.busy);
      s.lastTickCycles = s.busy;
      s.lastTickPackets = c.packetsReceived - s.packetsAtTickStart;
      s.packetsAtTickStart = c.packetsReceived;
      s.busy = 0;
    }
  }

  sram(x: number, y: number, pe: number): Sram {
    const slot = this.chip(x, y).pes[pe];
    if (!slot) throw new Error(`chip(${x},${y}).pe(${pe}) runs no program`);
    return slot.sram;
  }

  /** Reads a region back after (or during) a run, as the host does over Ethernet. */
  readRegion(x: number, y: number, pe: number, name: string): Uint8Array {
    return this.sram(x, y, pe).bytes(name);
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

  provenance(): { pes: PeProvenance[]; routers: Array<RouterCounters & { chip: string; tableEntries: number }> } {
    return {
      pes: this.slots.map((s) => ({
        pe: s.peName, label: s.label, program: s.program.name, state: PE_STATES[s.state], sramUsedBytes: s.sram.usedBytes,
        level: this.levels[s.level].name, ...s.counters,
      })),
      routers: this.chips
        .filter((c) => c.table.size > 0 || c.pes.some(Boolean))
        .map((c) => ({ chip: `chip(${c.coord.x},${c.coord.y})`, tableEntries: c.table.size, ...c.counters })),
    };
  }

  energy(): EnergySummary {
    return this.energyMeter.summary();
  }
}
