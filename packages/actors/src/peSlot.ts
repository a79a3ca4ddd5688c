import { Prng, Sram, peName, type ChipCoord, type CostModel } from '@s2sim/hardware';
import { Mailbox } from './mailbox';
import type { PeContext, PeProgram } from './program';
import type { Recorder } from './recorder';
import type { ChipState } from './chipState';
import { PeState } from './peStateTable';

/** Per-PE counters for provenance, named as statistics of `chip(x,y).pe(p)`. */
export interface PeCounters {
  timerOverruns: number;
  maxBusyCycles: number;
  busyCycles: number;
  interrupts: number;
  packetsSent: number;
  packetsReceived: number;
  mailboxOverflows: number;
}

/** A loaded PE: its SRAM, program and state, mailbox, context and counters. */
export class PeSlot implements PeContext {
  readonly peName: string;
  readonly rng: Prng;
  readonly mailbox: Mailbox;
  state = PeState.off;
  tick = 0;
  timeNs = 0;
  /** Cycles charged in the current tick. */
  busy = 0;
  /** Index of the PE's current performance level, and last tick's workload for the DVFS policy. */
  level = 0;
  lastTickCycles = 0;
  lastTickPackets = 0;
  packetsAtTickStart = 0;
  programState: unknown;
  fault: { cause: string; interrupt: string; tick: number } | null = null;
  readonly counters: PeCounters = {
    timerOverruns: 0, maxBusyCycles: 0, busyCycles: 0, interrupts: 0, packetsSent: 0, packetsReceived: 0, mailboxOverflows: 0,
  };

  constructor(
    readonly chipState: ChipState,
    readonly pe: number,
    readonly globalIndex: number,
    readonly sram: Sram,
    readonly program: PeProgram,
    readonly costs: CostModel,
    private readonly recorder: Recorder,
    seed: number,
    mailboxCapacity: number,
    readonly label: string,
  ) {
    this.peName = peName(chipState.coord, pe);
    this.rng = new Prng().seed(seed, globalIndex);
    this.mailbox = new Mailbox(mailboxCapacity);
  }

  get chip(): ChipCoord {
    return this.chipState.coord;
  }

  sendMulticast(key: number, payload = 0): void {
    this.busy += this.costs.packetSendCycles;
    this.counters.packetsSent++;
    this.chipState.outbox.push(key >>> 0, payload >>> 0, this.pe);
  }

  charge(cycles: number): void {
    this.busy += cycles;
  }

  record(channel: string, value: number): void {
    this.recorder.append(channel, this.tick, this.globalIndex, value);
  }
}
