import { EventHeap } from './eventHeap';

/** Router and chip counters, stored as Float64 fields of the chip block; named as statistics of `chip(x,y).router`. */
export const ROUTER_COUNTERS = [
  'localMulticast', // locally sourced multicast packets looked up
  'droppedNoRoute', // locally sourced packets that matched no entry (dropped, as the hardware does)
  'droppedNoTarget', // deliveries to a PE that runs no program, or is halted or faulted
  'droppedNoLink', // packets routed over a link to a chip that does not exist
  'droppedLoop', // packets that went round more than MAX_HOPS chips (a routing loop)
  'linkHops', // chip-to-chip hops travelled by packets sent from this chip
  'remoteSent', // deliveries to other chips that this chip's packets produced
  'remoteDelivered', // deliveries from other chips that arrived here
  'pointToPointSent',
] as const;
export type RouterCounterName = (typeof ROUTER_COUNTERS)[number];
export type RouterCounters = Record<RouterCounterName, number>;

export const C = Object.fromEntries(ROUTER_COUNTERS.map((n, i) => [n, 3 + i])) as Record<RouterCounterName, number>;
/**
 * The chip's DRAM port (dramPort.ts), stored after the router counters: when it is free again, bytes read and
 * written through it, and the nanoseconds it was busy.
 */
export const DRAM_PORT = { freeAtNs: 3 + ROUTER_COUNTERS.length, readBytes: 4 + ROUTER_COUNTERS.length, writeBytes: 5 + ROUTER_COUNTERS.length, busyNs: 6 + ROUTER_COUNTERS.length } as const;
/** meta[0]: send sequence, meta[1]: event sequence, meta[2]: inbox length, then the counters, then the DRAM port. */
const META = 7 + ROUTER_COUNTERS.length;

/** A delivery from another chip, waiting for its tick: dueTick, srcChip, seq, target, key, payload, sentTick, kind. */
export const IN_STRIDE = 8;

/**
 * A chip's runtime state outside its PEs — event queue, inbox of packets from other chips, sequence numbers and
 * router counters — in one SharedArrayBuffer. Only the partition that owns the chip writes it.
 */
export class ChipBlock {
  readonly meta: Float64Array;
  readonly heap: EventHeap;
  readonly inbox: Float64Array;

  static bytes(eventCapacity: number, inboxCapacity: number): number {
    return META * 8 + EventHeap.bytes(eventCapacity) + inboxCapacity * IN_STRIDE * 8;
  }

  constructor(
    readonly buffer: SharedArrayBuffer,
    eventCapacity: number,
    readonly inboxCapacity: number,
    readonly chipName: string,
  ) {
    this.meta = new Float64Array(buffer, 0, META);
    this.heap = new EventHeap(buffer, META * 8, eventCapacity, chipName);
    this.inbox = new Float64Array(buffer, META * 8 + EventHeap.bytes(eventCapacity), inboxCapacity * IN_STRIDE);
  }

  nextSendSeq(): number {
    return this.meta[0]++;
  }

  nextEventSeq(): number {
    return this.meta[1]++;
  }

  get inboxLength(): number {
    return this.meta[2];
  }

  counters(): RouterCounters {
    return Object.fromEntries(ROUTER_COUNTERS.map((n) => [n, this.meta[C[n]]])) as RouterCounters;
  }

  /**
   * Adds deliveries from other chips (records of IN_STRIDE numbers) and keeps the inbox sorted by
   * (dueTick, srcChip, seq): a key that is unique and the same for any partitioning, so delivery order is too.
   */
  addIncoming(records: Float64Array, count: number): void {
    if (count === 0) return;
    const n = this.meta[2];
    if (n + count > this.inboxCapacity) {
      throw new Error(
        `the inbox of ${this.chipName} holds ${this.inboxCapacity} packets from other chips but ${n + count} are ` +
          `waiting. Hint: raise the simulation's inboxCapacity option`,
      );
    }
    this.inbox.set(records.subarray(0, count * IN_STRIDE), n * IN_STRIDE);
    const total = n + count;
    this.meta[2] = total;
    const b0 = this.inbox;
    let sorted = true;
    for (let i = 1; i < total && sorted; i++) {
      const a = (i - 1) * IN_STRIDE, c = i * IN_STRIDE;
      sorted = b0[a] < b0[c] || (b0[a] === b0[c] && (b0[a + 1] < b0[c + 1] || (b0[a + 1] === b0[c + 1] && b0[a + 2] < b0[c + 2])));
    }
    // Partitions hold ascending ranges of chips and send in (tick, chip, sequence) order, so usually nothing moves.
    if (sorted) return;
    const idx = Array.from({ length: total }, (_, i) => i);
    const b = this.inbox;
    idx.sort((x, y) => {
      const a = x * IN_STRIDE, c = y * IN_STRIDE;
      return b[a] - b[c] || b[a + 1] - b[c + 1] || b[a + 2] - b[c + 2];
    });
    const copy = b.slice(0, total * IN_STRIDE);
    for (let i = 0; i < total; i++) b.set(copy.subarray(idx[i] * IN_STRIDE, idx[i] * IN_STRIDE + IN_STRIDE), i * IN_STRIDE);
    this.meta[2] = total;
  }

  /** Number of leading inbox records due at or before `tick`. */
  dueCount(tick: number): number {
    const n = this.meta[2];
    let i = 0;
    while (i < n && this.inbox[i * IN_STRIDE] <= tick) i++;
    return i;
  }

  /** Removes the first `count` records. */
  dropFront(count: number): void {
    if (count === 0) return;
    const n = this.meta[2];
    this.inbox.copyWithin(0, count * IN_STRIDE, n * IN_STRIDE);
    this.meta[2] = n - count;
  }
}
