import type { PeImage } from '@s2sim/actors';
import type { PieceRef } from './buildNeuronImage';
import { SnnMappingError } from './errors';
import type { Population } from './model';

/** The SRAM image of a spike-source piece: SpikeSourceArray (spikes sorted by tick) or SpikeSourcePoisson. */
export function sourceImage(p: PieceRef, pop: Population, dt: number, ticks: number): PeImage {
  const record = pop.record.includes('spikes') ? 1 : 0;
  const label = `${pop.name}[${p.lo}:${p.lo + p.n}]`;
  if (pop.model === 'SpikeSourcePoisson') {
    const q = pop as Population & { rate: number; start: number; duration?: number };
    const start = Math.round(q.start / dt);
    const end = q.duration === undefined ? ticks : Math.round((q.start + q.duration) / dt);
    return {
      chip: p.chip, pe: p.pe, program: 'snn.SpikeSourcePoisson', label,
      regions: [
        { name: 'header', data: Uint32Array.from([p.n, p.key, record, start, Math.min(end, 0xffffffff)]) },
        { name: 'prob', data: new Float32Array(p.n).fill((q.rate * dt) / 1000) },
      ],
    };
  }
  const all = (pop as Population & { spike_times: number[][] }).spike_times;
  const lists = all.length === 1 && pop.size > 1 ? Array(pop.size).fill(all[0]) : all;
  if (lists.length !== pop.size) throw new SnnMappingError(`population '${pop.name}': spike_times has ${lists.length} lists for ${pop.size} neurons`, 'give one list per neuron, or one list for all');
  const spikes: Array<[number, number]> = [];
  for (let i = 0; i < p.n; i++) for (const t of lists[p.lo + i] as number[]) spikes.push([Math.round(t / dt), i]);
  spikes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    chip: p.chip, pe: p.pe, program: 'snn.SpikeSourceArray', label,
    regions: [
      { name: 'header', data: Uint32Array.from([p.n, p.key, record, spikes.length]) },
      { name: 'spikes', data: Uint32Array.from(spikes.flat()) },
      { name: 'cursor', bytes: 4 },
    ],
  };
}
