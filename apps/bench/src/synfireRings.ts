import { snnModelSchema } from '@s2sim/snn';

/**
 * `rings` independent synfire rings of 20 IF_curr_exp neurons each (i -> i+1 mod 20, 2 nA, 1 ms) on one chip, ring r
 * kicked by one spike at `kickMs(r)`: the workload of the snn and power suites.
 */
export function synfireRings(rings: number, kickMs: (ring: number) => number = () => 0) {
  const n = 20 * rings;
  const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50, i_offset: 0 };
  const ring: Array<[number, number, number, number]> = [];
  for (let r = 0; r < rings; r++) for (let i = 0; i < 20; i++) ring.push([r * 20 + i, r * 20 + ((i + 1) % 20), 2, 1]);
  return snnModelSchema.parse({
    populations: [
      { name: 'stim', model: 'SpikeSourceArray', size: rings, spike_times: Array.from({ length: rings }, (_, r) => [kickMs(r)]) },
      { name: 'rings', model: 'IF_curr_exp', size: n, params: cell, record: ['spikes'] },
    ],
    projections: [
      { pre: 'stim', post: 'rings', connector: { type: 'fromList', connections: Array.from({ length: rings }, (_, r) => [r, r * 20, 2, 1]) } },
      { pre: 'rings', post: 'rings', connector: { type: 'fromList', connections: ring } },
    ],
  });
}
