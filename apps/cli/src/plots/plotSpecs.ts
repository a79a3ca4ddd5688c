import type { TopLevelSpec } from 'vega-lite';
import { PES_PER_QPE, QPE_COORDS } from '@s2sim/hardware';

/** At most this many spikes are drawn: beyond it SVG files grow past megabytes and stop being readable anyway. */
export const RASTER_MAX_SPIKES = 20_000;

export interface SpikeTrainData {
  neurons: ArrayLike<number>;
  timesMs: ArrayLike<number>;
}

/**
 * Spike raster: one dot per spike, populations stacked (each keeps its own neuron numbers in its band). When there
 * are more spikes than RASTER_MAX_SPIKES, only the first neurons of each population are drawn (every spike of
 * those), as raster plots of large networks usually do; the subtitle says so.
 */
export function spikeRasterSpec(trains: Record<string, SpikeTrainData>, sizes: Record<string, number>, durationMs: number): TopLevelSpec {
  const total = Object.values(trains).reduce((s, t) => s + t.neurons.length, 0);
  const fraction = total > RASTER_MAX_SPIKES ? RASTER_MAX_SPIKES / total : 1;
  const values: Array<{ t: number; y: number; population: string }> = [];
  let offset = 0;
  const shown: string[] = [];
  for (const [pop, train] of Object.entries(trains)) {
    const size = sizes[pop] ?? Math.max(0, ...Array.from(train.neurons)) + 1;
    const limit = Math.max(1, Math.floor(size * fraction));
    for (let i = 0; i < train.neurons.length; i++) {
      if (train.neurons[i] < limit) values.push({ t: train.timesMs[i], y: offset + train.neurons[i], population: pop });
    }
    shown.push(limit < size ? `${pop}: neurons 0-${limit - 1} of ${size}` : `${pop}: all ${size}`);
    offset += limit;
  }
  return {
    title: { text: 'Spike raster', subtitle: `${total} spikes; ${shown.join('; ')}` },
    width: 640, height: 320,
    data: { values },
    mark: { type: 'tick', orient: 'vertical', thickness: 1.5, size: Math.max(2, Math.min(8, 300 / Math.max(1, offset))) },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)', scale: { domain: [0, durationMs] } },
      y: { field: 'y', type: 'quantitative', title: 'neuron (populations stacked)', scale: { domain: [0, Math.max(1, offset)] } },
      color: { field: 'population', type: 'nominal' },
    },
  };
}

export interface PeUtilisation {
  pe: number;
  /** Fraction of the tick budget used on average, or null for a PE that runs nothing. */
  utilisation: number | null;
  label: string;
}

/** PE utilisation of one chip drawn as the chip's floor plan: 38 QPEs on their 7x6 grid, 2x2 PEs in each. */
export function peHeatmapSpec(chip: string, pes: PeUtilisation[], level: string): TopLevelSpec {
  const byPe = new Map(pes.map((p) => [p.pe, p]));
  const values = QPE_COORDS.flatMap(([qx, qy], q) =>
    Array.from({ length: PES_PER_QPE }, (_, i) => {
      const pe = q * PES_PER_QPE + i;
      const u = byPe.get(pe);
      return { col: (qx - 1) * 2 + (i % 2), row: (qy - 1) * 2 + Math.floor(i / 2), pe, qpe: `${qx}.${qy}.${i}`, percent: u?.utilisation == null ? null : +(100 * u.utilisation).toFixed(2), label: u?.label ?? 'unused' };
    }),
  );
  return {
    title: { text: `PE utilisation of ${chip}`, subtitle: `mean busy cycles per tick / cycles a tick holds at ${level}; grey = unused` },
    width: 14 * 26, height: 12 * 26,
    data: { values },
    layer: [
      {
        // every PE in grey first; the PEs in use are drawn over it in colour
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1, fill: '#e5e5e5' },
        encoding: {
          x: { field: 'col', type: 'ordinal', title: 'QPE x (2 PEs each)', axis: { labels: false, ticks: false } },
          y: { field: 'row', type: 'ordinal', title: 'QPE y (2 PEs each)', axis: { labels: false, ticks: false }, sort: 'descending' },
        },
      },
      {
        transform: [{ filter: 'datum.percent !== null' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { field: 'col', type: 'ordinal' },
          y: { field: 'row', type: 'ordinal', sort: 'descending' },
          color: { field: 'percent', type: 'quantitative', title: '% of tick', scale: { scheme: 'orangered', zero: true } },
        },
      },
      {
        mark: { type: 'text', fontSize: 8 },
        encoding: { x: { field: 'col', type: 'ordinal' }, y: { field: 'row', type: 'ordinal', sort: 'descending' }, text: { field: 'pe' } },
      },
    ],
  };
}

export interface ChipTraffic {
  x: number;
  y: number;
  packets: number;
  dropped: number;
}

/** Packets routed per chip on the board's hexagonal grid (neighbours at (±1,0), (0,±1), ±(1,1), as SpiNNaker's links). */
export function chipTrafficSpec(chips: ChipTraffic[], machine: string): TopLevelSpec {
  // Axial to cartesian: every one of the six neighbours lands at distance 1.
  const values = chips.map((c) => ({ ...c, px: c.x - c.y / 2, py: (c.y * Math.sqrt(3)) / 2, name: `(${c.x},${c.y})` }));
  const side = 360;
  const range = (k: 'px' | 'py') => [Math.min(...values.map((v) => v[k])), Math.max(...values.map((v) => v[k]))];
  const [x0, x1] = range('px');
  const [y0, y1] = range('py');
  const span = Math.max(4, Math.max(x1 - x0, y1 - y0) + 1.5); // square data window, so hexagons stay regular (and a lone chip is not huge)
  const scale = (c: number) => ({ domain: [c - span / 2, c + span / 2], nice: false, zero: false });
  const d = side / span; // pixels between neighbouring chips
  const size = ((2 * d) / Math.sqrt(3)) ** 2; // a vega path symbol spans sqrt(size) pixels: hexagons then touch
  const maxPackets = Math.max(1, ...values.map((v) => v.packets));
  return {
    title: { text: `Traffic per chip (${machine})`, subtitle: 'multicast packets routed by each chip; chips on the hexagonal grid' },
    width: side, height: side,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, opacity: 1, shape: 'M0,-1L0.866,-0.5L0.866,0.5L0,1L-0.866,0.5L-0.866,-0.5Z', size, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { field: 'px', type: 'quantitative', axis: null, scale: scale((x0 + x1) / 2) },
          y: { field: 'py', type: 'quantitative', axis: null, scale: scale((y0 + y1) / 2) },
          color: { field: 'packets', type: 'quantitative', title: 'packets', scale: { scheme: 'blues', domain: [0, maxPackets] }, legend: { format: ',d', tickMinStep: 1 } },
        },
      },
      {
        mark: { type: 'text', fontSize: 8 },
        encoding: { x: { field: 'px', type: 'quantitative' }, y: { field: 'py', type: 'quantitative' }, text: { field: 'name' } },
      },
    ],
  };
}

/** Energy of every tick (dynamic plus baseline of the PEs in use), from the power model. */
export function energyPerTickSpec(energyJ: ArrayLike<number>, timestepMs: number): TopLevelSpec {
  const values = Array.from(energyJ, (e, i) => ({ t: i * timestepMs, uJ: e * 1e6 }));
  return {
    title: { text: 'Energy per tick', subtitle: 'model assumptions (HARDWARE.md): compare runs rather than trust absolute numbers' },
    width: 640, height: 240,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'uJ', type: 'quantitative', title: 'energy per tick (µJ)' },
    },
  };
}
