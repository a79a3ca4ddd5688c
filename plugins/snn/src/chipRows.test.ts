import { describe, expect, it } from 'vitest';
import type { PeImage } from '@s2sim/actors';
import { mergeChipRows } from './chipRows';
import { MPT_WORDS } from './synapticMatrix';

// Source pieces (key -> neurons); each PE has rows for some of them, with its own stride, in its own block.
const NEURONS = new Map([[0x0000, 5], [0x0800, 3], [0x1000, 7]]);

function pe(chip: { x: number; y: number }, p: number, sources: number[], seed: number): { image: PeImage; rowOf: (key: number, k: number) => number[] } {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 1000;
  const mpt: number[] = [];
  const rows: number[] = [];
  const own = new Map<number, number[][]>();
  for (const key of sources) {
    const stride = 1 + (rnd() % 6);
    mpt.push(key, 0xfffff800, rows.length, stride);
    const list: number[][] = [];
    for (let k = 0; k < NEURONS.get(key)!; k++) {
      const len = rnd() % stride;
      const row = [len, ...Array.from({ length: stride - 1 }, (_, j) => (j < len ? rnd() + 1 : 0))];
      list.push(row.slice(0, len + 1));
      rows.push(...row);
    }
    own.set(key, list);
  }
  const image: PeImage = {
    chip, pe: p, program: 'snn.IF_curr_exp',
    regions: [{ name: 'mpt', data: Uint32Array.from(mpt) }],
    params: { dramRows: Uint32Array.from(rows) },
  };
  return { image, rowOf: (key, k) => own.get(key)![k] };
}

/** A row through the MPT contract, as the neuron program reads it: base + (key & ~mask) * stride, length first. */
function readRow(image: PeImage, key: number): number[] {
  const mpt = image.regions[0].data as Uint32Array;
  const rows = (image.params as { dramRows: Uint32Array }).dramRows;
  for (let e = 0; e < mpt.length; e += MPT_WORDS) {
    if ((key & mpt[e + 1]) >>> 0 !== mpt[e]) continue;
    const start = mpt[e + 2] + ((key & ~mpt[e + 1]) >>> 0) * mpt[e + 3];
    return Array.from(rows.subarray(start, start + 1 + rows[start]));
  }
  throw new Error(`no entry for key ${key}`);
}

describe('one synaptic matrix per chip', () => {
  it('keeps every row of every PE readable through its rewritten MPT entry, and shares one block per chip', () => {
    const a = { x: 0, y: 0 }, b = { x: 1, y: 0 };
    const pes = [pe(a, 3, [0x0000, 0x1000], 1), pe(a, 1, [0x0000, 0x0800, 0x1000], 2), pe(a, 7, [0x0800], 3), pe(b, 0, [0x0000, 0x0800], 4)];
    const withoutDram: PeImage = { chip: a, pe: 9, program: 'snn.SpikeSourceArray', regions: [] };
    const images = [...pes.map((p) => p.image), withoutDram];
    const chips = mergeChipRows(images, (key) => NEURONS.get(key)!);
    expect(chips.map((c) => [c.chip.x, c.pes])).toEqual([[0, 3], [1, 1]]);
    for (const { image, rowOf } of pes) {
      const mpt = image.regions[0].data as Uint32Array;
      for (let e = 0; e < mpt.length; e += MPT_WORDS) {
        for (let k = 0; k < NEURONS.get(mpt[e])!; k++) expect(readRow(image, mpt[e] | k)).toEqual(rowOf(mpt[e], k));
      }
    }
    const blockOf = (i: number) => (pes[i].image.params as { dramRows: Uint32Array }).dramRows;
    expect(blockOf(0)).toBe(blockOf(1));
    expect(blockOf(0)).toBe(blockOf(2));
    expect(blockOf(3)).not.toBe(blockOf(0));
    // Side by side in PE order: for source 0x0000, neuron 2, PE 1's row comes right before PE 3's.
    const m1 = pes[1].image.regions[0].data as Uint32Array, m3 = pes[0].image.regions[0].data as Uint32Array;
    expect(m3[2]).toBe(m1[2] + (pe(a, 1, [0x0000, 0x0800, 0x1000], 2).image.regions[0].data as Uint32Array)[3]);
    expect(chips[0].words).toBe(blockOf(0).length);
    expect(withoutDram.params).toBeUndefined();
  });
});
