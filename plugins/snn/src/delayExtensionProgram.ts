import { defineProgram } from '@s2sim/actors';
import { u32 } from './sramViews';
import { MAX_RING_DELAY } from './synapticMatrix';

/**
 * sPyNNaker's delay extension: a PE that receives the spikes of one source piece and sends each again after
 * k x 15 ticks (stage k = 1..K) with the key of stage k, for the neurons that have synapses needing that stage.
 * The target PEs hold rows keyed by the stage keys with the remaining 1..15 ticks of delay, so a delay of
 * d = 15 k + r ticks arrives exactly d ticks after the original spike. Regions: header [n, K, slots, wordsPerSlot],
 * keys (K stage key bases), stage_mask (per neuron: bit k set when stage k is used), ring (slots x wordsPerSlot
 * bit sets of neurons that spiked in that tick; slots = 15 K + 1).
 */
export interface DelayExtensionState {
  n: number;
  stages: number;
  slots: number;
  words: number;
  keys: Uint32Array;
  stageMask: Uint32Array;
  ring: Uint32Array;
}

export const delayExtensionProgram = defineProgram<DelayExtensionState>({
  name: 'snn.DelayExtension',
  attach(sram) {
    const h = u32(sram, 'header');
    return { n: h[0], stages: h[1], slots: h[2], words: h[3], keys: u32(sram, 'keys'), stageMask: u32(sram, 'stage_mask'), ring: u32(sram, 'ring') };
  },
  packet(s, ctx, key) {
    const t = ctx.sentTick;
    const i = key & 0x7ff;
    s.ring[(t % s.slots) * s.words + (i >>> 5)] |= 1 << (i & 31);
    ctx.charge(10); // set one bit (assumption)
  },
  timer(s, ctx) {
    const T = ctx.tick;
    const { ring, words, slots, stageMask, keys } = s;
    let scanned = 0;
    for (let k = 1; k <= s.stages; k++) {
      const t = T - MAX_RING_DELAY * k;
      if (t < 0) break;
      const base = (t % slots) * words;
      for (let w = 0; w < words; w++) {
        let bits = ring[base + w];
        scanned++;
        while (bits !== 0) {
          const low = bits & -bits;
          const i = w * 32 + (31 - Math.clz32(low));
          bits ^= low;
          if ((stageMask[i] >>> k) & 1) ctx.sendMulticast(keys[k - 1] | i);
        }
      }
    }
    // The slot of tick T - 15 K has sent its last stage; it becomes the slot of tick T + 1.
    const old = ((((T - MAX_RING_DELAY * s.stages) % slots) + slots) % slots) * words;
    ring.fill(0, old, old + words);
    ctx.charge(scanned * 4);
  },
});
