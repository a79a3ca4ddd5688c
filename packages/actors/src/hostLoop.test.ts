import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { batchImages } from './batchImages';
import type { MachineImage } from './machineImage';
import { payloadToFloat } from './payload';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';

const N = 16;
const f32 = (sram: import('@s2sim/hardware').Sram, name: string) => new Float32Array(sram.buffer, sram.region(name).offset, sram.region(name).bytes / 4);

// A one-layer readout, as a learning plugin would run it: each tick the PE computes y = w . x in float32 over the
// sample the host wrote into SRAM, multicasts y as a float payload, and takes one gradient step w += lr (t - y) x.
const dot = defineProgram({
  name: 'h.dot',
  attach: (sram) => ({ x: f32(sram, 'x'), w: f32(sram, 'w'), target: f32(sram, 'target'), key: new Uint32Array(sram.buffer, sram.region('key').offset, 1) }),
  timer(s, ctx) {
    let y = 0;
    for (let i = 0; i < N; i++) y = Math.fround(y + Math.fround(s.w[i] * s.x[i]));
    ctx.charge(N * 4);
    ctx.sendMulticastFloat(s.key[0], y);
    const err = Math.fround(s.target[0] - y);
    for (let i = 0; i < N; i++) s.w[i] = Math.fround(s.w[i] + Math.fround(Math.fround(0.05 * err) * s.x[i]));
  },
});
// Collects every copy's output: out[copy] = y of the latest tick.
const collect = defineProgram({
  name: 'h.collect',
  attach: (sram) => f32(sram, 'out'),
  packet(out, _ctx, key, payload) {
    out[key & 0xff] = payloadToFloat(payload);
  },
});

function copyImage(copy: number, w0: Float32Array): MachineImage {
  const chip = machinePreset('board48').chips[copy + 1];
  return {
    pes: [{ chip, pe: 3, program: 'h.dot', regions: [{ name: 'x', bytes: N * 4 }, { name: 'w', data: w0.slice() }, { name: 'target', bytes: 4 }, { name: 'key', data: Uint32Array.of(0x100 + copy) }] }],
    tables: [{ chip, entries: [{ key: 0x100 + copy, mask: 0xffffffff, route: { links: [5] } }] }], // south, towards chip (x, y-1)
  };
}

/** The same computation in the test: the reference the simulated PEs must match bit for bit. */
function reference(samples: Float32Array[], targets: number[], w0: Float32Array, w = w0.slice()): number[] {
  return samples.map((x, k) => {
    let y = 0;
    for (let i = 0; i < N; i++) y = Math.fround(y + Math.fround(w[i] * x[i]));
    const err = Math.fround(Math.fround(targets[k]) - y);
    for (let i = 0; i < N; i++) w[i] = Math.fround(w[i] + Math.fround(Math.fround(0.05 * err) * x[i]));
    return y;
  });
}

describe('host loop and batch-parallel copies', () => {
  const machine = machinePreset('board48');
  const w0 = Float32Array.from({ length: N }, (_, i) => Math.sin(i) / 4);
  const sample = (copy: number, k: number) => Float32Array.from({ length: N }, (_, i) => Math.cos(i * (k + 1) + copy));
  const target = (copy: number, k: number) => (k % 2 ? 0.5 : -0.25) + copy / 10;

  it('streams samples in and reads outputs and weights out between runs, without rebuilding the machine', () => {
    const copies = 3;
    // Copies on chips 1..3 (all with x = 0); their outputs go south to a collector on chip(0,0).
    const image = batchImages(Array.from({ length: copies }, (_, c) => copyImage(c, w0)));
    image.pes.push({ chip: { x: 0, y: 0 }, pe: 0, program: 'h.collect', regions: [{ name: 'out', bytes: 4 * copies }] });
    image.tables.push({ chip: { x: 0, y: 0 }, entries: [{ key: 0x100, mask: 0xffffff00, route: { pes: [0] } }] });
    // Chips between a copy and the collector have no entry for its key: default routing carries the packet straight on.
    const sim = new Simulation(machine, new ProgramRegistry().register(dot).register(collect), { tickNs: 1e6, seed: 1 });
    sim.load(image);
    const samples = 6;
    const seen: number[][] = Array.from({ length: copies }, () => []);
    for (let k = 0; k < samples; k++) {
      for (let c = 0; c < copies; c++) {
        const chip = machine.chips[c + 1];
        sim.writeRegion(chip.x, chip.y, 3, 'x', sample(c, k));
        sim.writeRegion(chip.x, chip.y, 3, 'target', Float32Array.of(target(c, k)));
      }
      // Two ticks per sample: each takes a step; the first tick's output reaches chip(0,0) in the second tick (packets
      // cross chips at the next window), the second's only in the next run, after the host has read `out`.
      sim.run(2);
      const out = new Float32Array(sim.readRegion(0, 0, 0, 'out').slice().buffer);
      for (let c = 0; c < copies; c++) seen[c].push(out[c]);
    }
    for (let c = 0; c < copies; c++) {
      // Each sample was seen by two ticks (two steps); the host read the output of the first.
      const doubled = Array.from({ length: samples }, (_, k) => [sample(c, k), sample(c, k)]).flat();
      const ys = reference(doubled, Array.from({ length: samples }, (_, k) => [target(c, k), target(c, k)]).flat(), w0);
      expect(seen[c]).toEqual(ys.filter((_, i) => i % 2 === 0));
    }
    // Weights read back ("gradients out") equal the reference's final weights.
    const chip = machine.chips[1];
    const w = new Float32Array(sim.readRegion(chip.x, chip.y, 3, 'w').slice().buffer);
    const wRef = w0.slice();
    reference(Array.from({ length: samples }, (_, k) => [sample(0, k), sample(0, k)]).flat(), Array.from({ length: samples }, (_, k) => [target(0, k), target(0, k)]).flat(), w0, wRef);
    expect(Array.from(w)).toEqual(Array.from(wRef));
    expect(w[0]).not.toBe(w0[0]);
    expect(sim.ticksRun).toBe(2 * samples);
  });

  it('refuses batch copies that share a PE or overlapping keys', () => {
    expect(() => batchImages([copyImage(0, w0), copyImage(0, w0)])).toThrow(/both use chip\(0,1\)\.pe\(3\)/);
    const a = copyImage(0, w0), b = copyImage(1, w0);
    b.tables.push({ chip: a.tables[0].chip, entries: [{ key: 0x100, mask: 0xffffff00, route: {} }] });
    expect(() => batchImages([a, b])).toThrow(/overlapping keys on chip\(0,1\)/);
  });
});
