import type { PeImage } from '@s2sim/actors';
import { cellTypeByName, type CellType } from './cells';
import type { ConnectionSet } from './connectionSet';
import { SnnMappingError } from './errors';
import type { NeuronPopulation } from './model';
import { COUNTER_WORDS, FLAG_DRIVE_INHIBITORY, FLAG_RECORD_SPIKES, H, HEADER_WORDS } from './neuronProgram';
import { DELAY_SLOTS, MAX_RING_DELAY, MPT_WORDS, packSynapse } from './synapticMatrix';
import { toWeightUnits, weightScaleBits } from './weightScale';

export interface PieceRef {
  id: number;
  population: string;
  lo: number;
  n: number;
  key: number;
  mask: number;
  chip: { x: number; y: number };
  pe: number;
  /** Global index (over all populations) of the piece's first neuron. */
  globalLo: number;
}

/** An incoming projection: its connections (by post neuron) and where their sources sit among the key spaces. */
export interface IncomingSet {
  set: ConnectionSet;
  /** 0 excitatory, 1 inhibitory, -1 by the sign of each weight. */
  receptor: number;
  /** Global source index of pre neuron 0. */
  srcBase: number;
  /** Piece id of the pre population's first piece, and its neurons per piece. */
  preFirstPiece: number;
  prePerPe: number;
  /** Per piece id: global index of its stage-1 delay copy (DelayExtensionPlan.stageBase), and its size. */
  stageBase: Int32Array;
  pieceN: Int32Array;
}

/**
 * The key space a connection's spike arrives in, as a global source index: the pre neuron itself, or for a delay
 * of d > 15 ticks its copy in delay stage k = ceil(d / 15) - 1 of its piece's delay extension (the rest of the
 * delay, d - 15 k, is the ring's: REST).
 */
export function sourceOf(inc: IncomingSet, pre: number, ticks: number): number {
  const k = STAGE[ticks];
  if (k === 0) return inc.srcBase + pre;
  const local = (pre / inc.prePerPe) | 0;
  const pid = inc.preFirstPiece + local;
  return inc.stageBase[pid] + (k - 1) * inc.pieceN[pid] + (pre - local * inc.prePerPe);
}

/** Per delay in ticks (0..255): its delay-extension stage k = ceil(d / 15) - 1 (0: none), and the ring's rest d - 15 k. */
const STAGE = Uint8Array.from({ length: 256 }, (_, d) => (d <= MAX_RING_DELAY ? 0 : Math.ceil(d / MAX_RING_DELAY) - 1));
const REST = Uint8Array.from({ length: 256 }, (_, d) => d - MAX_RING_DELAY * STAGE[d]);

/** Reused per-source scratch over all global sources, so a piece's build allocates nothing per connection. */
export interface Scratch {
  rowLen: Int32Array;
  rowPos: Int32Array;
  touched: Int32Array;
}

export interface NeuronImageStats {
  synapses: number;
  rowWords: number;
  rowsInDram: boolean;
  weightScaleBits: [number, number];
  weightsBelowResolution: number;
  targets: number[];
}

/**
 * Writes one neuron piece's SRAM image (and DRAM rows), given the pieces of every population by global neuron.
 * Two passes over the piece's incoming connections (row lengths, then words), written straight into the rows'
 * final array: shared memory when they go to DRAM, so the simulation uses them without a copy.
 */
export function buildNeuronImage(
  piece: PieceRef, pop: NeuronPopulation, incoming: IncomingSet[], pieceOfGlobal: (g: number) => PieceRef,
  scratch: Scratch, dt: number, sramDataBytes: number, initial?: Map<number, Float32Array>,
): { image: PeImage; stats: NeuronImageStats } {
  const cell = cellTypeByName.get(pop.model)! as CellType;
  const { rowLen, rowPos, touched } = scratch;
  let nTouched = 0;
  let maxE = 0, maxI = 0;
  let synapses = 0;
  const lo = piece.lo, hi = piece.lo + piece.n;
  for (const inc of incoming) {
    const { set, receptor } = inc;
    const { pre, weight, delayTicks } = set;
    for (let c = set.postStart[lo], end = set.postStart[hi]; c < end; c++) {
      const g = sourceOf(inc, pre[c], delayTicks[c]);
      if (rowLen[g]++ === 0) touched[nTouched++] = g;
      const w = weight[c];
      const a = Math.abs(w);
      if ((receptor < 0 ? (w < 0 ? 1 : 0) : receptor) === 0) {
        if (a > maxE) maxE = a;
      } else if (a > maxI) maxI = a;
      synapses++;
    }
  }
  const sources = touched.subarray(0, nTouched).sort();
  // Group source neurons by source piece: one MPT entry and one fixed-stride block of rows each.
  const mptList: number[] = [];
  const targets: number[] = [];
  let cursor = 0;
  for (let a = 0; a < nTouched; ) {
    const sp = pieceOfGlobal(sources[a]);
    let b = a, maxLen = 0;
    const gLo = sp.globalLo;
    while (b < nTouched && sources[b] < gLo + sp.n) {
      if (rowLen[sources[b]] > maxLen) maxLen = rowLen[sources[b]];
      b++;
    }
    const stride = maxLen + 1;
    mptList.push(sp.key, sp.mask, cursor, stride);
    targets.push(sp.id);
    for (let q = a; q < b; q++) rowPos[sources[q]] = cursor + (sources[q] - gLo) * stride;
    cursor += sp.n * stride;
    a = b;
  }
  sortMptByKey(mptList);
  const { regions, header, used } = neuronRegions(piece, pop, cell, mptList, dt, initial);
  if (used > sramDataBytes) {
    throw new SnnMappingError(
      `SRAM overflow on chip(${piece.chip.x},${piece.chip.y}).pe(${piece.pe}): population '${pop.name}' piece [${piece.lo}:${hi}] needs ${used} bytes of SRAM for its state and master population table (${mptList.length / MPT_WORDS} source pieces) but a PE has ${sramDataBytes} for data`,
      `set a smaller neuronsPerPe on '${pop.name}', or fewer, larger pieces on its source populations`,
    );
  }
  const rowsInDram = used + cursor * 4 > sramDataBytes;
  // Rows bound for DRAM are a plain buffer: the mapper merges them into the chip's shared synaptic matrix
  // (mergeChipRows), and a plain buffer is given back sooner once merged than a shared one.
  const rows = new Uint32Array(cursor);
  const bits: [number, number] = [weightScaleBits(maxE), weightScaleBits(maxI)];
  const multE = 2 ** bits[0], multI = 2 ** bits[1];
  let belowResolution = 0;
  for (let q = 0; q < nTouched; q++) {
    rows[rowPos[sources[q]]] = rowLen[sources[q]];
    rowLen[sources[q]] = 0; // reused below as the fill count
  }
  for (const inc of incoming) {
    const { set, receptor } = inc;
    const { pre, weight, delayTicks, postStart } = set;
    for (let j = lo; j < hi; j++) {
      const target = j - lo;
      for (let c = postStart[j], end = postStart[j + 1]; c < end; c++) {
        const t = delayTicks[c];
        const g = sourceOf(inc, pre[c], t);
        const w = weight[c];
        const r = receptor < 0 ? (w < 0 ? 1 : 0) : receptor;
        const units = toWeightUnits(Math.abs(w), r === 0 ? multE : multI);
        if (units === 0 && w !== 0) belowResolution++;
        rows[rowPos[g] + 1 + rowLen[g]++] = packSynapse(target, REST[t], r, units);
      }
    }
  }
  for (let q = 0; q < nTouched; q++) rowLen[sources[q]] = 0;
  regions.splice(1, 0, { name: 'weight_scale', data: Float32Array.from(bits, (b) => 2 ** -b) });
  header[H.rowsInDram] = rowsInDram ? 1 : 0;
  if (!rowsInDram) regions.push({ name: 'rows', data: rows });
  return {
    image: {
      chip: piece.chip, pe: piece.pe, program: `snn.${cell.name}`, label: `${pop.name}[${piece.lo}:${hi}]`, regions,
      params: rowsInDram ? { dramRows: rows } : undefined,
    },
    stats: { synapses, rowWords: rows.length, rowsInDram, weightScaleBits: bits, weightsBelowResolution: belowResolution, targets },
  };
}

/** The MPT is searched by binary search on its keys (findSource), so its entries go in key order. */
function sortMptByKey(mpt: number[]): void {
  const entries: number[][] = [];
  for (let e = 0; e < mpt.length; e += MPT_WORDS) entries.push(mpt.slice(e, e + MPT_WORDS));
  entries.sort((a, b) => a[0] - b[0]);
  entries.forEach((e, i) => e.forEach((w, k) => (mpt[i * MPT_WORDS + k] = w)));
}

/** The piece's regions other than its rows and weight scale (8 bytes, counted in `used`), in SRAM order. */
function neuronRegions(piece: PieceRef, pop: NeuronPopulation, cell: CellType, mptList: number[], dt: number, initial?: Map<number, Float32Array>) {
  const n = piece.n;
  const params = new Float32Array(cell.paramFields * n);
  const state = new Float32Array(cell.stateFields.length * n);
  for (let i = 0; i < n; i++) {
    const g = piece.lo + i;
    const get = (name: string) => {
      const v = pop.params[name];
      return v === undefined ? NaN : Array.isArray(v) ? v[g] : v;
    };
    const c = cell.compile(get as never, dt, pop.integrator);
    c.params.forEach((x, k) => (params[k * n + i] = x));
    c.state.forEach((x, k) => (state[k * n + i] = x));
  }
  for (const [field, values] of initial ?? []) state.set(values.subarray(piece.lo, piece.lo + n), field * n);
  const fields = pop.record.filter((r) => r !== 'spikes').map((r) => cell.stateFields.indexOf(r));
  const recIdx = fields.length ? (pop.record_indices ?? Array.from({ length: pop.size }, (_, i) => i)).filter((g) => g >= piece.lo && g < piece.lo + n).map((g) => g - piece.lo) : [];
  const drive = pop.poisson_drive ? poissonTable(pop.poisson_drive.rate_Hz * dt / 1000, pop.poisson_drive.weight) : new Float32Array(1);
  let flags = pop.record.includes('spikes') ? FLAG_RECORD_SPIKES : 0;
  if (pop.poisson_drive?.receptor === 'inhibitory') flags |= FLAG_DRIVE_INHIBITORY;
  const header = new Uint32Array(HEADER_WORDS);
  header[H.n] = n;
  header[H.keyBase] = piece.key;
  header[H.flags] = flags;
  header[H.mptEntries] = mptList.length / MPT_WORDS;
  header[H.nRecorded] = recIdx.length;
  header[H.nRecordedFields] = fields.length;
  header[H.driveLevels] = pop.poisson_drive ? drive.length - 1 : 0;
  const regions: Array<{ name: string; data?: Uint32Array | Float32Array; bytes?: number }> = [
    { name: 'header', data: header },
    { name: 'params', data: params },
    { name: 'state', data: state },
    { name: 'input_exc', bytes: 4 * n },
    { name: 'input_inh', bytes: 4 * n },
    { name: 'ring', bytes: 4 * n * 2 * DELAY_SLOTS },
    { name: 'counters', bytes: 4 * COUNTER_WORDS },
    { name: 'mpt', data: Uint32Array.from(mptList) },
    { name: 'record_indices', data: Uint32Array.from(recIdx) },
    { name: 'record_fields', data: Uint32Array.from(fields) },
    { name: 'drive', data: drive },
  ];
  // + 8: the weight scale (two float32), inserted after the header once the rows' largest weights are known.
  const used = 8 + regions.reduce((s, r) => s + (((r.data ? r.data.byteLength : r.bytes!) + 7) & ~7), 0);
  return { regions, header, used };
}

/** [weight, cdf_0..cdf_K-1] of a Poisson count with mean lambda, up to where the tail is below 1e-9. */
export function poissonTable(lambda: number, weight: number): Float32Array {
  const cdf: number[] = [];
  let p = Math.exp(-lambda), sum = 0;
  for (let k = 0; k < 256 && sum < 1 - 1e-9; k++) {
    sum += p;
    cdf.push(sum);
    p *= lambda / (k + 1);
  }
  return Float32Array.from([weight, ...cdf]);
}
