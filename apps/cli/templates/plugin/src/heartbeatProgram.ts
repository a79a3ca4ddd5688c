import { defineProgram } from '@s2sim/actors';

/** Regions: config [key, periodTicks], counters [sent, received]. */
export interface HeartbeatState {
  key: number;
  period: number;
  counters: Uint32Array;
}

export const heartbeatProgram = defineProgram<HeartbeatState>({
  name: '__NAME__.heartbeat',
  attach(sram) {
    const c = sram.region('config');
    const config = new Uint32Array(sram.buffer, c.offset, 2);
    const k = sram.region('counters');
    return { key: config[0], period: config[1], counters: new Uint32Array(sram.buffer, k.offset, 2) };
  },
  timer(s, ctx) {
    if (ctx.tick % s.period === 0) {
      ctx.sendMulticast(s.key);
      s.counters[0]++;
    }
  },
  packet(s) {
    s.counters[1]++;
  },
});
