import { Subject, type Observable } from 'rxjs';
import type { PartitionSample, SampleRequest } from './partition';

export interface ProgressBatch {
  tick: number;
  ticksDone: number;
  ticksTotal: number;
  simulatedNs: number;
}
/** Multicast packets sent in a tick, PE by PE in machine order. */
export interface SpikeBatch {
  tick: number;
  pes: Float64Array;
  keys: Float64Array;
}
/** Per-PE counters at the end of a tick, PEs in machine order (cumulative, except busyCycles: this tick's). */
export interface CounterBatch {
  tick: number;
  pes: Int32Array;
  busyCycles: Float64Array;
  packetsSent: Float64Array;
  packetsReceived: Float64Array;
  interrupts: Float64Array;
  timerOverruns: Float64Array;
}
export interface EnergyBatch {
  tick: number;
  /** Energy of all loaded PEs since the start, joules, summed in machine order. */
  totalJ: number;
}

/**
 * Observation streams of one run: per-tick batches, every `every` ticks (the ticks t with (t + 1) % every == 0),
 * so that an observer pays for what it looks at. Streams complete when the simulation calls `complete()`.
 */
export class Observation {
  private readonly progressS = new Subject<ProgressBatch>();
  private readonly spikesS = new Subject<SpikeBatch>();
  private readonly countersS = new Subject<CounterBatch>();
  private readonly energyS = new Subject<EnergyBatch>();
  readonly progress$: Observable<ProgressBatch> = this.progressS.asObservable();
  readonly spikes$: Observable<SpikeBatch> = this.spikesS.asObservable();
  readonly counters$: Observable<CounterBatch> = this.countersS.asObservable();
  readonly energy$: Observable<EnergyBatch> = this.energyS.asObservable();

  constructor(
    readonly every: number,
    readonly spikes: boolean,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`observation: every must be a whole number of ticks >= 1, not ${every}`);
  }

  get request(): SampleRequest {
    return { every: this.every, spikes: this.spikes };
  }

  /** Publishes one tick, merged from every partition's sample. */
  publish(tick: number, parts: readonly PartitionSample[], ticksDone: number, ticksTotal: number, tickNs: number): void {
    if ((tick + 1) % this.every !== 0) return;
    const sorted = [...parts].sort((a, b) => (a.pes[0] ?? 0) - (b.pes[0] ?? 0));
    const cat = <K extends 'busyCycles' | 'packetsSent' | 'packetsReceived' | 'interrupts' | 'timerOverruns' | 'energyJ'>(k: K) => {
      const out = new Float64Array(sorted.reduce((s, p) => s + p[k].length, 0));
      let at = 0;
      for (const p of sorted) (out.set(p[k], at), (at += p[k].length));
      return out;
    };
    const pes = new Int32Array(sorted.reduce((s, p) => s + p.pes.length, 0));
    let at = 0;
    for (const p of sorted) (pes.set(p.pes, at), (at += p.pes.length));
    const order = Array.from(pes.keys()).sort((a, b) => pes[a] - pes[b]);
    const perm = (x: Float64Array) => Float64Array.from(order, (i) => x[i]);
    this.progressS.next({ tick, ticksDone, ticksTotal, simulatedNs: (tick + 1) * tickNs });
    if (this.spikes) {
      const rows: Array<[number, number, number]> = [];
      for (const p of sorted) if (p.spikes) for (let i = 0; i < p.spikes.length; i += 2) rows.push([p.spikes[i], p.spikes[i + 1], rows.length]);
      rows.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
      this.spikesS.next({ tick, pes: Float64Array.from(rows, (r) => r[0]), keys: Float64Array.from(rows, (r) => r[1]) });
    }
    const energy = perm(cat('energyJ'));
    let totalJ = 0;
    for (let i = 0; i < energy.length; i++) totalJ += energy[i];
    this.countersS.next({
      tick, pes: Int32Array.from(order, (i) => pes[i]), busyCycles: perm(cat('busyCycles')), packetsSent: perm(cat('packetsSent')),
      packetsReceived: perm(cat('packetsReceived')), interrupts: perm(cat('interrupts')), timerOverruns: perm(cat('timerOverruns')),
    });
    this.energyS.next({ tick, totalJ });
  }

  complete(): void {
    this.progressS.complete();
    this.spikesS.complete();
    this.countersS.complete();
    this.energyS.complete();
  }
}
