/**
 * The synaptic data a neuron PE keeps in SRAM, in the layout sPyNNaker uses: a master population table (one entry
 * per source piece: key, mask, first row), a row index (start, length per source neuron) and rows of packed
 * synaptic words with their weights.
 */
export const MPT_WORDS = 3;
export const TARGET_BITS = 16;
export const DELAY_SHIFT = 16;
export const RECEPTOR_SHIFT = 24;

export interface SynapseRow {
  target: number;
  weight: number;
  delayTicks: number;
  receptor: 0 | 1;
}

export interface SourcePiece {
  key: number;
  mask: number;
  /** rows[i]: the synapses of source neuron i of the piece. */
  rows: SynapseRow[][];
}

export interface SynapticImage {
  mpt: Uint32Array;
  rowIndex: Uint32Array;
  words: Uint32Array;
  weights: Float32Array;
  synapses: number;
}

export function packSynapse(target: number, delayTicks: number, receptor: number): number {
  return (target | (delayTicks << DELAY_SHIFT) | (receptor << RECEPTOR_SHIFT)) >>> 0;
}

/** Builds the SRAM image of the synaptic data of one PE; pieces are sorted by key for a binary search. */
export function buildSynapticImage(pieces: SourcePiece[]): SynapticImage {
  const sorted = [...pieces].sort((a, b) => a.key - b.key);
  const mpt = new Uint32Array(sorted.length * MPT_WORDS);
  const totalRows = sorted.reduce((s, p) => s + p.rows.length, 0);
  const synapses = sorted.reduce((s, p) => s + p.rows.reduce((t, r) => t + r.length, 0), 0);
  const rowIndex = new Uint32Array(totalRows * 2);
  const words = new Uint32Array(synapses);
  const weights = new Float32Array(synapses);
  let row = 0;
  let w = 0;
  sorted.forEach((p, i) => {
    mpt[i * MPT_WORDS] = p.key;
    mpt[i * MPT_WORDS + 1] = p.mask;
    mpt[i * MPT_WORDS + 2] = row;
    for (const r of p.rows) {
      rowIndex[row * 2] = w;
      rowIndex[row * 2 + 1] = r.length;
      row++;
      for (const s of r) {
        words[w] = packSynapse(s.target, s.delayTicks, s.receptor);
        weights[w] = s.weight;
        w++;
      }
    }
  });
  return { mpt, rowIndex, words, weights, synapses };
}

/** Index of the MPT entry whose (key, mask) matches `key`, by binary search on the sorted keys; -1 if none. */
export function findSource(mpt: Uint32Array, key: number): number {
  let lo = 0;
  let hi = mpt.length / MPT_WORDS - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = mpt[mid * MPT_WORDS];
    const masked = (key & mpt[mid * MPT_WORDS + 1]) >>> 0;
    if (masked === k) return mid;
    // Pieces own disjoint key ranges, so comparing the raw key with the entry's base key picks the side.
    if (key >>> 0 < k) hi = mid - 1;
    else lo = mid + 1;
  }
  return -1;
}
