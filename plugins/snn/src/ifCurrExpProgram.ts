import { defineProgram } from '@s2sim/actors';
import type { Sram } from '@s2sim/hardware';
import { PROPAGATOR_COUNT } from './ifCurrExp';
import { DELAY_SHIFT, MPT_WORDS, RECEPTOR_SHIFT, findSource } from './synapticMatrix';

/** Delay slots of the input ring buffer: delays of 1 to 15 ticks, as sPyNNaker's 16-slot ring. */
export const DELAY_SLOTS = 16;
export const HEADER_WORDS = 4; // neurons, key base, record spikes, unused

const f32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Float32Array(sram.buffer, r.offset, r.bytes / 4);
};
const u32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Uint32Array(sram.buffer, r.offset, r.bytes / 4);
};
const i32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Int32Array(sram.buffer, r.offset, r.bytes / 4);
};

/** The neuron PE of IF_curr_exp: every view is over the PE's SRAM. */
export interface IfCurrExpState {
  n: number;
  keyBase: number;
  recordSpikes: boolean;
  prop: Float32Array;
  v: Float32Array;
  iE: Float32Array;
  iI: Float32Array;
  refrac: Int32Array;
  /** ring[((slot * 2) + receptor) * n + neuron]: input (nA) arriving at that tick. */
  ring: Float32Array;
  mpt: Uint32Array;
  rowIndex: Uint32Array;
  words: Uint32Array;
  weights: Float32Array;
}

/** Fixed order of the neuron regions, so mapper and program agree. */
export const IF_CURR_EXP_REGIONS = ['header', 'propagators', 'v', 'isyn_exc', 'isyn_inh', 'refrac', 'ring', 'mpt', 'row_index', 'syn_words', 'syn_weights'] as const;

export const ifCurrExpProgram = defineProgram<IfCurrExpState>({
  name: 'snn.IF_curr_exp',
  attach(sram) {
    const header = u32(sram, 'header');
    const prop = f32(sram, 'propagators');
    if (prop.length !== PROPAGATOR_COUNT) throw new Error('propagator region has the wrong size');
    return {
      n: header[0], keyBase: header[1], recordSpikes: header[2] === 1, prop,
      v: f32(sram, 'v'), iE: f32(sram, 'isyn_exc'), iI: f32(sram, 'isyn_inh'), refrac: i32(sram, 'refrac'), ring: f32(sram, 'ring'),
      mpt: u32(sram, 'mpt'), rowIndex: u32(sram, 'row_index'), words: u32(sram, 'syn_words'), weights: f32(sram, 'syn_weights'),
    };
  },

  /** Neuron updates: take this tick's input, integrate exactly, test threshold, send spikes, decay currents. */
  timer(s, ctx) {
    const { n, prop, v, iE, iI, refrac, ring } = s;
    const slot = ctx.tick % DELAY_SLOTS;
    const exc = slot * 2 * n;
    const inh = exc + n;
    const decayM = prop[0], decayE = prop[1], decayI = prop[2], pE = prop[3], pI = prop[4];
    const vInf = prop[5], vReset = prop[6], vThresh = prop[7], refracTicks = prop[8];
    for (let i = 0; i < n; i++) {
      const ie = Math.fround(iE[i] + ring[exc + i]);
      const ii = Math.fround(iI[i] + ring[inh + i]);
      ring[exc + i] = 0;
      ring[inh + i] = 0;
      if (refrac[i] > 0) {
        refrac[i]--;
        v[i] = vReset;
      } else {
        // Float32Array stores round each product back to single precision, as the M4F FPU does.
        const vNew = Math.fround(vInf + Math.fround(Math.fround(v[i] - vInf) * decayM) + Math.fround(pE * ie) - Math.fround(pI * ii));
        if (vNew >= vThresh) {
          v[i] = vReset;
          refrac[i] = refracTicks;
          ctx.sendMulticast(s.keyBase | i);
          if (s.recordSpikes) ctx.record('snn.spikes', i);
        } else {
          v[i] = vNew;
        }
      }
      iE[i] = ie * decayE;
      iI[i] = ii * decayI;
    }
    ctx.charge(n * ctx.costs.neuronUpdateCycles);
  },

  /** A spike arrived: find its row and add each synapse's weight into the ring slot of its delay. */
  packet(s, ctx, key) {
    const entry = findSource(s.mpt, key);
    if (entry < 0) return; // routed here but no synapses: sPyNNaker counts these as "ghost" searches
    const row = s.mpt[entry * MPT_WORDS + 2] + ((key & ~s.mpt[entry * MPT_WORDS + 1]) >>> 0);
    const start = s.rowIndex[row * 2];
    const len = s.rowIndex[row * 2 + 1];
    const { n, ring, words, weights } = s;
    for (let j = start; j < start + len; j++) {
      const w = words[j];
      const slot = (ctx.tick + ((w >>> DELAY_SHIFT) & 0xff)) % DELAY_SLOTS;
      ring[(slot * 2 + ((w >>> RECEPTOR_SHIFT) & 1)) * n + (w & 0xffff)] += weights[j];
    }
    ctx.charge(len * ctx.costs.synapticEventCycles);
  },
});
