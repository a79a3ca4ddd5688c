import type { Operation } from '@s2sim/power';
import type { ChipCoord, ConvGeometry, CostModel, MacResult, Prng, Sram } from '@s2sim/hardware';

/** The MAC array as a program sees it: each call runs on the array and charges its cycles to the PE. */
export interface MacUnit {
  matmulInt8(a: Int8Array, b: Int8Array, acc: Int32Array, m: number, k: number, n: number, opts?: { accumulate?: boolean; aOffset?: number; bOffset?: number; accOffset?: number }): MacResult;
  matmulInt16(a: Int16Array, b: Int16Array, acc: Int32Array, m: number, k: number, n: number, opts?: { accumulate?: boolean; aOffset?: number; bOffset?: number; accOffset?: number }): MacResult;
  conv2dInt8(input: Int8Array, weights: Int8Array, acc: Int32Array, g: ConvGeometry, opts?: { accumulate?: boolean }): MacResult;
  conv2dInt16(input: Int16Array, weights: Int16Array, acc: Int32Array, g: ConvGeometry, opts?: { accumulate?: boolean }): MacResult;
}

/** Geometry of a strided DMA (bytes). Planes default to 1; plane strides to 0. */
export interface StridedShape {
  rowBytes: number;
  rows: number;
  srcStrideBytes: number;
  dstStrideBytes: number;
  planes?: number;
  srcPlaneBytes?: number;
  dstPlaneBytes?: number;
}

/**
 * What a PE program sees while a handler runs. One context per PE, reused across handlers, so that the hot
 * path allocates nothing. Every call that does work charges its modelled cycles, and the PE stays busy for
 * (cycles / clock) of simulated time.
 */
export interface PeContext {
  readonly chip: ChipCoord;
  readonly pe: number;
  /** Chip index x PEs per chip + PE: the PE's place in the machine, the same on every thread. */
  readonly globalPe: number;
  /** `chip(x,y).pe(p)`, for messages. */
  readonly peName: string;
  /** The tick this handler belongs to: for the timer handler the tick it serves, otherwise the clock's tick. */
  readonly tick: number;
  /** Global simulated time now (handler start plus the cycles charged so far at the PE's clock), nanoseconds. */
  readonly timeNs: number;
  readonly tickNs: number;
  /** The PE's clock at its current performance level, hertz. */
  readonly frequencyHz: number;
  /** In a packet handler: the tick in which the packet was sent (for delays counted from the sender's tick). */
  readonly sentTick: number;
  /** In a packet handler: 'multicast' or 'p2p'. */
  readonly packetKind: 'multicast' | 'p2p';
  readonly costs: CostModel;
  /** The PE's seeded generator (its state lives in the PE block, so checkpoints keep it). */
  readonly rng: Prng;
  /** The MAC array (int8/int16 matrix multiply and 2-D convolution). */
  readonly mac: MacUnit;
  /**
   * Runs `work` on the MAC array as a job beside the core, as the array works on its own once programmed: the core
   * pays only the set-up (dmaSetupCycles, assumption), the array is busy for the job's cycles after its previous
   * job, and its completion raises the DMA-done interrupt with `tag`. The results are in the buffers at once (as
   * with DMA, a program must not use them before the interrupt). `work` should only call the given MacUnit.
   * Returns when the job will be done, ns.
   */
  macJob(tag: number, work: (mac: MacUnit) => void): number;
  /** Sends a multicast packet with an optional 32-bit payload through the chip's router; charges its cost. */
  sendMulticast(key: number, payload?: number): void;
  /** Sends a multicast packet whose payload is a float32 (an error signal, a graded event). */
  sendMulticastFloat(key: number, value: number): void;
  /** Sends a point-to-point packet to one PE of any chip; the receiver's packet handler sees `packetKind` 'p2p'. */
  sendPointToPoint(chip: ChipCoord, pe: number, key: number, payload?: number): void;
  /** Raises a user (software) interrupt on a PE of the same chip. */
  raiseUser(pe: number, code: number): void;
  /**
   * Starts a DMA from a DRAM region of the chip into this PE's SRAM; the DMA handler gets `tag` when it is done.
   * The PE's transfers queue on its engine, and DRAM transfers of all the chip's PEs share its DRAM port
   * (dramPort.ts). Every DMA call returns the simulated time (ns) at which the transfer will be done.
   */
  dmaRead(dramRegion: string, dramOffset: number, sramOffset: number, bytes: number, tag?: number): number;
  /** Starts a DMA from this PE's SRAM into a DRAM region of the chip. */
  dmaWrite(sramOffset: number, dramRegion: string, dramOffset: number, bytes: number, tag?: number): number;
  /**
   * One DMA that gathers `planes` x `rows` rows of `rowBytes` from DRAM (rows `srcStrideBytes` apart, planes
   * `srcPlaneBytes` apart) into SRAM (`dstStrideBytes`, `dstPlaneBytes`): a tensor tile with padding or a slice
   * of a weight matrix. Charged as one transfer of all its bytes with one set-up (assumption: a chained descriptor).
   */
  dmaReadStrided(dramRegion: string, dramOffset: number, sramOffset: number, shape: StridedShape, tag?: number): number;
  /** The scatter counterpart of dmaReadStrided: strided rows from this PE's SRAM (src strides) into DRAM (dst strides). */
  dmaWriteStrided(sramOffset: number, dramRegion: string, dramOffset: number, shape: StridedShape, tag?: number): number;
  /** Starts a DMA from this PE's SRAM into another PE's SRAM on the same chip. */
  dmaToPe(pe: number, srcOffset: number, dstOffset: number, bytes: number, tag?: number): number;
  /** Starts a DMA that reads another PE's SRAM (same chip) over the NoC into this PE's SRAM. */
  dmaFromPe(pe: number, srcOffset: number, dstOffset: number, bytes: number, tag?: number): number;
  /**
   * Writes one 32-bit word (little-endian) into another PE's SRAM on the same chip over the NoC, as a posted store:
   * no interrupt anywhere (pair it with raiseUser to tell that PE). A status flag, a command word.
   */
  storeToPe(pe: number, sramOffset: number, value: number): void;
  /** exp(x) on the accelerator (s16.15 fixed point); charges its cycles. */
  exp(x: number): number;
  /** ln(x) on the accelerator; charges its cycles. */
  ln(x: number): number;
  /** Charges modelled cycles to the PE. */
  charge(cycles: number): void;
  /**
   * Counts `n` operations (synapticEvent, neuronUpdate, mac, expLog, dmaByte, packetSent) for the energy account
   * and charges the cost model's cycles for them. The kernel itself counts packets sent, DMA bytes, MAC-array
   * MACs and exp/ln calls (with their own cycles), so programs call this for the work only they know about, such
   * as synaptic events and neuron updates.
   */
  chargeOp(op: Operation, n?: number): void;
  /** Appends (tick, PE, value) to a named recording channel that the host reads back after the run. */
  record(channel: string, value: number): void;
  /** Stops this PE for good after the handler returns (it moves to `halted`). */
  halt(): void;
}

/**
 * A PE program: handlers that run against state held in the PE's SRAM. `attach` builds that state (typed-array
 * views over the regions the image placed in SRAM); the handlers are pure code over it, so any worker thread can
 * run them and a checkpoint (a copy of SRAM) captures everything.
 */
export interface PeProgram<S = unknown> {
  readonly name: string;
  attach(sram: Sram, params: unknown): S;
  /** Timer interrupt: once per tick (lowest priority). */
  timer?(state: S, ctx: PeContext): void;
  /** Packet-received interrupt: once per packet that the router delivered to this PE (highest priority). */
  packet?(state: S, ctx: PeContext, key: number, payload: number): void;
  /** DMA-done interrupt, with the tag given when the transfer started. */
  dma?(state: S, ctx: PeContext, tag: number): void;
  /** User (software) interrupt raised by a PE of the same chip or by the host. */
  user?(state: S, ctx: PeContext, code: number, fromPe: number): void;
  /** The program's estimate of this tick's cycles, handed to the DVFS policy as WorkloadSample.estimatedCycles. */
  estimateCycles?(state: S, ctx: PeContext): number;
  /**
   * Declares the packet handler local: it reads and writes only this PE's own state, charges cycles and records, but
   * sends no packet, starts no DMA, raises no interrupt and does not halt (as sPyNNaker's synapse processing, which
   * only adds into the PE's ring buffers). The kernel may then run a PE's queued packet handlers ahead of other PEs'
   * events, each at its exact start time, instead of waking the PE through the event queue for every packet. A
   * handler that breaks the declaration faults its PE with a message that says so.
   */
  readonly packetIsLocal?: boolean;
}

/** Identity helper that keeps the state type of a program. */
export function defineProgram<S>(program: PeProgram<S>): PeProgram<S> {
  return program;
}
