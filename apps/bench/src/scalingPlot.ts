import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchRow } from './types';

export interface ScalingPoint {
  series: string;
  threads: number;
  speedup: number;
  parallelEfficiency: number;
}

/** "busy board, 2 threads" and "busy board [2 threads]" name the series "busy board". */
const THREAD_SUFFIX = /(,\s*\d+\s+threads?|\s*\[\d+\s+threads?\])\s*$/;

/**
 * The points of every scaling series in the results: rows that measureScaling produced (with `scaling`), and rows
 * of suites that measure threads themselves (metrics `threads` and `speedup`, the thread count at the end of the name).
 */
export function scalingPoints(results: Record<string, BenchRow[]>): ScalingPoint[] {
  const pts: ScalingPoint[] = [];
  for (const [suite, rows] of Object.entries(results)) {
    for (const r of rows) {
      const speedup = r.metrics.speedup;
      if (speedup === undefined) continue;
      const threads = r.scaling?.threads ?? r.metrics.threads;
      const group = r.scaling?.group ?? (THREAD_SUFFIX.test(r.name) ? r.name.replace(THREAD_SUFFIX, '') : undefined);
      if (!threads || !group) continue;
      pts.push({ series: `${suite}: ${group}`, threads, speedup, parallelEfficiency: r.metrics.parallelEfficiency ?? speedup / threads });
    }
  }
  return pts;
}

type Panel = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];

/** Vega-Lite: speedup against threads (with the ideal S = n dashed) beside parallel efficiency (ideal 1). */
export function scalingSpec(points: ScalingPoint[]): TopLevelSpec {
  const maxThreads = Math.max(1, ...points.map((p) => p.threads));
  const ideal = Array.from({ length: maxThreads }, (_, i) => ({ threads: i + 1, speedup: i + 1, parallelEfficiency: 1 }));
  const x = { field: 'threads', type: 'quantitative', title: 'threads', axis: { tickMinStep: 1 }, scale: { domain: [1, maxThreads] as number[] } } as const;
  const color = { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 600 } } as const;
  const panel = (field: 'speedup' | 'parallelEfficiency', title: string): Panel => ({
    width: 300,
    height: 220,
    layer: [
      { data: { values: ideal }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x, y: { field, type: 'quantitative' } } },
      { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x, y: { field, type: 'quantitative', title }, color } },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Thread scaling (dashed: ideal)',
    hconcat: [panel('speedup', 'speedup T(1)/T(n)'), panel('parallelEfficiency', 'parallel efficiency S(n)/n')],
    config: { font: 'sans-serif' },
  };
  return spec;
}

/** Renders the scaling plot to an SVG string with vega's headless renderer (no browser). */
export async function scalingSvg(points: ScalingPoint[]): Promise<string> {
  const view = new vega.View(vega.parse(compile(scalingSpec(points)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
