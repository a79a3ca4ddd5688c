import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from '@s2sim/snn';
import { timeRepeated } from '../stats';
import { synfireRings } from '../synfireRings';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';


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
