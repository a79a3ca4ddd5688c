import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnModelSchema, snnPlugin } from '@s2sim/snn';
import { timeRepeated } from '../stats';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';

/** `rings` independent synfire rings of 20 neurons each, kicked at t = 0, on one chip. */
function synfireRings(rings: number) {
  const n = 20 * rings;
  const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50, i_offset: 0 };
  const ring: Array<[number, number, number, number]> = [];
  for (let r = 0; r < rings; r++) for (let i = 0; i < 20; i++) ring.push([r * 20 + i, r * 20 + ((i + 1) % 20), 2, 1]);
  return snnModelSchema.parse({
    populations: [
      { name: 'stim', model: 'SpikeSourceArray', size: rings, spike_times: [[0]] },
      { name: 'rings', model: 'IF_curr_exp', size: n, params: cell, record: ['spikes'] },
    ],
    projections: [
      { pre: 'stim', post: 'rings', connector: { type: 'fromList', connections: Array.from({ length: rings }, (_, r) => [r, r * 20, 2, 1]) } },
      { pre: 'rings', post: 'rings', connector: { type: 'fromList', connections: ring } },
    ],
  });
}

async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const rings = opts.quick ? 100 : 1000;
  const ticks = opts.quick ? 200 : 1000;
  const model = synfireRings(rings);
  let spikes = 0;
  const t = timeRepeated(opts.repeat, () => {
    const r = runPlugin(snnPlugin, model, { machine: machinePreset('chip'), ticks, tickNs: 1e6, seed: 1 });
    spikes = r.result.spikes.rings.neurons.length;
  });
  return [
    {
      name: `synfire ${rings} rings x 20 neurons, ${ticks} ticks, 1 chip`,
      metrics: {
        wallMedianS: t.medianS, wallMinS: t.minS, wallMaxS: t.maxS,
        realTimeFactor: t.medianS / (ticks / 1000),
        ticksPerS: ticks / t.medianS,
        spikesPerS: spikes / t.medianS,
        neuronUpdatesPerS: (20 * rings * ticks) / t.medianS,
      },
    },
  ];
}

export const suite: NamedSuite = { name: 'snn', description: 'spiking networks: synfire rings on one chip', run };
