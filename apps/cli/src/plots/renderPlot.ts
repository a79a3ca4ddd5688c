import type { TopLevelSpec } from 'vega-lite';

export interface RenderedPlot {
  name: string;
  svg: string;
  png: Uint8Array;
}

/**
 * Renders a vega-lite spec headless: vega-lite compiles it to vega, vega's SVG renderer draws it in node (no
 * browser, no canvas), and resvg rasterises the SVG to PNG at twice the size. The libraries load on first use, so
 * commands that draw nothing do not pay for them.
 */
export async function renderPlot(name: string, spec: TopLevelSpec): Promise<RenderedPlot> {
  const [vl, vega, { Resvg }] = await Promise.all([import('vega-lite'), import('vega'), import('@resvg/resvg-js')]);
  const compiled = vl.compile({ background: 'white', config: { font: 'DejaVu Sans, sans-serif' }, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  return { name, svg, png: new Uint8Array(png) };
}
