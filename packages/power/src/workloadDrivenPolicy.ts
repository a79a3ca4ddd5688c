import { z } from 'zod';
import type { PerformanceLevel } from '@s2sim/hardware';
import type { DvfsPolicy, WorkloadSample } from './dvfsPolicy';
import { DVFS_SWITCH_TIME_NS } from './energyModel';

export const workloadDrivenParamsSchema = z
  .object({
    cyclesPerPacket: z.number().nonnegative().optional().describe('cycles to process one received packet; with baseCycles, replaces the learnt per-PE costs'),
    baseCycles: z.number().nonnegative().optional().describe('cycles of a tick without packets (timer, neuron updates); with cyclesPerPacket, replaces the learnt costs'),
    marginFraction: z.number().min(0).max(0.9).default(0.1).describe('share of the tick kept free for prediction error (assumption)'),
    switchTimeNs: z.number().nonnegative().default(DVFS_SWITCH_TIME_NS).describe('stall while the PE changes level, taken from the tick; "< 100 ns" [H17, H19]'),
    processing: z
      .enum(['deferred', 'immediate'])
      .default('deferred')
      .describe('deferred: packets received in a tick are processed in the next (H19), so they predict its work exactly; immediate: processed on arrival, last tick predicts this one'),
    memoryTicks: z.number().min(1).default(32).describe('time constant, in ticks, of the exponential forgetting of the learnt costs (assumption)'),
  })
  .strict();
export type WorkloadDrivenParams = z.infer<typeof workloadDrivenParamsSchema>;

/** Per-PE running sums of a weighted least-squares fit cycles = base + perPacket x packets, with forgetting. */
class CostFit {
  w = new Float64Array(0);
  sx = new Float64Array(0);
  sy = new Float64Array(0);
  sxx = new Float64Array(0);
  sxy = new Float64Array(0);
  prevPackets = new Float64Array(0);
  seen = new Uint8Array(0);

  ensure(n: number): void {
    if (n <= this.w.length) return;
    const size = Math.max(n, this.w.length * 2);
    for (const k of ['w', 'sx', 'sy', 'sxx', 'sxy', 'prevPackets'] as const) {
      const b = new Float64Array(size);
      b.set(this[k]);
      this[k] = b;
    }
    const s = new Uint8Array(size);
    s.set(this.seen);
    this.seen = s;
  }

  add(pe: number, x: number, y: number, r: number): void {
    const k = 1 - r;
    this.w[pe] = k * this.w[pe] + r;
    this.sx[pe] = k * this.sx[pe] + r * x;
    this.sy[pe] = k * this.sy[pe] + r * y;
    this.sxx[pe] = k * this.sxx[pe] + r * x * x;
    this.sxy[pe] = k * this.sxy[pe] + r * x * y;
  }

  /** Predicted cycles for `n` packets; Infinity where the data cannot tell (nothing seen, or more packets than ever with no spread). */
  predict(pe: number, n: number): number {
    const w = this.w[pe];
    if (w === 0) return Infinity;
    const mx = this.sx[pe] / w;
    const my = this.sy[pe] / w;
    const vx = this.sxx[pe] / w - mx * mx;
    if (vx <= 1e-9 * (1 + mx * mx)) return n <= mx ? my : Infinity;
    const c = Math.max(0, (this.sxy[pe] / w - mx * my) / vx);
    const b = Math.max(0, my - c * mx);
    return b + c * n;
  }
}

/**
 * The workload-driven policy of Höppner et al. 2019 [H19]: at the start of each tick, each PE predicts the cycles
 * of the tick's work (from the spikes it received, or from the program's own estimate) and runs at the lowest level
 * that finishes them within the tick, less the switching stall and a margin. Without given costs it learns, per PE,
 * base cycles and cycles per packet by a least-squares fit over its past ticks (forgetting old ones); where the fit
 * cannot tell (no ticks yet, or more packets than it has seen with no spread), the PE runs at the top level, so
 * want of knowledge never causes an overrun.
 */
export function workloadDrivenPolicy(params: z.input<typeof workloadDrivenParamsSchema> = {}): DvfsPolicy & { readonly params: WorkloadDrivenParams } {
  const p = workloadDrivenParamsSchema.parse(params);
  const fit = new CostFit();
  const r = 1 / p.memoryTicks;
  const fixedCosts = p.cyclesPerPacket !== undefined && p.baseCycles !== undefined;

  const learn = (pe: number, s: WorkloadSample) => {
    if (fit.seen[pe] === 0) {
      fit.seen[pe] = 1; // the first sample follows no tick of this PE
    } else {
      // The packets whose processing last tick's cycles contain.
      const x = p.processing === 'deferred' ? fit.prevPackets[pe] : s.lastTickPackets;
      fit.add(pe, x, s.lastTickCycles, r);
    }
    fit.prevPackets[pe] = s.lastTickPackets;
  };

  return {
    name: 'workload-driven',
    params: p,
    chooseLevel(s: WorkloadSample, levels: readonly PerformanceLevel[], tickNs: number, current: number): number {
      let predicted = s.estimatedCycles;
      if (!fixedCosts) {
        fit.ensure(s.peIndex + 1);
        learn(s.peIndex, s);
      }
      if (predicted === undefined)
        predicted = fixedCosts ? p.baseCycles! + p.cyclesPerPacket! * s.lastTickPackets : fit.predict(s.peIndex, s.lastTickPackets);
      for (let l = 0; l < levels.length; l++) {
        const usableNs = (tickNs - (l === current ? 0 : p.switchTimeNs)) * (1 - p.marginFraction);
        if (predicted <= (levels[l].frequencyHz * usableNs) / 1e9) return l;
      }
      return levels.length - 1;
    },
  };
}
