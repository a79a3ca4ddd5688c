/** Kinds of busy interval on a PE's timeline. */
export const BUSY = { CPU: 0, MAC: 1, DMA_IN: 2, DMA_OUT: 3, NOC: 4, SCHED: 5 } as const;
export const BUSY_NAMES = ['cpu', 'mac', 'dma-in', 'dma-out', 'noc', 'scheduler'] as const;

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
}
