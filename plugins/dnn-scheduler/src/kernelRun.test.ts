import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { InputError, runPlugin, runPluginAsync } from '@s2sim/actors';
import { dnnModelSchema, dnnPlugin, runDnn, type DnnModelInput } from './index';

const model: DnnModelInput = {
  network: {
    input: [8, 16, 16],
    layers: [
      { type: 'conv2d', name: 'c1', outChannels: 32, kernel: 3, pad: 1, relu: true },
      { type: 'maxpool', name: 'p1', kernel: 2 },
      { type: 'dense', name: 'fc', units: 40 },
    ],
  },
  input: { seed: 5, low: -1, high: 1 },
  chip: { workers: 24 },
};
const machine = machinePreset('chip');

describe('the DNN on the runtime kernel', () => {
  it('ends in the tick where the scheduler halts; the workers are left asleep; energy comes from the runtime account', () => {
    const tickNs = 20_000;
    const { result, sim } = runPlugin(dnnPlugin, dnnModelSchema.parse(model), { machine, ticks: 10_000, tickNs, seed: 1 });
    expect(result.schedulerState).toBe('done');
    expect(sim.peState(0, 0, 0)).toBe('halted');
    for (let pe = 1; pe <= 24; pe++) expect(sim.peState(0, 0, pe)).toBe('running.sleeping');
    // the scheduler halts at latencyNs: the run stops at the end of that tick, not at the 10,000 ticks allowed
    expect(sim.ticksRun).toBe(Math.floor(result.latencyNs / tickNs) + 1);
    const report = sim.energyReport();
    expect(result.energy.totalJ).toBe(report.totalJ);
    expect(result.energy.ticks).toBe(sim.ticksRun);
    expect(report.perOperation.mac.count).toBe(result.macs);
    expect(report.perOperation.dmaByte.count).toBe(result.dmaBytes);
    expect(result.energy.macJ).toBeGreaterThan(0);
    // the kernel charged its interrupts: one host start, then at least one command and one flag per tile
    expect(result.interrupts).toBeGreaterThan(2 * result.layers.reduce((s, l) => s + l.tiles, 0));
  });

  it('keeps the memory roofline with many workers: the DRAM port is shared, so a slower port means a longer run', () => {
    const fast = runDnn({ ...model, chip: { workers: 40 } }).result;
    const slow = runDnn({ ...model, chip: { workers: 40, dramBytesPerNs: 0.5 } }).result;
    expect(Array.from(slow.outputQ)).toEqual(Array.from(fast.outputQ));
    // (the mapper may tile differently for a slower port, so the byte counts may differ)
    const bytes = slow.dramReadBytes + slow.dramWriteBytes;
    // 40 PE engines at 2.4 GB/s each could move 96 GB/s; the port lets through 0.5 GB/s
    expect(slow.latencyNs).toBeGreaterThanOrEqual(bytes / 0.5);
    expect(slow.roofline.memoryNs).toBeCloseTo(bytes / 0.5, 6);
    expect(fast.latencyNs).toBeGreaterThanOrEqual(Math.max(fast.roofline.memoryNs, fast.roofline.computeNs));
    expect(fast.latencyNs).toBeLessThan(slow.latencyNs);
  });

  it('refuses to read results mapped for another performance level than the PEs ran at, or a run cut short', () => {
    const m = dnnModelSchema.parse({ ...model, chip: { workers: 24, performanceLevel: 0 } });
    expect(() => runPlugin(dnnPlugin, m, { machine, ticks: 100, tickNs: 1e5, seed: 1 })).toThrow(InputError);
    expect(() => runPlugin(dnnPlugin, dnnModelSchema.parse(model), { machine, ticks: 1, tickNs: 1000, seed: 1 })).toThrow(/had not finished after 1 ticks.*run\.ticks/s);
  });

  it('gives the same bits, latency, ticks and energy over two worker threads (a 144-chip triad, the DNN on chip 0)', async () => {
    const m = dnnModelSchema.parse({ ...model, chip: { workers: 8 } });
    const triad = machinePreset('triad');
    const one = runPlugin(dnnPlugin, m, { machine: triad, ticks: 100, tickNs: 1e5, seed: 1 });
    const two = await runPluginAsync(dnnPlugin, m, { machine: triad, ticks: 100, tickNs: 1e5, seed: 1, kernel: { threads: 2 } });
    expect(Array.from(two.result.outputQ)).toEqual(Array.from(one.result.outputQ));
    expect(two.result.latencyNs).toBe(one.result.latencyNs);
    expect(two.sim.ticksRun).toBe(one.sim.ticksRun);
    expect(two.result.energy.totalJ).toBe(one.result.energy.totalJ);
  }, 30_000);
});
