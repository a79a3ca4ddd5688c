import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from '@s2sim/power';

export interface RenderedPlot {
  name: string;
  svg: string;
  png: Uint8Array;
}

/** Renders a vega-lite spec headless to SVG and PNG with the power package's renderer (vega in node, resvg). */
export async function renderPlot(name: string, spec: TopLevelSpec): Promise<RenderedPlot> {
  return { name, ...(await renderVegaLite(spec)) };
}
