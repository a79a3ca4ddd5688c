import { describe, expect, it } from 'vitest';
import { machinePreset, matmulCycles } from '@s2sim/hardware';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { runUntilHalted } from './runUntil';

const chip = { x: 0, y: 0 };
const costs = machinePreset('chip').costs;
const ns = (cycles: number, hz = 300e6) => (cycles * 1e9) / hz;
const BYTES = 64 * 1024;

// Every PE reads the same 64 KiB from DRAM at the start of tick 0 and records when its DMA-done handler starts.
const reader = defineProgram({
  name: 'd.reader',
  attach: (sram) => ({ at: sram.region('in').offset }),
  timer(s, ctx) { if (ctx.tick === 0) ctx.record('due', ctx.dmaRead('blob', 0, s.at, BYTES, 1)); },
  dma(_s, ctx) { ctx.record('done', ctx.timeNs - ns(costs.packetInterruptCycles)); },
});

function readers(n: number, dramBytesPerNs?: number): Simulation {
  const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(reader), { tickNs: 1e6, seed: 1, ...(dramBytesPerNs ? { dramBytesPerNs } : {}) });
  sim.load({
    pes: Array.from({ length: n }, (_, i) => ({ chip, pe: i + 1, program: 'd.reader', regions: [{ name: 'in', bytes: BYTES }] })),
    tables: [], dram: [{ chip, name: 'blob', bytes: BYTES }],
  });
  sim.run(1);
  return sim;
}

describe("a chip's shared DRAM port", () => {
  it('lets one PE read at its engine rate, and makes four PEs queue for the 6.4 GB/s port', () => {
    const start = ns(costs.timerInterruptCycles + costs.dmaSetupCycles);
    const engineNs = (BYTES / costs.dmaBytesPerCycle / 300e6) * 1e9; // 2.4 GB/s at 300 MHz: slower than DRAM alone
    const one = readers(1);
    expect(one.recorder.channel('done').values[0]).toBeCloseTo(start + engineNs, 6);
    const four = readers(4);
    const done = Array.from(four.recorder.channel('done').values).sort((a, b) => a - b);
    // closed form: the k-th request (k = 1..4) leaves the port after k x 64 KiB / 6.4 GB/s, and never before its engine is done
    expect(done).toHaveLength(4);
    done.forEach((t, k) => expect(t).toBeCloseTo(start + Math.max(engineNs, ((k + 1) * BYTES) / 6.4), 6));
    expect(Array.from(four.recorder.channel('due').values).sort((a, b) => a - b)).toEqual(done);
    // the whole transfer can never beat the memory roofline
    expect(done[3] - start).toBeGreaterThanOrEqual((4 * BYTES) / 6.4 - 1e-9);
    expect(four.dramPort(0, 0)).toEqual({ readBytes: 4 * BYTES, writeBytes: 0, busyNs: (4 * BYTES) / 6.4 });
  });

  it('takes its bandwidth from the kernel option', () => {
    const start = ns(costs.timerInterruptCycles + costs.dmaSetupCycles);
    const slow = readers(2, 1);
    const done = Array.from(slow.recorder.channel('done').values).sort((a, b) => a - b);
    expect(done[1]).toBeCloseTo(start + (2 * BYTES) / 1, 6);
  });
});

describe('strided DMA, reads of another PE and posted stores', () => {
  it('gathers planes of rows into SRAM, scatters them back, and moves words and blocks between PEs', () => {
    // DRAM holds a 3 x 5 x 7 tensor (channels x rows x columns) of bytes c*100 + r*10 + x; PE 1 gathers channels 1..2,
    // rows 1..3, into a buffer padded to 9 columns (one zero column each side), writes it back transposed in planes,
    // reads PE 2's block over the NoC and stores a flag word into PE 2's SRAM.
    const C = 3, R = 5, X = 7, cols = 9;
    let wOff = -1; // where PE 2's region lies in its SRAM (known after load, as a mapper knows it)
    const tensor = Uint8Array.from({ length: C * R * X }, (_, i) => Math.floor(i / (R * X)) * 100 + Math.floor((i % (R * X)) / X) * 10 + (i % X));
    const gather = defineProgram({
      name: 'd.gather',
      attach: (sram) => ({ buf: sram.region('buf').offset, got: sram.region('got').offset, view: sram.bytes('buf'), gotView: sram.bytes('got') }),
      timer(s, ctx) {
        if (ctx.tick !== 0) return;
        ctx.dmaReadStrided('t', (1 * R + 1) * X, s.buf + 1, { rowBytes: X, rows: 3, srcStrideBytes: X, dstStrideBytes: cols, planes: 2, srcPlaneBytes: R * X, dstPlaneBytes: 3 * cols }, 1);
        ctx.dmaWriteStrided(s.buf + 1, 'out', 0, { rowBytes: X, rows: 3, srcStrideBytes: cols, dstStrideBytes: 2 * X, planes: 2, srcPlaneBytes: 3 * cols, dstPlaneBytes: X }, 2);
        ctx.dmaFromPe(2, wOff, s.got, 16, 3);
        ctx.storeToPe(2, wOff + 16, -5);
        ctx.raiseUser(2, 1);
      },
    });
    const holder = defineProgram({
      name: 'd.holder',
      attach: (sram) => ({ words: new Int32Array(sram.buffer, sram.region('w').offset, 8) }),
      user(s, ctx) { ctx.record('flag', s.words[4]); },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(gather).register(holder), { tickNs: 1e6, seed: 1 });
    sim.load({
      pes: [
        { chip, pe: 1, program: 'd.gather', regions: [{ name: 'buf', bytes: 2 * 3 * cols }, { name: 'got', bytes: 16 }] },
        { chip, pe: 2, program: 'd.holder', regions: [{ name: 'w', data: Int32Array.from({ length: 8 }, (_, i) => 1000 + i) }] },
      ],
      tables: [], dram: [{ chip, name: 't', data: tensor }, { chip, name: 'out', bytes: 6 * X }],
    });
    wOff = sim.sram(0, 0, 2).region('w').offset;
    sim.run(1);
    const buf = sim.readRegion(0, 0, 1, 'buf');
    for (let c = 0; c < 2; c++) for (let r = 0; r < 3; r++) for (let x = 0; x < cols; x++) {
      const expected = x === 0 || x === cols - 1 ? 0 : (c + 1) * 100 + (r + 1) * 10 + (x - 1);
      expect(buf[(c * 3 + r) * cols + x]).toBe(expected);
    }
    // out row r*2 + c is channel c's row r: planes interleave
    const out = sim.dram(0, 0, 'out');
    for (let c = 0; c < 2; c++) for (let r = 0; r < 3; r++) for (let x = 0; x < X; x++) expect(out[(r * 2 + c) * X + x]).toBe((c + 1) * 100 + (r + 1) * 10 + x);
    expect(Array.from(new Int32Array(sim.readRegion(0, 0, 1, 'got').slice().buffer))).toEqual([1000, 1001, 1002, 1003]);
    expect(Array.from(sim.recorder.channel('flag').values)).toEqual([-5]);
    const port = sim.dramPort(0, 0);
    expect([port.readBytes, port.writeBytes]).toEqual([6 * X, 6 * X]);
    expect(sim.provenance().pes[0].dmaBytes).toBe(6 * X * 2 + 16);
  });

  it('rejects a strided DMA that would leave its region, naming the PE and the sizes', () => {
    const bad = defineProgram({
      name: 'd.bad', attach: () => ({}),
      timer(_s, ctx) { ctx.dmaReadStrided('t', 0, 0, { rowBytes: 8, rows: 4, srcStrideBytes: 16, dstStrideBytes: 8 }); },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(bad), { tickNs: 1e6, seed: 1, continueOnFault: true });
    sim.load({ pes: [{ chip, pe: 1, program: 'd.bad', regions: [{ name: 'b', bytes: 64 }] }], tables: [], dram: [{ chip, name: 't', bytes: 32 }] });
    sim.run(1);
    expect(sim.faults[0].cause).toMatch(/chip\(0,0\)\.pe\(1\): strided DMA of 1 x 4 rows of 8 bytes .* leaves DRAM region 't' \(32 bytes\)/);
  });
});

describe('runUntilHalted', () => {
  it('stops in the tick where the watched PE halts, however many ticks were allowed', () => {
    const counter = defineProgram({
      name: 'd.counter', attach: () => ({}),
      timer(_s, ctx) { ctx.record('tick', ctx.tick); if (ctx.tick === 6) ctx.halt(); },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(counter), { tickNs: 1e5, seed: 1 });
    sim.load({ pes: [{ chip, pe: 4, program: 'd.counter', regions: [] }], tables: [] });
    const r = runUntilHalted(sim, { pes: [{ x: 0, y: 0, pe: 4 }], maxTicks: 1000 });
    expect(r).toEqual({ halted: true, ticks: 7 });
    expect(sim.ticksRun).toBe(7);
    const capped = new Simulation(machinePreset('chip'), new ProgramRegistry().register(counter), { tickNs: 1e5, seed: 1 });
    capped.load({ pes: [{ chip, pe: 4, program: 'd.counter', regions: [] }], tables: [] });
    expect(runUntilHalted(capped, { pes: [{ x: 0, y: 0, pe: 4 }], maxTicks: 3 })).toEqual({ halted: false, ticks: 3 });
  });
});

describe('macJob: the MAC array as a job beside the core', () => {
  it('frees the core during the job, queues jobs on the array, and signals each on the DMA-done line', () => {
    // a 4 x 64 by 64 x 32 int8 matmul: its cycles come from the hardware package's closed form
    const a = Int8Array.from({ length: 4 * 64 }, (_, i) => (i % 7) - 3), b = Int8Array.from({ length: 64 * 32 }, (_, i) => (i % 5) - 2);
    const jobCycles = matmulCycles(4, 64, 32, 'int8');
    const prog = defineProgram({
      name: 'd.mac', attach: () => ({ acc: new Int32Array(4 * 32) }),
      timer(s, ctx) {
        if (ctx.tick !== 0) return;
        ctx.record('due', ctx.macJob(1, (mac) => mac.matmulInt8(a, b, s.acc, 4, 64, 32)));
        ctx.record('due', ctx.macJob(2, (mac) => mac.matmulInt8(a, b, s.acc, 4, 64, 32, { accumulate: true })));
        ctx.record('coreFreeAt', ctx.timeNs);
      },
      dma(s, ctx, tag) { ctx.record('done', ctx.timeNs - ns(costs.packetInterruptCycles)); ctx.record('tag', tag); ctx.record('acc0', s.acc[0]); },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(prog), { tickNs: 1e6, seed: 1 });
    sim.load({ pes: [{ chip, pe: 1, program: 'd.mac', regions: [] }], tables: [] });
    sim.run(1);
    const first = ns(costs.timerInterruptCycles + costs.dmaSetupCycles);
    const core = ns(costs.timerInterruptCycles + 2 * costs.dmaSetupCycles);
    expect(sim.recorder.channel('coreFreeAt').values[0]).toBeCloseTo(core, 6); // the core paid only the two set-ups
    const done = Array.from(sim.recorder.channel('done').values);
    expect(done[0]).toBeCloseTo(first + ns(jobCycles), 6);
    expect(done[1]).toBeCloseTo(first + ns(2 * jobCycles), 6); // the second job waited for the first
    expect(Array.from(sim.recorder.channel('tag').values)).toEqual([1, 2]);
    let dot = 0;
    for (let k = 0; k < 64; k++) dot += a[k] * b[k * 32];
    expect(Array.from(sim.recorder.channel('acc0').values)).toEqual([2 * dot, 2 * dot]); // results are in place at once
    const p = sim.provenance().pes[0];
    expect(p.macs).toBe(2 * 4 * 64 * 32);
    expect(p.busyCycles).toBe(costs.timerInterruptCycles + 2 * costs.dmaSetupCycles + 2 * costs.packetInterruptCycles);
  });
});
