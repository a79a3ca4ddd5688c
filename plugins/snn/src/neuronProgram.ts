import { defineProgram, type PeContext, type PeProgram } from '@s2sim/actors';
import type { CellType, NeuronState } from './cells';
import { f32, i32, u32 } from './sramViews';
import { DELAY_SHIFT, DELAY_SLOTS, MPT_WORDS, RECEPTOR_SHIFT, TARGET_MASK, WEIGHT_SHIFT, SourceIndex } from './synapticMatrix';

/** header words of a neuron piece. */
export const H = { n: 0, keyBase: 1, flags: 2, mptEntries: 3, nRecorded: 4, nRecordedFields: 5, driveLevels: 6, rowsInDram: 7 } as const;
export const HEADER_WORDS = 8;
/** counters words: read back into the mapping's provenance. */
/** DMA words need no counter: every row read is its length word and its synapses (events + dmaReads). */
export const C = { saturations: 0, dmaReads: 1, ghostPackets: 2, events: 3 } as const;
export const COUNTER_WORDS = 4;
export const FLAG_RECORD_SPIKES = 1;
export const FLAG_DRIVE_INHIBITORY = 2;
/** Set by the mapper on pieces whose spikes go nowhere: no key is allocated, so nothing is sent (as PACMAN). */
export const FLAG_NO_SEND = 4;

export interface NeuronPeState extends NeuronState {
  ctx: PeContext;
  header: Uint32Array;
  scale: Float32Array;
  /** Fixed-point input per (slot, receptor, neuron); int32 so the JIT keeps every value a small integer. */
  ring: Int32Array;
  counters: Uint32Array;
  mpt: Uint32Array;
  mptEntries: number;
  sources: SourceIndex;
  /** Synaptic rows: a view over SRAM, or over the PE's block of chip DRAM (then each row costs a DMA read). */
  rows: Int32Array;
  rowsInDram: boolean;
  recIdx: Uint32Array;
  recFields: Uint32Array;
  /** Poisson drive: [weight, cdf_0 .. cdf_{K-1}] of the count per step. */
  drive: Float32Array;
  /** Scratch for this tick's uniform numbers (one per neuron; not state: refilled every tick). */
  uniform: Float64Array;
  /** poissonBins of the drive (derived from it at attach). */
  poissonBins: Int32Array;
  fire: (i: number) => void;
  cell: CellType;
}

/** Params handed to attach(): the PE's block of chip DRAM when its rows do not fit SRAM. */
export interface NeuronPeParams {
  dramRows?: Uint32Array;
}

/** Draws a Poisson count by inverting its cumulative distribution with one uniform number. */
export function poissonCount(u: number, drive: Float32Array, levels: number): number {
  let k = 0;
  while (k < levels && u >= drive[1 + k]) k++;
  return k;
}

export const POISSON_BINS = 1024;

/**
 * poissonCount by the bin of u: the count of every u in a bin of [0, 1) that no step of the distribution crosses,
 * else -1 (then the search decides). The same counts as the search, mostly without its unpredictable branches.
 */
export function poissonBins(drive: Float32Array, levels: number): Int32Array {
  const bins = new Int32Array(POISSON_BINS);
  const step = 2 ** 32 / POISSON_BINS;
  for (let b = 0; b < POISSON_BINS; b++) {
    // u = r / 2^32 for an integer r: the bin's smallest and largest u.
    const lo = poissonCount((b * step) / 2 ** 32, drive, levels), hi = poissonCount(((b + 1) * step - 1) / 2 ** 32, drive, levels);
    bins[b] = lo === hi ? lo : -1;
  }
  return bins;
}

/**
 * The neuron PE program of a cell type (sPyNNaker's neuron + synapse cores in one): the packet handler adds each
 * synapse of the arriving spike's row into the ring buffer slot of its delay (fixed-point, saturating, counted);
 * the timer handler takes this tick's slot as input, runs the cell's update and sends a multicast packet per spike.
 */
export function neuronProgram(cell: CellType): PeProgram<NeuronPeState> {
  return defineProgram<NeuronPeState>({
    name: `snn.${cell.name}`,
    // Synaptic processing only adds into this PE's ring buffers: the kernel may run queued packets ahead.
    packetIsLocal: true,
    attach(sram, params) {
      const header = u32(sram, 'header');
      const n = header[H.n];
      const dram = (params as NeuronPeParams | undefined)?.dramRows;
      const st = {
        n, keyBase: header[H.keyBase], flags: header[H.flags], header, cell,
        p: f32(sram, 'params'), s: f32(sram, 'state'), inE: f32(sram, 'input_exc'), inI: f32(sram, 'input_inh'),
        scale: f32(sram, 'weight_scale'), ring: i32(sram, 'ring'), counters: u32(sram, 'counters'),
        mpt: u32(sram, 'mpt'), mptEntries: header[H.mptEntries], sources: new SourceIndex(u32(sram, 'mpt'), header[H.mptEntries]),
        // Synaptic words read as int32: the same bits, but values the JIT keeps as small integers (a Uint32Array
        // element of 2^31 or more becomes a heap number, which halves the speed of the synaptic loop).
        rows: header[H.rowsInDram] ? new Int32Array(dram!.buffer, dram!.byteOffset, dram!.length) : i32(sram, 'rows'), rowsInDram: header[H.rowsInDram] === 1,
        recIdx: u32(sram, 'record_indices'), recFields: u32(sram, 'record_fields'), drive: f32(sram, 'drive'), uniform: new Float64Array(n),
        poissonBins: poissonBins(f32(sram, 'drive'), header[H.driveLevels]),
        ctx: undefined as unknown as PeContext, fire: (_i: number) => {},
      } satisfies NeuronPeState;
      if (st.rowsInDram && !dram) throw new Error(`snn.${cell.name}: rows are in DRAM but no DRAM block was given`);
      const recordSpikes = (st.flags & FLAG_RECORD_SPIKES) !== 0;
      const send = (st.flags & FLAG_NO_SEND) === 0;
      st.fire = (i: number) => {
        if (send) st.ctx.sendMulticast(st.keyBase | i);
        if (recordSpikes) st.ctx.record('snn.spikes', i);
      };
      return st;
    },

    timer(st, ctx) {
      st.ctx = ctx;
      const { n, ring, inE, inI, scale, header, drive } = st;
      const base = (ctx.tick & (DELAY_SLOTS - 1)) * 2 * n;
      const sE = scale[0], sI = scale[1];
      for (let i = 0; i < n; i++) {
        inE[i] = ring[base + i] * sE;
        inI[i] = ring[base + n + i] * sI;
        ring[base + i] = 0;
        ring[base + n + i] = 0;
      }
      const levels = header[H.driveLevels];
      let cycles = n * ctx.costs.neuronUpdateCycles * (cell.cyclesPerNeuron / 60);
      if (levels > 0) {
        const w = drive[0];
        const into = (st.flags & FLAG_DRIVE_INHIBITORY) !== 0 ? inI : inE;
        const u = st.uniform;
        ctx.rng.fillFloats(u, n);
        const bins = st.poissonBins;
        for (let i = 0; i < n; i++) {
          let k = bins[(u[i] * POISSON_BINS) | 0];
          if (k < 0) k = poissonCount(u[i], drive, levels);
          if (k > 0) into[i] += k * w;
        }
        cycles += n * 10; // one PRNG draw and a short table search per neuron (assumption)
      }
      cell.update(st, st.fire);
      const nRec = header[H.nRecorded], nFields = header[H.nRecordedFields];
      if (nRec > 0 && nFields > 0) {
        const { recIdx, recFields, s } = st;
        for (let r = 0; r < nRec; r++) for (let k = 0; k < nFields; k++) ctx.record('snn.state', s[recFields[k] * n + recIdx[r]]);
        cycles += nRec * nFields * 4;
      }
      // Counted as neuron updates for the energy account; the rest (model-specific extra, drive, recording) as cycles.
      ctx.chargeOp('neuronUpdate', n);
      ctx.charge(cycles - n * ctx.costs.neuronUpdateCycles);
    },

    /** A spike arrived: find its source in the MPT, fetch its row (DMA from DRAM when not in SRAM), apply it. */
    packet(st, ctx, key) {
      const entry = st.sources.find(key);
      if (entry < 0) {
        st.counters[C.ghostPackets]++; // routed here but no synapses: sPyNNaker's "ghost" searches
        return;
      }
      const { mpt, rows, ring, n, counters } = st;
      const m = entry * MPT_WORDS;
      const start = mpt[m + 2] + ((key & ~mpt[m + 1]) >>> 0) * mpt[m + 3];
      const len = rows[start];
      // Delays count from the sender's tick (packets between chips may be delivered at a later sync window).
      const tick = ctx.sentTick;
      let saturated = 0;
      for (let j = start + 1, end = start + 1 + len; j < end; j++) {
        const w = rows[j];
        // (w >>> DELAY_SHIFT) still carries the weight above the delay bits: a multiple of 16, so the slot mask drops it.
        const idx = ((((tick + (w >>> DELAY_SHIFT)) & (DELAY_SLOTS - 1)) * 2 + ((w >>> RECEPTOR_SHIFT) & 1)) * n) + (w & TARGET_MASK);
        const sum = ring[idx] + (w >>> WEIGHT_SHIFT);
        if (sum > 0x7fffffff) {
          ring[idx] = 0x7fffffff; // the accumulator saturates (counted) instead of wrapping
          saturated++;
        } else ring[idx] = sum;
      }
      counters[C.events] += len;
      ctx.chargeOp('synapticEvent', len); // cycles and the energy account's count of synaptic events
      let cycles = 0;
      if (st.rowsInDram) {
        counters[C.dmaReads]++;
        cycles += ctx.costs.dmaSetupCycles + ((len + 1) * 4) / ctx.costs.dmaBytesPerCycle;
      }
      if (saturated) counters[C.saturations] += saturated;
      ctx.charge(cycles);
    },
  });
}
