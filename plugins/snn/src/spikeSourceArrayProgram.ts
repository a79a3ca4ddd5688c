import { defineProgram } from '@s2sim/actors';

/** A spike source: sends the spikes listed for each tick. Regions: header [n, keyBase, record, count], spikes (tick, neuron) pairs sorted by tick, cursor. */
export interface SpikeSourceArrayState {
  keyBase: number;
  recordSpikes: boolean;
  count: number;
  spikes: Uint32Array;
  cursor: Uint32Array;
}

export const spikeSourceArrayProgram = defineProgram<SpikeSourceArrayState>({
  name: 'snn.SpikeSourceArray',
  attach(sram) {
    const h = sram.region('header');
    const header = new Uint32Array(sram.buffer, h.offset, 4);
    const sp = sram.region('spikes');
    const c = sram.region('cursor');
    return {
      keyBase: header[1], recordSpikes: header[2] === 1, count: header[3],
      spikes: new Uint32Array(sram.buffer, sp.offset, sp.bytes / 4), cursor: new Uint32Array(sram.buffer, c.offset, 1),
    };
  },
  timer(s, ctx) {
    let i = s.cursor[0];
    while (i < s.count && s.spikes[i * 2] < ctx.tick) i++; // spikes before the run's start tick are skipped
    while (i < s.count && s.spikes[i * 2] === ctx.tick) {
      const neuron = s.spikes[i * 2 + 1];
      ctx.sendMulticast(s.keyBase | neuron);
      if (s.recordSpikes) ctx.record('snn.spikes', neuron);
      i++;
    }
    s.cursor[0] = i;
  },
});
