import { defineProgram } from '@s2sim/actors';
import { f32, u32 } from './sramViews';

/**
 * SpikeSourcePoisson: each neuron spikes in a tick with probability rate * dt (a Bernoulli approximation of the
 * Poisson process, exact as long as rate * dt << 1), drawn from the PE's seeded PRNG. Regions: header
 * [n, keyBase, record, startTick, endTick], prob (one float32 per neuron).
 */
export interface SpikeSourcePoissonState {
  n: number;
  keyBase: number;
  record: boolean;
  start: number;
  end: number;
  prob: Float32Array;
}

export const spikeSourcePoissonProgram = defineProgram<SpikeSourcePoissonState>({
  name: 'snn.SpikeSourcePoisson',
  attach(sram) {
    const h = u32(sram, 'header');
    return { n: h[0], keyBase: h[1], record: h[2] === 1, start: h[3], end: h[4], prob: f32(sram, 'prob') };
  },
  timer(s, ctx) {
    if (ctx.tick < s.start || ctx.tick >= s.end) return;
    const { n, prob, keyBase } = s;
    const rng = ctx.rng;
    for (let i = 0; i < n; i++) {
      if (rng.nextFloat() < prob[i]) {
        ctx.sendMulticast(keyBase | i);
        if (s.record) ctx.record('snn.spikes', i);
      }
    }
    ctx.charge(n * 10); // one PRNG draw and compare per neuron (assumption)
  },
});
