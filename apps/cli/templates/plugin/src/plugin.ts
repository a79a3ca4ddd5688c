import { definePlugin, type Simulation } from '@s2sim/actors';
import { heartbeatProgram } from './heartbeatProgram';
import { map__PASCAL__, type __PASCAL__Report } from './mapper';
import { __CAMEL__ModelSchema, type __PASCAL__Model } from './model';

export interface __PASCAL__Result {
  sent: number[];
  received: number[];
}

/** Reads each PE's counters back from its SRAM, as the host does after a run. */
function results(sim: Simulation, mapping: { report: __PASCAL__Report }): __PASCAL__Result {
  const sent: number[] = [];
  const received: number[] = [];
  for (const p of mapping.report.pieces) {
    const c = new Uint32Array(sim.readRegion(p.chip.x, p.chip.y, p.pe, 'counters').slice().buffer);
    sent.push(c[0]);
    received.push(c[1]);
  }
  return { sent, received };
}

export const __CAMEL__Plugin = definePlugin<__PASCAL__Model, __PASCAL__Report, __PASCAL__Result>({
  name: '__NAME__',
  description: 'heartbeats between PEs (a template: change it into your own program)',
  programs: [heartbeatProgram],
  modelSchema: __CAMEL__ModelSchema,
  map: map__PASCAL__,
  results: (sim, mapping) => results(sim, mapping),
  summary: (r) => ({ beatsSent: r.sent.reduce((a, b) => a + b, 0), beatsReceived: r.received.reduce((a, b) => a + b, 0) }),
  outputs: (r) => [{ path: 'beats.csv', content: ['pe,sent,received', ...r.sent.map((s, i) => `${i},${s},${r.received[i]}`)].join('\n') + '\n' }],
});
