import { describe, expect, it } from 'vitest';
import { machinePreset, machineSpecSchema, matmulCycles, acceleratorExp } from '@s2sim/hardware';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { floatToPayload, payloadToFloat } from './payload';

const chip = { x: 0, y: 0 };
const costs = machinePreset('chip').costs;
const ns = (cycles: number, hz = 300e6) => (cycles * 1e9) / hz;

// PE 0: raises a user interrupt on PE 1, then sends three packets to it. PE 1: a long timer handler that also starts a
// small DMA to itself; every handler records which interrupt it is and when it started.
const talker = defineProgram({
  name: 'k.talker',
  attach: () => ({}),
  timer(_s, ctx) {
    if (ctx.tick > 0) return;
    ctx.raiseUser(1, 9);
    for (let i = 0; i < 3; i++) ctx.sendMulticast(0x10 + i, i);
  },
});
const listener = defineProgram({
  name: 'k.listener',
  attach: (sram) => ({ bytes: sram.region('buf').offset }),
  timer(s, ctx) {
    if (ctx.tick > 0) return;
    ctx.dmaToPe(1, s.bytes, s.bytes + 64, 64, 77);
    ctx.charge(30_000);
  },
  packet(_s, ctx, key) {
    ctx.record('order', 0);
    ctx.record('start', ctx.timeNs - ns(costs.packetInterruptCycles));
    ctx.record('key', key);
  },
  dma(_s, ctx, tag) {
    ctx.record('order', 1);
    ctx.record('tag', tag);
  },
  user(_s, ctx, code, from) {
    ctx.record('order', 2);
    ctx.record('user', code * 1000 + from);
  },
});

describe('chip kernel: interrupts, priorities and modelled time', () => {
  it('runs one handler at a time; pending interrupts are served packet > DMA > user, at times from the cycles', () => {
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(talker).register(listener), { tickNs: 1e6, seed: 1 });
    sim.load({
      pes: [
        { chip, pe: 0, program: 'k.talker', regions: [] },
        { chip, pe: 1, program: 'k.listener', regions: [{ name: 'buf', bytes: 128 }] },
      ],
      tables: [{ chip, entries: [{ key: 0x10, mask: 0xfffffff0, route: { pes: [1] } }] }],
    });
    sim.run(1);
    // Everything arrives while PE 1 runs its timer handler; it is served by priority, not by arrival.
    expect(Array.from(sim.recorder.channel('order').values)).toEqual([0, 0, 0, 1, 2]);
    expect(Array.from(sim.recorder.channel('key').values)).toEqual([0x10, 0x11, 0x12]);
    expect(Array.from(sim.recorder.channel('tag').values)).toEqual([77]);
    expect(Array.from(sim.recorder.channel('user').values)).toEqual([9000]) // code 9 from PE 0;
    // Timer handler: entry + DMA setup + 30,000 cycles at 300 MHz; then packets back to back, 80 cycles each.
    const timerEnd = ns(costs.timerInterruptCycles + costs.dmaSetupCycles + 30_000);
    const starts = Array.from(sim.recorder.channel('start').values);
    starts.forEach((t, k) => expect(t).toBeCloseTo(timerEnd + k * ns(costs.packetInterruptCycles), 6));
    const p1 = sim.provenance().pes[1];
    expect(p1.interrupts).toBe(6);
    expect(p1.dmaTransfers).toBe(1);
    expect(p1.userInterrupts).toBe(1);
  });

  it('a full mailbox drops and counts what does not fit', () => {
    const flood = defineProgram({ name: 'k.flood', attach: () => ({}), timer: (_s, ctx) => { for (let i = 0; i < 10; i++) ctx.sendMulticast(5); } });
    const slow = defineProgram({ name: 'k.slow', attach: () => ({}), timer: (_s, ctx) => ctx.charge(100_000), packet: () => {} });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(flood).register(slow), { tickNs: 1e6, seed: 1, mailboxCapacity: 4 });
    sim.load({
      pes: [{ chip, pe: 0, program: 'k.flood', regions: [] }, { chip, pe: 1, program: 'k.slow', regions: [] }],
      tables: [{ chip, entries: [{ key: 5, mask: 0xffffffff, route: { pes: [1] } }] }],
    });
    sim.run(1);
    const p = sim.provenance().pes[1];
    expect(p.packetsReceived).toBe(4);
    expect(p.mailboxOverflows).toBe(6);
  });

  it('time is counted in ns of the global clock at the PE level\'s frequency', () => {
    const clock = defineProgram({
      name: 'k.clock', attach: () => ({}),
      timer(_s, ctx) { ctx.charge(1500); ctx.record('t', ctx.timeNs); ctx.record('hz', ctx.frequencyHz); },
    });
    const at = (level: number) => {
      const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(clock), { tickNs: 1e5, seed: 1, dvfs: { name: 'pin', chooseLevel: () => level } });
      sim.load({ pes: [{ chip, pe: 7, program: 'k.clock', regions: [] }], tables: [] });
      sim.run(3);
      return sim.recorder.channel('t').values;
    };
    const c = costs.timerInterruptCycles + 1500;
    expect(Array.from(at(0))).toEqual([0, 1, 2].map((k) => k * 1e5 + (c * 1e9) / 150e6));
    expect(Array.from(at(1))).toEqual([0, 1, 2].map((k) => k * 1e5 + (c * 1e9) / 300e6));
  });

  it('DMA from lazily allocated DRAM copies the bytes and raises DMA-done after the modelled transfer time', () => {
    const reader = defineProgram({
      name: 'k.dma',
      attach: (sram) => ({ at: sram.region('in').offset, view: new Uint32Array(sram.buffer, sram.region('in').offset, 256) }),
      timer(s, ctx) { if (ctx.tick === 0) ctx.dmaRead('weights', 0, s.at, 1024, 5); },
      dma(s, ctx, tag) { ctx.record('done', ctx.timeNs - ns(costs.packetInterruptCycles)); ctx.record('sum', s.view.reduce((a, b) => a + b, 0) + tag); },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(reader), { tickNs: 1e6, seed: 1 });
    const weights = Uint32Array.from({ length: 256 }, (_, i) => i);
    sim.load({ pes: [{ chip, pe: 3, program: 'k.dma', regions: [{ name: 'in', bytes: 1024 }] }], tables: [], dram: [{ chip, name: 'weights', data: weights }] });
    sim.run(1);
    const startNs = ns(costs.timerInterruptCycles + costs.dmaSetupCycles);
    const transferNs = Math.max((1024 / costs.dmaBytesPerCycle / 300e6) * 1e9, (1024 / 6.4e9) * 1e9);
    expect(sim.recorder.channel('done').values[0]).toBeCloseTo(startNs + transferNs, 6);
    expect(sim.recorder.channel('sum').values[0]).toBe((255 * 256) / 2 + 5);
    expect(sim.provenance().routers[0].dramUsedBytes).toBe(1024);
  });

  it('exp/log and the MAC array charge their cycles and return what the accelerators compute', () => {
    const acc = defineProgram({
      name: 'k.acc', attach: () => ({}),
      timer(_s, ctx) {
        const a = Int8Array.from({ length: 6 * 5 }, (_, i) => ((i * 7) % 11) - 5);
        const b = Int8Array.from({ length: 5 * 20 }, (_, i) => ((i * 3) % 13) - 6);
        const out = new Int32Array(6 * 20);
        const before = ctx.timeNs;
        ctx.mac.matmulInt8(a, b, out, 6, 5, 20);
        ctx.record('macNs', ctx.timeNs - before);
        // reference: a naive product
        let err = 0;
        for (let i = 0; i < 6; i++) for (let j = 0; j < 20; j++) {
          let s = 0;
          for (let k = 0; k < 5; k++) s += a[i * 5 + k] * b[k * 20 + j];
          err += Math.abs(s - out[i * 20 + j]);
        }
        ctx.record('macErr', err);
        const t0 = ctx.timeNs;
        ctx.record('exp', ctx.exp(1.5));
        ctx.record('expNs', ctx.timeNs - t0);
      },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(acc), { tickNs: 1e6, seed: 1 });
    sim.load({ pes: [{ chip, pe: 0, program: 'k.acc', regions: [] }], tables: [] });
    sim.run(1);
    expect(sim.recorder.channel('macErr').values[0]).toBe(0);
    expect(sim.recorder.channel('macNs').values[0]).toBeCloseTo(ns(matmulCycles(6, 5, 20)), 9);
    expect(sim.recorder.channel('exp').values[0]).toBe(Math.round(Math.exp(1.5) * 32768) / 32768);
    expect(sim.recorder.channel('exp').values[0]).toBe(acceleratorExp(1.5));
    expect(sim.recorder.channel('expNs').values[0]).toBeCloseTo(ns(costs.expLogCycles), 9);
    expect(sim.provenance().pes[0].macs).toBe(6 * 5 * 20);
  });
});

describe('packets between chips', () => {
  const two = machineSpecSchema.parse({ name: 'two', width: 2, height: 1, chips: [{ x: 0, y: 0 }, { x: 1, y: 0 }] });
  const sender = defineProgram({
    name: 'x.send', attach: () => ({}),
    timer(_s, ctx) {
      if (ctx.tick === 2) ctx.sendMulticastFloat(0x99, -1.25);
      if (ctx.tick === 4) ctx.sendPointToPoint({ x: 1, y: 0 }, 5, 0x42, 7);
      if (ctx.tick === 6) ctx.sendMulticast(0x77); // routed west, where no chip is
    },
  });
  const receiver = defineProgram({
    name: 'x.recv', attach: () => ({}),
    packet(_s, ctx, key, payload) {
      ctx.record('rx', key);
      ctx.record('sent', ctx.sentTick);
      ctx.record('kind', ctx.packetKind === 'p2p' ? 1 : 0);
      ctx.record('value', key === 0x99 ? payloadToFloat(payload) : payload);
    },
  });
  const build = (minDelayTicks: number) => {
    const sim = new Simulation(two, new ProgramRegistry().register(sender).register(receiver), { tickNs: 1e6, seed: 1, minDelayTicks });
    sim.load({
      pes: [{ chip: { x: 0, y: 0 }, pe: 0, program: 'x.send', regions: [] }, { chip: { x: 1, y: 0 }, pe: 5, program: 'x.recv', regions: [] }],
      tables: [
        { chip: { x: 0, y: 0 }, entries: [{ key: 0x99, mask: 0xffffffff, route: { links: [0] } }, { key: 0x77, mask: 0xffffffff, route: { links: [3] } }] },
        { chip: { x: 1, y: 0 }, entries: [{ key: 0x99, mask: 0xffffffff, route: { pes: [5] } }] },
      ],
    });
    sim.run(12);
    return sim;
  };

  it('cross at the next window: one tick after sending by default, the declared minimum delay otherwise', () => {
    for (const d of [1, 3]) {
      const sim = build(d);
      const ch = sim.recorder.channel('rx');
      expect(Array.from(ch.values)).toEqual([0x99, 0x42]);
      expect(Array.from(ch.ticks)).toEqual([2 + d, 4 + d]);
      expect(Array.from(sim.recorder.channel('sent').values)).toEqual([2, 4]);
      expect(Array.from(sim.recorder.channel('kind').values)).toEqual([0, 1]);
      expect(Array.from(sim.recorder.channel('value').values)).toEqual([-1.25, 7]);
      const r = sim.provenance().routers;
      expect(r[0].droppedNoLink).toBe(1);
      expect(r[0].remoteSent).toBe(2);
      expect(r[1].remoteDelivered).toBe(2);
    }
  });

  it('float payloads round-trip as float32 bits', () => {
    for (const v of [0, -0.5, 3.14159, 1e-30, -7e20]) expect(payloadToFloat(floatToPayload(v))).toBe(Math.fround(v));
  });
});

describe('PE control states from the host and from programs', () => {
  it('a paused PE takes no interrupts until resumed; a PE that halts itself stops', () => {
    const tick = defineProgram({ name: 'c.tick', attach: () => ({}), timer: (_s, ctx) => { ctx.record('t', ctx.tick); if (ctx.pe === 2 && ctx.tick === 1) ctx.halt(); } });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(tick), { tickNs: 1e6, seed: 1 });
    sim.load({ pes: [1, 2].map((pe) => ({ chip, pe, program: 'c.tick', regions: [] })), tables: [] });
    sim.run(2);
    expect(sim.control(0, 0, 1, 'PAUSE')).toBe('paused');
    sim.run(2);
    expect(sim.control(0, 0, 1, 'RESUME')).toBe('running.sleeping');
    sim.run(1);
    const ch = sim.recorder.channel('t');
    const of = (g: number) => Array.from(ch.ticks).filter((_, i) => ch.pes[i] === g);
    expect(of(1)).toEqual([0, 1, 4]);
    expect(of(2)).toEqual([0, 1]);
    expect(sim.peState(0, 0, 2)).toBe('halted');
    expect(() => sim.control(0, 0, 2, 'RESUME')).toThrow(/not allowed in state halted/);
  });
});

describe('DVFS slot', () => {
  it('hands the program\'s estimate of the tick to the policy as estimatedCycles', () => {
    const seen: Array<number | undefined> = [];
    const est = defineProgram({ name: 'd.est', attach: () => ({}), timer: () => {}, estimateCycles: (_s, ctx) => 1000 + ctx.tick });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(est), {
      tickNs: 1e6, seed: 1, dvfs: { name: 'spy', chooseLevel: (w) => (seen.push(w.estimatedCycles), 1) },
    });
    sim.load({ pes: [{ chip, pe: 0, program: 'd.est', regions: [] }], tables: [] });
    sim.run(3);
    // The first call is the constructor checking that the policy picks a level that exists.
    expect(seen).toEqual([undefined, 1000, 1001, 1002]);
  });
});
