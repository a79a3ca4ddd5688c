import { board48Chips } from '@s2sim/hardware';
import { chipTrafficSpec, energyPerTickSpec, peHeatmapSpec, renderPlot, spikeRasterSpec } from '@s2sim/cli';
import { timeRepeatedAsync } from '../stats';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';

/** How long `s2sim run` spends on its plots: vega-lite -> vega SVG in node, then resvg PNG, per plot. */
async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const spikes = opts.quick ? 5_000 : 20_000; // 20,000 is the most the raster draws
  const neurons = new Int32Array(spikes).map((_, i) => (i * 7919) % 1000);
  const timesMs = new Float64Array(spikes).map((_, i) => (i * 1000) / spikes);
  const cases: Array<[string, () => Parameters<typeof renderPlot>[1]]> = [
    [`spike raster, ${spikes} spikes`, () => spikeRasterSpec({ pop: { neurons, timesMs } }, { pop: 1000 }, 1000)],
    ['PE heatmap, 152 PEs', () => peHeatmapSpec('chip(0,0)', Array.from({ length: 152 }, (_, pe) => ({ pe, utilisation: pe / 152, label: `p${pe}` })), 'PL2')],
    ['chip traffic, 48 chips', () => chipTrafficSpec(board48Chips().map((c, i) => ({ ...c, packets: i * 100, dropped: 0 })), 'board48')],
    ['energy per tick, 20,000 ticks', () => energyPerTickSpec(new Float64Array(20_000).map((_, i) => 1e-6 * (1 + Math.sin(i / 100))), 1)],
  ];
  const rows: BenchRow[] = [];
  for (const [name, spec] of cases) {
    let bytes = 0;
    const t = await timeRepeatedAsync(opts.repeat, async () => {
      const p = await renderPlot('bench', spec());
      bytes = p.svg.length + p.png.byteLength;
    });
    rows.push({ name, metrics: { wallMedianS: t.medianS, wallMinS: t.minS, wallMaxS: t.maxS, outputBytes: bytes } });
  }
  return rows;
}

export const suite: NamedSuite = { name: 'cli-plots', description: 'CLI plots: vega-lite rendered to SVG and PNG headless', run };
