import type { TopLevelSpec } from 'vega-lite';
import type { PowerTrace } from './powerTrace';

/**
 * Two panels over time: power (total and PEs, watts) and how many PEs ran at each performance level. The
 * subtitle carries the assumption note, so a plot never travels without it.
 */
export function powerPlotSpec(trace: PowerTrace, title = 'Power'): TopLevelSpec {
  const power: Array<{ t: number; W: number; series: string }> = [];
  trace.timeMs.forEach((t, i) => {
    power.push({ t, W: trace.totalW[i], series: 'total' });
    power.push({ t, W: trace.peW[i], series: 'PEs' });
  });
  const levels: Array<{ t: number; pes: number; level: string }> = [];
  for (const l of trace.levels) trace.timeMs.forEach((t, i) => levels.push({ t, pes: l.pes[i], level: l.level }));
  const x = { field: 't', type: 'quantitative' as const, title: 'time (ms)' };
  const note = trace.truncatedAtTick >= 0 ? `; trace stopped at tick ${trace.truncatedAtTick} (limit)` : '';
  return {
    title: { text: title, subtitle: `mean over ${trace.ticksPerPoint} tick(s) per point; model assumptions (HARDWARE.md)${note}` },
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: 640, height: 220,
        data: { values: power },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: { x, y: { field: 'W', type: 'quantitative', title: 'power (W)' }, color: { field: 'series', type: 'nominal', title: null } },
      },
      {
        width: 640, height: 140,
        data: { values: levels },
        mark: { type: 'area', interpolate: 'step-after' },
        encoding: { x, y: { field: 'pes', type: 'quantitative', stack: 'zero', title: 'PEs at level' }, color: { field: 'level', type: 'nominal', title: 'level' } },
      },
    ],
  };
}

export interface RenderedPowerPlot {
  spec: TopLevelSpec;
  svg: string;
  png: Uint8Array;
}

/**
 * Renders a vega-lite spec headless: vega-lite compiles it, vega's SVG renderer draws it in node (no browser),
 * resvg rasterises the SVG to PNG at twice the size. The libraries load on first use only. The CLI's plots use it too.
 */
export async function renderVegaLite(spec: TopLevelSpec): Promise<{ svg: string; png: Uint8Array }> {
  const [vl, vega, { Resvg }] = await Promise.all([import('vega-lite'), import('vega'), import('@resvg/resvg-js')]);
  const compiled = vl.compile({ background: 'white', config: { font: 'DejaVu Sans, sans-serif' }, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  return { svg, png: new Uint8Array(png) };
}

/** Renders the power plot headless (see renderVegaLite). */
export async function renderPowerPlot(trace: PowerTrace, title?: string): Promise<RenderedPowerPlot> {
  const spec = powerPlotSpec(trace, title);
  return { spec, ...(await renderVegaLite(spec)) };
}
