import { BUSY_NAMES, type Timeline } from './timeline';

/** Bars a plot holds at most: beyond it, close intervals of one PE and kind are merged (the plot stays readable and small). */
export const MAX_BARS = 20_000;

export interface BusyBar { pe: number; startUs: number; endUs: number; kind: string }

/**
 * The timeline as bars for a plot: each PE's intervals of each kind, merged where the gap between two is below a
 * threshold that doubles until at most `maxBars` remain (none merged when they fit: exact for small runs).
 */
export function timelineBars(t: Timeline, latencyNs: number, maxBars = MAX_BARS): { bars: BusyBar[]; mergeGapNs: number } {
  const order = Array.from({ length: t.length }, (_, i) => i).sort((a, b) => t.pe[a] - t.pe[b] || t.kind[a] - t.kind[b] || t.startNs[a] - t.startNs[b]);
  // first pass: every interval its own bar (gap -1 merges nothing, not even intervals that touch)
  for (let gap = -1; ; gap = gap < 0 ? Math.max(1, latencyNs / 4096) : gap * 2) {
    const bars: BusyBar[] = [];
    let cur: { pe: number; kind: number; s: number; e: number } | null = null;
    const flush = () => cur && bars.push({ pe: cur.pe, startUs: cur.s / 1e3, endUs: cur.e / 1e3, kind: BUSY_NAMES[cur.kind] });
    for (const i of order) {
      if (cur && cur.pe === t.pe[i] && cur.kind === t.kind[i] && t.startNs[i] - cur.e <= gap) cur.e = Math.max(cur.e, t.endNs[i]);
      else {
        flush();
        cur = { pe: t.pe[i], kind: t.kind[i], s: t.startNs[i], e: t.endNs[i] };
      }
    }
    flush();
    if (bars.length <= maxBars || gap > latencyNs) return { bars, mergeGapNs: Math.max(0, gap) };
  }
}

/** A Vega-Lite Gantt chart of every PE's busy intervals (one row per PE, colour by kind), data inline. */
export function timelineSpec(t: Timeline, latencyNs: number, title: string): Record<string, unknown> {
  const { bars, mergeGapNs } = timelineBars(t, latencyNs);
  const pes = new Set(bars.map((b) => b.pe)).size;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: mergeGapNs > 0 ? `intervals closer than ${(mergeGapNs / 1e3).toPrecision(3)} µs merged (${bars.length} bars)` : `${bars.length} intervals` },
    width: 900,
    height: Math.max(120, Math.min(1400, 8 * pes)),
    data: { values: bars },
    mark: { type: 'bar', clip: true },
    encoding: {
      y: { field: 'pe', type: 'ordinal', title: 'PE', axis: { labelFontSize: pes > 60 ? 6 : 10 } },
      x: { field: 'startUs', type: 'quantitative', title: 'time (µs)' },
      x2: { field: 'endUs' },
      color: { field: 'kind', type: 'nominal', title: 'busy with', scale: { domain: [...BUSY_NAMES] } },
    },
  };
}
