import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { PeFaultError } from './faultError';

// A ping program: PE 0 sends key 7 every tick; receivers count packets into their SRAM.
const ping = defineProgram({
  name: 'test.ping',
  attach: (sram) => ({ count: new Uint32Array(sram.buffer, sram.region('count').offset, 1) }),
  timer(s, ctx) {
    if (ctx.pe === 0) ctx.sendMulticast(7, ctx.tick);
  },
  packet(s, ctx, key, payload) {
    s.count[0]++;
    ctx.record('rx', payload);
  },
});
const crash = defineProgram({
  name: 'test.crash',
  attach: () => ({}),
  timer(_s, ctx) {
    if (ctx.tick === 3) throw new Error('null pointer');
  },
});

function sim(continueOnFault = false) {
  const programs = new ProgramRegistry().register(ping).register(crash);
  return new Simulation(machinePreset('chip'), programs, { tickNs: 1e6, seed: 1, continueOnFault });
}

describe('Simulation (single-thread tick loop)', () => {
  it('delivers a multicast packet to exactly the PEs of its route, every tick', () => {
    const s = sim();
    s.load({
      pes: [0, 5, 9, 151].map((pe) => ({ chip: { x: 0, y: 0 }, pe, program: 'test.ping', regions: [{ name: 'count', bytes: 4 }] })),
      tables: [{ chip: { x: 0, y: 0 }, entries: [{ key: 7, mask: 0xffffffff, route: { pes: [5, 151] } }] }],
    });
    s.run(10);
    const count = (pe: number) => new Uint32Array(s.readRegion(0, 0, pe, 'count').buffer, s.sram(0, 0, pe).region('count').offset, 1)[0];
    expect([count(0), count(5), count(9), count(151)]).toEqual([0, 10, 0, 10]);
    expect(Array.from(s.recorder.channel('rx').values).slice(0, 4)).toEqual([0, 0, 1, 1]);
    const prov = s.provenance();
    expect(prov.routers[0].localMulticast).toBe(10);
    expect(prov.pes.find((p) => p.pe === 'chip(0,0).pe(5)')!.packetsReceived).toBe(10);
  });

  it('drops and counts a local packet that matches no entry', () => {
    const s = sim();
    s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 0, program: 'test.ping', regions: [{ name: 'count', bytes: 4 }] }], tables: [] });
    s.run(4);
    expect(s.provenance().routers[0].droppedNoRoute).toBe(4);
  });

  it('counts a timer overrun when a tick charges more cycles than its period holds', () => {
    const busy = defineProgram({ name: 'test.busy', attach: () => ({}), timer: (_s, ctx) => ctx.charge(ctx.tick % 2 ? 400_000 : 10) });
    const s = new Simulation(machinePreset('chip'), new ProgramRegistry().register(busy), { tickNs: 1e6, seed: 1 });
    s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 3, program: 'test.busy', regions: [] }], tables: [] });
    s.run(6);
    expect(s.cyclesPerTickBudget()).toBe(300_000); // 300 MHz x 1 ms
    expect(s.provenance().pes[0].timerOverruns).toBe(3);
  });

  it('a throwing handler faults the PE with program, interrupt and tick, and stops the run', () => {
    const s = sim();
    s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 2, program: 'test.crash', regions: [] }], tables: [] });
    expect(() => s.run(10)).toThrow(PeFaultError);
    expect(s.faults[0]).toMatchObject({ pe: 'chip(0,0).pe(2)', program: 'test.crash', interrupt: 'timer', tick: 3, cause: 'null pointer' });
    expect(s.provenance().pes[0].state).toBe('faulted');
    expect(s.ticksRun).toBe(4);
  });

  it('continues past a fault when asked, with the faulted PE stopped', () => {
    const s = sim(true);
    s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 2, program: 'test.crash', regions: [] }], tables: [] });
    s.run(10);
    expect(s.ticksRun).toBe(10);
    expect(s.provenance().pes[0].interrupts).toBe(4);
  });

  it('refuses a region that overflows SRAM at load time', () => {
    const s = sim();
    expect(() =>
      s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 1, program: 'test.ping', regions: [{ name: 'count', bytes: 200_000 }] }], tables: [] }),
    ).toThrow(/SRAM overflow on chip\(0,0\)\.pe\(1\)/);
  });
});

describe('DVFS slot', () => {
  it('a policy picks each PE level per tick: the overrun budget and the energy follow the level', () => {
    const busy = defineProgram({ name: 'test.busy2', attach: () => ({}), timer: (_s, ctx) => ctx.charge(200_000) });
    const run = (level: number) => {
      const s = new Simulation(machinePreset('chip'), new ProgramRegistry().register(busy), {
        tickNs: 1e6, seed: 1, dvfs: { name: 'pinned', chooseLevel: () => level },
      });
      s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 0, program: 'test.busy2', regions: [] }], tables: [] });
      s.run(5);
      return s;
    };
    const lo = run(0); // PL1: 150 MHz holds 150,000 cycles per 1 ms tick
    const hi = run(1); // PL2: 300 MHz holds 300,000
    expect(lo.provenance().pes[0].timerOverruns).toBe(5);
    expect(hi.provenance().pes[0].timerOverruns).toBe(0);
    expect(lo.provenance().pes[0].level).toBe('PL1');
    expect(Object.keys(lo.energy().byLevel)).toEqual(['PL1']);
  });

  it('the policy sees last tick\'s cycles and packets', () => {
    const seen: Array<[number, number]> = [];
    const s = new Simulation(machinePreset('chip'), new ProgramRegistry().register(ping), {
      tickNs: 1e6, seed: 1,
      dvfs: { name: 'spy', chooseLevel: (w) => (w.peIndex === 1 && seen.push([w.lastTickCycles, w.lastTickPackets]), 1) },
    });
    s.load({
      pes: [0, 1].map((pe) => ({ chip: { x: 0, y: 0 }, pe, program: 'test.ping', regions: [{ name: 'count', bytes: 4 }] })),
      tables: [{ chip: { x: 0, y: 0 }, entries: [{ key: 7, mask: 0xffffffff, route: { pes: [1] } }] }],
    });
    s.run(3);
    const c = machinePreset('chip').costs;
    expect(seen).toEqual([[0, 0], [c.timerInterruptCycles + c.packetInterruptCycles, 1], [c.timerInterruptCycles + c.packetInterruptCycles, 1]]);
  });
});
