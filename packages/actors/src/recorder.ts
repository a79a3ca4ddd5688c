/** A growable column of numbers in a typed array. */
class Column {
  data: Float64Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export interface RecordingChannel {
  ticks: Float64Array;
  /** Global PE index: chip index * PEs per chip + PE. */
  pes: Float64Array;
  values: Float64Array;
}

/** Rows recorded by one partition during one run, per channel (structured-clone friendly). */
export type RecordBatch = Record<string, RecordingChannel>;

/** Recording channels: rows of (tick, PE, value) that programs append and the host reads back. */
export class Recorder {
  private readonly channels = new Map<string, [Column, Column, Column]>();

  append(channel: string, tick: number, pe: number, value: number): void {
    let c = this.channels.get(channel);
    if (!c) this.channels.set(channel, (c = [new Column(), new Column(), new Column()]));
    c[0].push(tick);
    c[1].push(pe);
    c[2].push(value);
  }

  channel(name: string): RecordingChannel {
    const c = this.channels.get(name);
    if (!c) return { ticks: new Float64Array(0), pes: new Float64Array(0), values: new Float64Array(0) };
    return { ticks: c[0].values(), pes: c[1].values(), values: c[2].values() };
  }

  get names(): string[] {
    return [...this.channels.keys()];
  }

  /** Everything recorded so far, as copies, and an empty recorder. */
  drain(): RecordBatch {
    const out: RecordBatch = {};
    for (const [name, c] of this.channels) out[name] = { ticks: c[0].values().slice(), pes: c[1].values().slice(), values: c[2].values().slice() };
    this.channels.clear();
    return out;
  }

  /**
   * Appends the rows of one run from every partition in the canonical order — by tick, then PE, then the order in
   * which the PE recorded them — so that the recording is the same whatever the number of threads.
   */
  appendCanonical(batches: readonly RecordBatch[]): void {
    const names = [...new Set(batches.flatMap((b) => Object.keys(b)))].sort();
    for (const name of names) {
      const parts = batches.map((b) => b[name]).filter((x): x is RecordingChannel => !!x);
      const total = parts.reduce((s, p) => s + p.ticks.length, 0);
      // All rows side by side, then an index order by (tick, PE, position): the position keeps each PE's own order.
      const ticks = new Float64Array(total), pes = new Float64Array(total), values = new Float64Array(total);
      let at = 0;
      for (const p of parts) {
        ticks.set(p.ticks, at);
        pes.set(p.pes, at);
        values.set(p.values, at);
        at += p.ticks.length;
      }
      const order = new Uint32Array(total);
      let sorted = true;
      for (let i = 0; i < total; i++) {
        order[i] = i;
        if (i > 0 && (ticks[i] < ticks[i - 1] || (ticks[i] === ticks[i - 1] && pes[i] < pes[i - 1]))) sorted = false;
      }
      if (!sorted) order.sort((a, b) => ticks[a] - ticks[b] || pes[a] - pes[b] || a - b);
      let c = this.channels.get(name);
      if (!c) this.channels.set(name, (c = [new Column(), new Column(), new Column()]));
      for (let k = 0; k < total; k++) {
        const i = order[k];
        c[0].push(ticks[i]);
        c[1].push(pes[i]);
        c[2].push(values[i]);
      }
    }
  }
}
