import type { PeImage } from '@s2sim/actors';
import { cellTypeByName, type CellType } from './cells';
import type { ConnectionSet } from './connectionSet';
import { SnnMappingError } from './errors';
import type { NeuronPopulation } from './model';
import { COUNTER_WORDS, FLAG_DRIVE_INHIBITORY, FLAG_RECORD_SPIKES, H, HEADER_WORDS } from './neuronProgram';
import { DELAY_SLOTS, MPT_WORDS, packSynapse } from './synapticMatrix';
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

/** An incoming projection's connections, already sorted by target piece: `order` slices per piece. */
export interface IncomingSet {
  set: ConnectionSet;
  /** Global index of each connection's source: the pre neuron, or its copy in a delay-extension stage. */
  src: Int32Array;
  /** 0 excitatory, 1 inhibitory, -1 by the sign of each weight. */
  receptor: number;
  /** delay in ticks per connection. */
  delayTicks: Uint8Array;
  order: Int32Array;
  /** offsets[k]..offsets[k+1]: the slice of `order` for the population's k-th piece. */
  offsets: Int32Array;
}

/** Reused per-neuron scratch over all global neurons, so a piece's build allocates nothing per connection. */
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

/** Writes one neuron piece's SRAM image (and DRAM rows), given the pieces of every population by global neuron. */
export function buildNeuronImage(
  piece: PieceRef, pieceIndex: number, pop: NeuronPopulation, incoming: IncomingSet[], pieceOfGlobal: (g: number) => PieceRef,
  scratch: Scratch, dt: number, sramDataBytes: number, initial?: Map<number, Float32Array>,
): { image: PeImage; stats: NeuronImageStats; dramRows?: Uint32Array } {
  const cell = cellTypeByName.get(pop.model)! as CellType;
  const { rowLen, rowPos, touched } = scratch;
  let nTouched = 0;
  const maxW = [0, 0];
  let synapses = 0;
  for (const inc of incoming) {
    const { set, order, offsets, src, receptor } = inc;
    for (let k = offsets[pieceIndex]; k < offsets[pieceIndex + 1]; k++) {
      const c = order[k];
      const g = src[c];
      if (rowLen[g]++ === 0) touched[nTouched++] = g;
      const w = set.weight[c];
      const r = receptor < 0 ? (w < 0 ? 1 : 0) : receptor;
      if (Math.abs(w) > maxW[r]) maxW[r] = Math.abs(w);
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
  const rows = new Uint32Array(cursor);
  const bits: [number, number] = [weightScaleBits(maxW[0]), weightScaleBits(maxW[1])];
  const mult = [2 ** bits[0], 2 ** bits[1]];
  let belowResolution = 0;
  for (let q = 0; q < nTouched; q++) {
    rows[rowPos[sources[q]]] = rowLen[sources[q]];
    rowLen[sources[q]] = 0; // reused below as the fill count
  }
  for (const inc of incoming) {
    const { set, order, offsets, src, receptor, delayTicks } = inc;
    for (let k = offsets[pieceIndex]; k < offsets[pieceIndex + 1]; k++) {
      const c = order[k];
      const g = src[c];
      const w = set.weight[c];
      const r = receptor < 0 ? (w < 0 ? 1 : 0) : receptor;
      const units = toWeightUnits(Math.abs(w), mult[r]);
      if (units === 0 && w !== 0) belowResolution++;
      rows[rowPos[g] + 1 + rowLen[g]++] = packSynapse(set.post[c] - piece.lo, delayTicks[c], r, units);
    }
  }
  for (let q = 0; q < nTouched; q++) rowLen[sources[q]] = 0;

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
  const regions = [
    { name: 'header', data: header },
    { name: 'weight_scale', data: Float32Array.from(bits, (b) => 2 ** -b) },
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
  const used = regions.reduce((s, r) => s + (((r.data ? r.data.byteLength : r.bytes!) + 7) & ~7), 0);
  const rowsInDram = used + rows.byteLength > sramDataBytes;
  if (used > sramDataBytes) {
    throw new SnnMappingError(
      `SRAM overflow on chip(${piece.chip.x},${piece.chip.y}).pe(${piece.pe}): population '${pop.name}' piece [${piece.lo}:${piece.lo + n}] needs ${used} bytes of SRAM for its state and master population table (${mptList.length / MPT_WORDS} source pieces) but a PE has ${sramDataBytes} for data`,
      `set a smaller neuronsPerPe on '${pop.name}', or fewer, larger pieces on its source populations`,
    );
  }
  header[H.rowsInDram] = rowsInDram ? 1 : 0;
  if (!rowsInDram) regions.push({ name: 'rows', data: rows });
  return {
    image: {
      chip: piece.chip, pe: piece.pe, program: `snn.${cell.name}`, label: `${pop.name}[${piece.lo}:${piece.lo + n}]`, regions,
      params: rowsInDram ? { dramRows: shared(rows) } : undefined,
    },
    stats: { synapses, rowWords: rows.length, rowsInDram, weightScaleBits: bits, weightsBelowResolution: belowResolution, targets },
    dramRows: rowsInDram ? rows : undefined,
  };
}

/** Rows in the chip's DRAM: shared memory, so worker threads see them as they see SRAM. */
function shared(rows: Uint32Array): Uint32Array {
  const out = new Uint32Array(new SharedArrayBuffer(rows.byteLength));
  out.set(rows);
  return out;
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
