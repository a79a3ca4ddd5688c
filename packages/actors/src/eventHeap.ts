/**
 * A chip's future events (packet arrivals, DMA completions, user interrupts, PE wake-ups) as a binary min-heap in
 * a Float64Array of fixed capacity inside a SharedArrayBuffer. Order: time, then rank (the event's named priority),
 * then a sequence number; the triple is unique and does not depend on threads or window length, so the order of
 * events at the same time is fixed.
 */
export const EV_STRIDE = 8; // time, rank, seq, kind, pe, key, payload, sentTick
export const EV = { packet: 0, dma: 1, user: 2, wake: 3 } as const;

export class EventHeap {
  readonly data: Float64Array;
  /** [0]: size. */
  readonly meta: Float64Array;

  static bytes(capacity: number): number {
    return 8 + capacity * EV_STRIDE * 8;
  }

  constructor(
    buffer: SharedArrayBuffer,
    offset: number,
    readonly capacity: number,
    readonly chipName: string,
  ) {
    this.meta = new Float64Array(buffer, offset, 1);
    this.data = new Float64Array(buffer, offset + 8, capacity * EV_STRIDE);
  }

  get size(): number {
    return this.meta[0];
  }

  /** Time of the earliest event, or +Infinity. */
  peekTime(): number {
    return this.meta[0] > 0 ? this.data[0] : Infinity;
  }

  private less(a: number, b: number): boolean {
    const d = this.data;
    const x = a * EV_STRIDE, y = b * EV_STRIDE;
    if (d[x] !== d[y]) return d[x] < d[y];
    if (d[x + 1] !== d[y + 1]) return d[x + 1] < d[y + 1];
    return d[x + 2] < d[y + 2];
  }

  private swap(a: number, b: number): void {
    const d = this.data;
    const x = a * EV_STRIDE, y = b * EV_STRIDE;
    for (let k = 0; k < EV_STRIDE; k++) {
      const t = d[x + k];
      d[x + k] = d[y + k];
      d[y + k] = t;
    }
  }

  push(time: number, rank: number, seq: number, kind: number, pe: number, key: number, payload: number, sentTick: number): void {
    let i = this.meta[0];
    if (i === this.capacity) {
      throw new Error(
        `the event queue of ${this.chipName} is full (${this.capacity} events in flight). Hint: raise the ` +
          `simulation's eventQueueCapacity option, or send fewer packets at once`,
      );
    }
    const d = this.data, o = i * EV_STRIDE;
    d[o] = time; d[o + 1] = rank; d[o + 2] = seq; d[o + 3] = kind; d[o + 4] = pe; d[o + 5] = key; d[o + 6] = payload; d[o + 7] = sentTick;
    this.meta[0] = i + 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Moves the earliest event to `out` (EV_STRIDE numbers) and removes it. */
  pop(out: Float64Array): void {
    const d = this.data;
    for (let k = 0; k < EV_STRIDE; k++) out[k] = d[k];
    const n = this.meta[0] - 1;
    this.meta[0] = n;
    if (n === 0) return;
    const last = n * EV_STRIDE;
    for (let k = 0; k < EV_STRIDE; k++) d[k] = d[last + k];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
