/**
 * The synaptic data of a neuron PE in sPyNNaker's layout. A master population table (MPT) holds one entry per
 * source piece: [key, mask, row base, row stride]. Rows are fixed-stride blocks (stride = longest row + 1) of
 * the piece's source neurons, so the row of neuron k starts at base + k * stride with its length, followed by
 * packed 32-bit synaptic words:
 *
 *   bits 31..16 weight (unsigned, in units of the PE's weight scale for the receptor)
 *   bits 15..12 delay in ticks (1..15)
 *   bit  11     receptor (0 excitatory, 1 inhibitory)
 *   bits 10..0  target neuron within the piece
 *
 * Rows stay in SRAM when they fit beside the neuron state, otherwise they sit in the chip's DRAM and each packet
 * costs a DMA read of its row, as on SpiNNaker.
 */
export const MPT_WORDS = 4;
export const TARGET_BITS = 11;
export const TARGET_MASK = (1 << TARGET_BITS) - 1;
export const RECEPTOR_SHIFT = 11;
export const DELAY_SHIFT = 12;
export const DELAY_MASK = 0xf;
export const WEIGHT_SHIFT = 16;
export const MAX_WEIGHT_UNITS = 0xffff;
/** Delays a neuron PE's ring buffer holds (1..15 ticks); longer ones go through a delay extension. */
export const MAX_RING_DELAY = 15;
export const DELAY_SLOTS = 16;

export function packSynapse(target: number, delayTicks: number, receptor: number, weightUnits: number): number {
  return ((weightUnits << WEIGHT_SHIFT) | (delayTicks << DELAY_SHIFT) | (receptor << RECEPTOR_SHIFT) | target) >>> 0;
}

export function unpackSynapse(word: number): { target: number; delayTicks: number; receptor: number; weightUnits: number } {
  return { target: word & TARGET_MASK, delayTicks: (word >>> DELAY_SHIFT) & DELAY_MASK, receptor: (word >>> RECEPTOR_SHIFT) & 1, weightUnits: word >>> WEIGHT_SHIFT };
}

/** Index of the MPT entry whose (key, mask) matches `key`, by binary search on the sorted keys; -1 if none. */
export function findSource(mpt: Uint32Array, entries: number, key: number): number {
  let lo = 0;
  let hi = entries - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = mpt[mid * MPT_WORDS];
    if ((key & mpt[mid * MPT_WORDS + 1]) >>> 0 === k) return mid;
    // Sources own disjoint key ranges, so comparing the raw key with the entry's base key picks the side.
    if (key >>> 0 < k) hi = mid - 1;
    else lo = mid + 1;
  }
  return -1;
}

/**
 * The MPT search as the simulator runs it: when every entry has the same mask of contiguous high bits (as the
 * mapper's keys give: one key space per source piece), a direct table from the key's high bits to the entry; else
 * findSource's binary search. Same answer as findSource for every key (the cost model charges the search either way).
 */
export class SourceIndex {
  private readonly shift: number;
  private readonly lo: number;
  private readonly table: Int32Array | null;

  constructor(
    private readonly mpt: Uint32Array,
    private readonly entries: number,
  ) {
    let shift = -1, lo = 0, hi = -1;
    if (entries > 0) {
      const mask = mpt[1] >>> 0;
      const low = (~mask + 1) >>> 0; // the lowest set bit of a contiguous high mask
      const contiguous = mask !== 0 && (low & (low - 1)) === 0;
      let same = contiguous;
      for (let e = 0; same && e < entries; e++) same = mpt[e * MPT_WORDS + 1] >>> 0 === mask;
      if (same) {
        shift = 31 - Math.clz32(low);
        lo = mpt[0] >>> shift;
        hi = mpt[(entries - 1) * MPT_WORDS] >>> shift;
      }
    }
    // A table only when it stays small next to the MPT itself.
    if (shift >= 0 && hi - lo < Math.max(4096, 4 * entries)) {
      const table = new Int32Array(hi - lo + 1).fill(-1);
      for (let e = 0; e < entries; e++) table[(mpt[e * MPT_WORDS] >>> shift) - lo] = e;
      this.table = table;
    } else this.table = null;
    this.shift = shift;
    this.lo = lo;
  }

  find(key: number): number {
    const table = this.table;
    if (table === null) return findSource(this.mpt, this.entries, key);
    const h = (key >>> this.shift) - this.lo;
    return h >= 0 && h < table.length ? table[h] : -1;
  }
}
