import type { PeContext, RecordingChannel } from '@s2sim/actors';

/** Kinds of busy interval on a PE's timeline. */
export const BUSY = { CPU: 0, MAC: 1, DMA_IN: 2, DMA_OUT: 3, NOC: 4, SCHED: 5 } as const;
export const BUSY_NAMES = ['cpu', 'mac', 'dma-in', 'dma-out', 'noc', 'scheduler'] as const;

/** The recording channel of busy intervals: each interval is three rows (start ns, end ns, kind) of one PE. */
export const BUSY_CHANNEL = 'dnn.busy';

/** A program records one busy interval of its PE (the host reads them back after the run). */
export function recordBusy(ctx: PeContext, startNs: number, endNs: number, kind: number): void {
  if (endNs <= startNs) return;
  ctx.record(BUSY_CHANNEL, startNs);
  ctx.record(BUSY_CHANNEL, endNs);
  ctx.record(BUSY_CHANNEL, kind);
}

/** Every PE's busy intervals, in parallel arrays (tens of thousands of entries for a large network). */
export class Timeline {
  readonly pe: number[] = [];
  readonly startNs: number[] = [];
  readonly endNs: number[] = [];
  readonly kind: number[] = [];

  add(pe: number, startNs: number, endNs: number, kind: number): void {
    if (endNs <= startNs) return;
    this.pe.push(pe); this.startNs.push(startNs); this.endNs.push(endNs); this.kind.push(kind);
  }

  get length(): number {
    return this.pe.length;
  }

  /** Busy nanoseconds of each kind on one PE. */
  busyNs(pe: number, kind: number): number {
    let s = 0;
    for (let i = 0; i < this.pe.length; i++) if (this.pe[i] === pe && this.kind[i] === kind) s += this.endNs[i] - this.startNs[i];
    return s;
  }

  /**
   * The intervals the programs recorded. The recorder keeps each PE's rows in the order it recorded them (sorted
   * by tick, then PE), so every interval's three rows stay together; `peOf` maps a global PE index to its number.
   */
  static fromRecords(c: RecordingChannel, peOf: (globalPe: number) => number): Timeline {
    const t = new Timeline();
    if (c.values.length % 3 !== 0) throw new Error(`the '${BUSY_CHANNEL}' recording has ${c.values.length} rows, not whole intervals`);
    for (let i = 0; i < c.values.length; i += 3) {
      if (c.pes[i] !== c.pes[i + 2]) throw new Error(`the '${BUSY_CHANNEL}' recording mixes PEs inside an interval at row ${i}`);
      t.add(peOf(c.pes[i]), c.values[i], c.values[i + 1], c.values[i + 2]);
    }
    return t;
  }
}
