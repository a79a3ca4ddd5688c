import { SnnMappingError } from './errors';
import { MAX_RING_DELAY } from './synapticMatrix';

/** Stages of 15 ticks a delay extension adds (sPyNNaker's default: 16 x 16 ticks in all), so delays up to 255 ticks. */
export const MAX_DELAY_STAGES = 16;
const MAX_DELAY_TICKS = MAX_RING_DELAY * (MAX_DELAY_STAGES + 1);

/** How a projection's delays (ms) become whole time steps, checked as they are drawn. */
export interface DelayRule {
  dtMs: number;
  /** Delays the user wrote (a constant, or a list's) must be whole steps; drawn ones are rounded, as sPyNNaker does. */
  exact: boolean;
  /** `projections[i] (pre -> post)`, for messages. */
  where: string;
}

/**
 * Connections of one projection in compressed-sparse-row form by post neuron: `postStart[j]..postStart[j+1]` are
 * the connections onto post neuron j, each with its pre neuron, weight (float32) and delay in whole time steps.
 * Nine bytes a synapse and no per-connection object, so 0.3 billion synapses take 2.7 GB instead of the 33 bytes a
 * synapse of parallel pre/post/delay-ms arrays plus sort orders and source indices.
 */
export class ConnectionSet {
  constructor(
    readonly pre: Int32Array,
    readonly weight: Float32Array,
    readonly delayTicks: Uint8Array,
    readonly postStart: Int32Array,
    readonly length: number,
    /** Delay statistics for the mapping report. */
    readonly minDelayTicks: number,
    readonly maxDelayTicks: number,
    readonly delaysRaisedToOneStep: number,
  ) {}

  /** The post neuron of connection c (a binary search: for tests and reports, not for hot loops). */
  postOf(c: number): number {
    let lo = 0, hi = this.postStart.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.postStart[mid] <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * Collects connections in any order. Connectors that draw post neuron by post neuron (all but fixedNumberPost and
 * fromList) push in ascending post order, which needs no sort; otherwise the post indices are kept and a stable
 * counting sort by post orders the arrays at the end (the order within a post neuron stays the drawing order).
 */
export class ConnectionSetBuilder {
  private pre: Int32Array;
  private weight: Float32Array;
  private ticks: Uint8Array;
  private post: Int32Array | null = null;
  private readonly counts: Int32Array;
  private lastPost = 0;
  length = 0;
  private lo = Infinity;
  private hi = 0;
  private raised = 0;

  constructor(
    readonly postSize: number,
    capacity: number,
    private readonly rule: DelayRule,
  ) {
    const cap = Math.max(16, Math.ceil(capacity));
    this.pre = new Int32Array(cap);
    this.weight = new Float32Array(cap);
    this.ticks = new Uint8Array(cap);
    this.counts = new Int32Array(postSize + 1);
  }

  /** Delay in ms (as float32, the storage precision the mapping always used) to whole steps, checked. */
  toTicks(delayMs: number): number {
    const ms = Math.fround(delayMs);
    const { dtMs, exact, where } = this.rule;
    let t = Math.round(ms / dtMs);
    if (exact && Math.abs(t * dtMs - ms) > 1e-6 * Math.max(1, ms)) {
      throw new SnnMappingError(`${where}: delay ${+ms.toFixed(6)} ms is not a whole number of ${dtMs} ms time steps`, 'use a multiple of timestepMs');
    }
    if (t < 1) {
      t = 1;
      this.raised++;
    }
    if (t > MAX_DELAY_TICKS) {
      throw new SnnMappingError(
        `${where}: a delay of ${ms} ms is ${t} time steps of ${dtMs} ms; a PE's ring buffer holds ${MAX_RING_DELAY} and its delay extension ${MAX_DELAY_STAGES} stages of ${MAX_RING_DELAY} more`,
        `use delays of at most ${MAX_DELAY_TICKS * dtMs} ms, or a longer time step`,
      );
    }
    if (t < this.lo) this.lo = t;
    if (t > this.hi) this.hi = t;
    return t;
  }

  push(pre: number, post: number, weight: number, delayMs: number): void {
    const ticks = this.toTicks(delayMs);
    if (this.length === this.pre.length) this.grow();
    const i = this.length++;
    if (post < this.lastPost && !this.post) this.keepPosts(i);
    this.lastPost = post;
    if (this.post) this.post[i] = post;
    this.counts[post + 1]++;
    this.pre[i] = pre;
    this.weight[i] = weight;
    this.ticks[i] = ticks;
  }

  finish(): ConnectionSet {
    const n = this.length;
    const start = this.counts;
    for (let j = 0; j < this.postSize; j++) start[j + 1] += start[j];
    let { pre, weight, ticks } = this;
    if (this.post) {
      const post = this.post;
      const fill = start.slice(0, this.postSize);
      const p2 = new Int32Array(n), w2 = new Float32Array(n), t2 = new Uint8Array(n);
      for (let c = 0; c < n; c++) {
        const k = fill[post[c]]++;
        p2[k] = pre[c];
        w2[k] = weight[c];
        t2[k] = ticks[c];
      }
      [pre, weight, ticks] = [p2, w2, t2];
    } else if (pre.length > n + (n >> 3) + 64) {
      // Capacity was an estimate: give back the surplus (more than an eighth) rather than hold it for the mapping.
      [pre, weight, ticks] = [pre.slice(0, n), weight.slice(0, n), ticks.slice(0, n)];
    }
    this.pre = this.weight = this.ticks = undefined as never;
    return new ConnectionSet(pre, weight, ticks, start, n, n ? this.lo : 0, this.hi, this.raised);
  }

  /** The first out-of-order post: from here on posts are stored; the earlier ones follow from the counts. */
  private keepPosts(upTo: number): void {
    const post = new Int32Array(this.pre.length);
    let c = 0;
    for (let j = 0; j < this.postSize && c < upTo; j++) for (let k = 0; k < this.counts[j + 1]; k++) post[c++] = j;
    this.post = post;
  }

  private grow(): void {
    const n = Math.ceil(this.pre.length * 1.5);
    const grow = <T extends Int32Array | Float32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.pre = grow(this.pre, new Int32Array(n));
    this.weight = grow(this.weight, new Float32Array(n));
    this.ticks = grow(this.ticks, new Uint8Array(n));
    if (this.post) this.post = grow(this.post, new Int32Array(n));
  }
}
