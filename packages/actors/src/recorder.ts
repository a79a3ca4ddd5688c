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
}
