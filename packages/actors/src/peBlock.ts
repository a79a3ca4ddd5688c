/**
 * A PE's runtime state outside its SRAM — control state, clocks, counters, PRNG, interrupt queues — in one
 * SharedArrayBuffer, so that any worker thread can advance the PE and a checkpoint is a copy of bytes.
 *
 * Layout: Float64 fields (F.*), then per-level energy; then Int32 queue heads; then Uint32 PRNG state and rings.
 */
export const F = {
  busyUntilNs: 0,
  tickCycles: 1,
  level: 2,
  lastTickCycles: 3,
  lastTickPackets: 4,
  timerPending: 5,
  nextTimerTick: 6,
  dmaBusyUntilNs: 7,
  wakeAtNs: 8,
  state: 9,
  packetsAtTickStart: 10,
  timerOverruns: 11,
  maxBusyCycles: 12,
  busyCycles: 13,
  interrupts: 14,
  packetsSent: 15,
  packetsReceived: 16,
  mailboxOverflows: 17,
  dmaTransfers: 18,
  dmaBytes: 19,
  userInterrupts: 20,
  energyDynamicJ: 21,
  energyBaselineActiveJ: 22,
  faultTick: 23,
  timerInterrupts: 24,
  packetInterrupts: 25,
  dmaInterrupts: 26,
  macs: 27,
  expLogCalls: 28,
  energyBaselineSleepJ: 29,
  /**
   * This tick's operation counts, in @s2sim/power's OPERATIONS order (synapticEvent, neuronUpdate, mac, expLog,
   * dmaByte, packetSent): 6 fields, reported to the energy account and cleared at the tick's end.
   */
  tickOps: 30,
  /** When the PE's MAC array finishes its queued jobs (PeContext.macJob), ns. */
  macBusyUntilNs: 36,
  /** Energy per level, then PE-ticks per level: 2 x levels fields. */
  energyByLevel: 37,
} as const;

/** Offsets of the operations within F.tickOps (the order of @s2sim/power's OPERATIONS; energyLog.ts checks it). */
export const OP = { synapticEvent: 0, neuronUpdate: 1, mac: 2, expLog: 3, dmaByte: 4, packetSent: 5 } as const;
export const OP_COUNT = 6;

/** Interrupt sources, in priority order (0 first), as sPyNNaker orders them: packets, DMA done, user, timer. */
export const IRQ = { packet: 0, dma: 1, user: 2, timer: 3 } as const;
export type InterruptName = keyof typeof IRQ;
export const IRQ_NAMES: InterruptName[] = ['packet', 'dma', 'user', 'timer'];

/** Packet kinds carried in the mailbox. */
export const PACKET_MC = 0;
export const PACKET_P2P = 1;

export const PACKET_WORDS = 4; // key, payload, sentTick, kind
export const DMA_RING = 64;
export const USER_RING = 64;
const HEAD_WORDS = 6; // packet head/count, dma head/count, user head/count

/** Float64 fields per PE in the chip's control table. */
export const fieldCount = (levels: number) => F.energyByLevel + 2 * levels;
/** Bytes of the queue buffer before the rings: heads and PRNG state. */
export const QUEUE_HEADER_BYTES = HEAD_WORDS * 4 + 16;

/**
 * Typed views over one PE's state: its Float64 fields, a slice of its chip's control table (contiguous over the
 * chip's PEs, so that a tick's sweep over them walks memory in order), and its own queue buffer (heads, PRNG,
 * mailbox, DMA and user rings).
 */
export class PeBlock {
  readonly f: Float64Array;
  readonly heads: Int32Array;
  readonly prngState: Uint32Array;
  readonly packets: Uint32Array;
  readonly dma: Uint32Array;
  readonly user: Uint32Array;

  static queueBytes(mailboxCapacity: number): number {
    return QUEUE_HEADER_BYTES + (mailboxCapacity * PACKET_WORDS + DMA_RING + USER_RING * 2) * 4;
  }

  constructor(
    control: SharedArrayBuffer,
    controlOffset: number,
    readonly queues: SharedArrayBuffer,
    levels: number,
    readonly mailboxCapacity: number,
  ) {
    this.f = new Float64Array(control, controlOffset, fieldCount(levels));
    let at = 0;
    this.heads = new Int32Array(queues, at, HEAD_WORDS);
    at += HEAD_WORDS * 4;
    this.prngState = new Uint32Array(queues, at, 4);
    at += 16;
    this.packets = new Uint32Array(queues, at, mailboxCapacity * PACKET_WORDS);
    at += this.packets.byteLength;
    this.dma = new Uint32Array(queues, at, DMA_RING);
    at += DMA_RING * 4;
    this.user = new Uint32Array(queues, at, USER_RING * 2);
  }

  /** True when no interrupt waits in a queue (a checkpoint then needs only the heads and PRNG). */
  get queuesEmpty(): boolean {
    const h = this.heads;
    return h[1] === 0 && h[3] === 0 && h[5] === 0;
  }

  get packetCount(): number {
    return this.heads[1];
  }

  /** Appends a packet to the mailbox; false (and counted) when it is full, as a PE's input buffer drops. */
  /** `aheadOccupancy`: packets already taken from the queue that still wait in it in modelled time (run ahead). */
  pushPacket(key: number, payload: number, sentTick: number, kind: number, aheadOccupancy = 0): boolean {
    const h = this.heads, cap = this.mailboxCapacity;
    if (h[1] + aheadOccupancy >= cap) {
      this.f[F.mailboxOverflows]++;
      return false;
    }
    const i = ((h[0] + h[1]) % cap) * PACKET_WORDS;
    const p = this.packets;
    p[i] = key;
    p[i + 1] = payload;
    p[i + 2] = sentTick;
    p[i + 3] = kind;
    h[1]++;
    this.f[F.packetsReceived]++;
    return true;
  }

  /** Removes the oldest packet and returns its word offset in `packets`. */
  shiftPacket(): number {
    const h = this.heads;
    const i = h[0] * PACKET_WORDS;
    h[0] = (h[0] + 1) % this.mailboxCapacity;
    h[1]--;
    return i;
  }

  pushDma(tag: number): void {
    const h = this.heads;
    if (h[3] === DMA_RING) throw new Error(`more than ${DMA_RING} DMA completions are pending`);
    this.dma[(h[2] + h[3]) % DMA_RING] = tag;
    h[3]++;
  }

  shiftDma(): number {
    const h = this.heads;
    const tag = this.dma[h[2]];
    h[2] = (h[2] + 1) % DMA_RING;
    h[3]--;
    return tag;
  }

  pushUser(code: number, fromPe: number): boolean {
    const h = this.heads;
    if (h[5] === USER_RING) {
      this.f[F.mailboxOverflows]++;
      return false;
    }
    const i = ((h[4] + h[5]) % USER_RING) * 2;
    this.user[i] = code;
    this.user[i + 1] = fromPe;
    h[5]++;
    return true;
  }

  shiftUser(): number {
    const h = this.heads;
    const i = h[4] * 2;
    h[4] = (h[4] + 1) % USER_RING;
    h[5]--;
    return i;
  }

  /** The highest-priority pending interrupt, or -1. */
  pendingIrq(): number {
    const h = this.heads;
    if (h[1] > 0) return IRQ.packet;
    if (h[3] > 0) return IRQ.dma;
    if (h[5] > 0) return IRQ.user;
    if (this.f[F.timerPending] > 0) return IRQ.timer;
    return -1;
  }
}
