import { z } from 'zod';
import type { PerformanceLevel } from '@s2sim/hardware';
import type { DvfsPolicy, WorkloadSample } from './dvfsPolicy';

export const workloadDrivenParamsSchema = z
  .object({
    cyclesPerPacket: z.number().nonnegative().optional().describe('cycles to process one received packet; default: learnt per PE from its past ticks'),
    baseCycles: z.number().nonnegative().optional().describe('cycles of a tick without packets (timer, neuron updates); default: learnt per PE'),
    marginFraction: z.number().min(0).max(0.9).default(0.1).describe('share of the tick kept free for prediction error (assumption)'),
    switchTimeNs: z.number().nonnegative().default(100).describe('stall while the PE changes level, taken from the tick; "< 100 ns" [H17, H19]'),
    processing: z
      .enum(['deferred', 'immediate'])
      .default('deferred')
      .describe('deferred: packets received in a tick are processed in the next (H19), so they predict its work exactly; immediate: processed on arrival, last tick predicts this one'),
    learningRate: z.number().gt(0).max(1).default(0.5).describe('weight of the newest tick in the learnt per-PE costs (assumption)'),
  })
  .strict();
export type WorkloadDrivenParams = z.infer<typeof workloadDrivenParamsSchema>;

/**
 * The workload-driven policy of Höppner et al. 2019 [H19]: at the start of each tick, each PE predicts the cycles
 * of the tick's work (from the spikes it received, or from the program's own estimate) and runs at the lowest level
 * that finishes them within the tick, less the switching stall and a margin. Without given costs it learns, per PE,
 * the cycles of a tick without packets and the cycles per packet from what it was charged; until it has seen a
 * packet's cost, a tick with packets runs at the top level (never an overrun for want of knowledge).
 */
export function workloadDrivenPolicy(params: z.input<typeof workloadDrivenParamsSchema> = {}): DvfsPolicy & { readonly params: WorkloadDrivenParams } {
  const p = workloadDrivenParamsSchema.parse(params);
  // Per-PE learnt state, grown on demand; NaN = not seen yet.
  let base = new Float64Array(0);
  let perPacket = new Float64Array(0);
  let prevPackets = new Float64Array(0);
  let seen = new Uint8Array(0);
  const grow = (n: number) => {
    const g = (a: Float64Array, fill: number) => {
      const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
      b.set(a);
      return b;
    };
    base = g(base, NaN);
    perPacket = g(perPacket, NaN);
    prevPackets = g(prevPackets, 0);
    const s = new Uint8Array(base.length);
    s.set(seen);
    seen = s;
  };
  // Estimates rise at once and fall at the learning rate: an underestimate costs an overrun, an overestimate only
  // a higher level for a tick.
  const update = (old: number, y: number) => (Number.isNaN(old) || y > old ? y : old + p.learningRate * (y - old));
  const learn = (pe: number, s: WorkloadSample) => {
    if (seen[pe] === 0) {
      seen[pe] = 1; // the first sample follows no tick of this PE
      prevPackets[pe] = s.lastTickPackets;
      return;
    }
    // The packets whose processing the last tick's cycles contain.
    const x = p.processing === 'deferred' ? prevPackets[pe] : s.lastTickPackets;
    const y = s.lastTickCycles;
    if (x === 0) base[pe] = update(base[pe], y);
    else if (!Number.isNaN(base[pe])) perPacket[pe] = update(perPacket[pe], Math.max(0, (y - base[pe]) / x));
    prevPackets[pe] = s.lastTickPackets;
  };

  return {
    name: 'workload-driven',
    params: p,
    chooseLevel(s: WorkloadSample, levels: readonly PerformanceLevel[], tickNs: number, current: number): number {
      const pe = s.peIndex;
      if (pe >= base.length) grow(pe + 1);
      if (p.cyclesPerPacket === undefined || p.baseCycles === undefined) learn(pe, s);
      let predicted = s.estimatedCycles;
      if (predicted === undefined) {
        const b = p.baseCycles ?? base[pe];
        const c = p.cyclesPerPacket ?? perPacket[pe];
        const n = s.lastTickPackets;
        predicted = Number.isNaN(b) || (n > 0 && Number.isNaN(c)) ? Infinity : b + (n > 0 ? c * n : 0);
      }
      for (let l = 0; l < levels.length; l++) {
        const usableNs = (tickNs - (l === current ? 0 : p.switchTimeNs)) * (1 - p.marginFraction);
        if (predicted <= (levels[l].frequencyHz * usableNs) / 1e9) return l;
      }
      return levels.length - 1;
    },
  };
}
