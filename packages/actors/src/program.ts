import type { ChipCoord, CostModel, Prng, Sram } from '@s2sim/hardware';

/**
 * What a PE program sees while a handler runs. One context per PE, reused across handlers, so that the hot
 * path allocates nothing.
 */
export interface PeContext {
  readonly chip: ChipCoord;
  readonly pe: number;
  /** `chip(x,y).pe(p)`, for messages. */
  readonly peName: string;
  /** The current timer tick, counted from 0. */
  readonly tick: number;
  /** Global simulated time at the start of the tick, nanoseconds. */
  readonly timeNs: number;
  readonly costs: CostModel;
  /** The PE's seeded generator. */
  readonly rng: Prng;
  /** Sends a multicast packet with an optional 32-bit payload through the chip's router; charges its cost. */
  sendMulticast(key: number, payload?: number): void;
  /** Charges modelled cycles to the PE. */
  charge(cycles: number): void;
  /** Appends (tick, PE, value) to a named recording channel that the host reads back after the run. */
  record(channel: string, value: number): void;
}

/**
 * A PE program: handlers that run against state held in the PE's SRAM. `attach` builds that state (typed-array
 * views over the regions the image placed in SRAM); the handlers are pure code over it.
 */
export interface PeProgram<S = unknown> {
  readonly name: string;
  attach(sram: Sram, params: unknown): S;
  /** Timer interrupt: once per tick. */
  timer?(state: S, ctx: PeContext): void;
  /** Packet-received interrupt: once per multicast packet that the router delivered to this PE. */
  packet?(state: S, ctx: PeContext, key: number, payload: number): void;
}

/** Identity helper that keeps the state type of a program. */
export function defineProgram<S>(program: PeProgram<S>): PeProgram<S> {
  return program;
}
