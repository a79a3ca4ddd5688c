import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';

// Every PE sends a burst at tick 0 to every PE: PES x BURST multicast packets (each one queue event, fanned out to
// PES PEs when due) are in flight at once, as when all the neuron PEs of a dense network spike in the same tick.
const PES = 20;
const BURST = 50;
const burst = defineProgram({
  name: 'test.burst',
  attach: (sram) => ({ count: new Uint32Array(sram.buffer, sram.region('count').offset, 1) }),
  timer(_s, ctx) {
    if (ctx.tick === 0) for (let i = 0; i < BURST; i++) ctx.sendMulticast(1);
  },
  packet(s) {
    s.count[0]++;
  },
});

function run(eventQueueCapacity?: number) {
  const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(burst), { tickNs: 1e6, seed: 1, eventQueueCapacity });
  sim.load({
    pes: Array.from({ length: PES }, (_, pe) => ({ chip: { x: 0, y: 0 }, pe, program: 'test.burst', regions: [{ name: 'count', bytes: 4 }] })),
    tables: [{ chip: { x: 0, y: 0 }, entries: [{ key: 1, mask: 0xffffffff, route: { pes: Array.from({ length: PES }, (_, p) => p) } }] }],
  });
  sim.run(2);
  return sim;
}

describe('event queue sizing', () => {
  it('by default holds a burst of every PE to every PE, and every PE receives every packet', () => {
    const sim = run();
    for (let pe = 0; pe < PES; pe++) {
      const r = sim.sram(0, 0, pe).region('count');
      expect(new Uint32Array(sim.sram(0, 0, pe).buffer, r.offset, 1)[0]).toBe(PES * BURST);
    }
  });

  it('an explicit capacity is kept, and overflowing it fails with the limit and a hint', () => {
    // 1,000 multicast packets in flight (one event each) overflow a queue of 500.
    expect(() => run(500)).toThrow(/event queue of chip\(0,0\) is full \(500 events in flight\)\. Hint/);
  });
});
