/**
 * Discrete events inside one chip, in time order; events at the same time run in the order they were posted, so a
 * run is deterministic. A binary heap of (time, sequence).
 */
export class EventQueue {
  private times: number[] = [];
  private seqs: number[] = [];
  private fns: Array<() => void> = [];
  private seq = 0;
  now = 0;

  get size(): number {
    return this.times.length;
  }

  post(timeNs: number, fn: () => void): void {
    if (timeNs < this.now) throw new Error(`event posted in the past (${timeNs} ns < now ${this.now} ns)`);
    const { times, seqs, fns } = this;
    let i = times.length;
    times.push(timeNs); seqs.push(this.seq++); fns.push(fn);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Runs events until none is left; returns the time of the last. */
  run(): number {
    while (this.times.length) {
      const t = this.times[0], fn = this.fns[0];
      this.pop();
      this.now = t;
      fn();
    }
    return this.now;
  }

  private pop(): void {
    const { times, seqs, fns } = this;
    const last = times.length - 1;
    this.swap(0, last);
    times.pop(); seqs.pop(); fns.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < times.length && this.less(l, m)) m = l;
      if (r < times.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private less(a: number, b: number): boolean {
    return this.times[a] < this.times[b] || (this.times[a] === this.times[b] && this.seqs[a] < this.seqs[b]);
  }

  private swap(a: number, b: number): void {
    const { times, seqs, fns } = this;
    [times[a], times[b]] = [times[b], times[a]];
    [seqs[a], seqs[b]] = [seqs[b], seqs[a]];
    [fns[a], fns[b]] = [fns[b], fns[a]];
  }
}
