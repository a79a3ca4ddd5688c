import type { PeImage } from '@s2sim/actors';
import { MPT_WORDS } from './synapticMatrix';
import type { NeuronPeParams } from './neuronProgram';

/**
 * Synaptic rows in a chip's DRAM, laid out as one synaptic matrix per chip instead of one block per PE.
 *
 * Each neuron PE whose rows do not fit SRAM comes out of buildNeuronImage with its own block: per source piece, a
 * fixed-stride row per source neuron. Here the blocks of all such PEs of a chip are merged so that, for every source
 * neuron, the rows of all the chip's PEs lie side by side (in PE order): the row of source neuron k for PE p is at
 * base(source) + k * S + offset(p), where S is the sum of the PEs' strides for that source. Each PE's master
 * population table entry keeps its contract [key, mask, row base, row stride], with base(source) + offset(p) and S.
 *
 * Why: a spike reaches the PEs of a chip one after the other (the router's fan-out, in PE order), and each reads its
 * row of that spike. Side by side, those reads are one sequential sweep of DRAM, as a DMA engine fetching the
 * chip's rows for one spike would make; one block per PE would scatter them over the chip's whole synaptic matrix.
 * The modelled cost (a DMA per row, its bytes) is the same either way.
 */
export interface ChipRows {
  chip: { x: number; y: number };
  /** Words of the chip's merged synaptic matrix. */
  words: number;
  pes: number;
}

/**
 * Merges the DRAM rows of the images' neuron PEs chip by chip (see the module comment) and rewrites their MPT
 * entries and DRAM parameters in place. `sourceNeurons(key)` is the number of neurons of the source piece with
 * that key (its rows in a PE's block).
 */
export function mergeChipRows(images: PeImage[], sourceNeurons: (key: number) => number): ChipRows[] {
  const byChip = new Map<string, PeImage[]>();
  for (const im of images) {
    if (!(im.params as NeuronPeParams | undefined)?.dramRows) continue;
    const k = `${im.chip.x},${im.chip.y}`;
    const list = byChip.get(k);
    if (list) list.push(im);
    else byChip.set(k, [im]);
  }
  const out: ChipRows[] = [];
  for (const list of byChip.values()) {
    list.sort((a, b) => a.pe - b.pe);
    const mpts = list.map((im) => im.regions.find((r) => r.name === 'mpt')!.data as Uint32Array);
    // Per source key: the merged stride (sum of the PEs' strides) and each PE's offset within it.
    const stride = new Map<number, number>();
    for (const mpt of mpts) {
      for (let e = 0; e < mpt.length; e += MPT_WORDS) stride.set(mpt[e], (stride.get(mpt[e]) ?? 0) + mpt[e + 3]);
    }
    const base = new Map<number, number>();
    let words = 0;
    for (const key of [...stride.keys()].sort((a, b) => a - b)) {
      base.set(key, words);
      words += sourceNeurons(key) * stride.get(key)!;
    }
    const merged = new Uint32Array(new SharedArrayBuffer(words * 4));
    const filled = new Map<number, number>(); // per source: stride already taken by earlier PEs
    list.forEach((im, i) => {
      const mpt = mpts[i];
      const own = (im.params as NeuronPeParams).dramRows!;
      for (let e = 0; e < mpt.length; e += MPT_WORDS) {
        const key = mpt[e], ownBase = mpt[e + 2], ownStride = mpt[e + 3];
        const offset = filled.get(key) ?? 0;
        filled.set(key, offset + ownStride);
        const S = stride.get(key)!, at = base.get(key)! + offset, n = sourceNeurons(key);
        // Word by word, the row's length and words only (the padding is zero in the new buffer already): rows are a
        // few words long, and a subarray + set per row costs more than the copy itself.
        for (let k = 0; k < n; k++) {
          const from = ownBase + k * ownStride, to = at + k * S;
          for (let w = 0, end = own[from]; w <= end; w++) merged[to + w] = own[from + w];
        }
        mpt[e + 2] = at;
        mpt[e + 3] = S;
      }
      (im.params as NeuronPeParams).dramRows = merged;
    });
    out.push({ chip: list[0].chip, words, pes: list.length });
  }
  return out;
}
