import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { gossipModelSchema, gossipPlugin } from './examples/gossipPlugin';
import { PluginRegistry } from './pluginRegistry';
import { Simulation } from './simulation';
import { closeWorkerPools } from './parallelRunner';

const machine = machinePreset('board48');
const model = gossipModelSchema.parse({ pesPerChip: 2, sendProbability: 0.5, workCycles: 150_000 });
const mapping = gossipPlugin.map(model, { machine, tickNs: 1e6, ticks: 0, seed: 0, baseDir: '.' });
const programs = new PluginRegistry().register(gossipPlugin).programs;
const dir = mkdtempSync(join(tmpdir(), 's2sim-ckpt-'));

afterAll(() => closeWorkerPools());

function state(sim: Simulation) {
  const rx = sim.recorder.channel('example.rx');
  return {
    ticksRun: sim.ticksRun, rx: [Array.from(rx.ticks), Array.from(rx.pes), Array.from(rx.values)], provenance: sim.provenance(), energy: sim.energy(), energyReport: sim.energyReport(),
    sram: mapping.image.pes.map((p) => Array.from(sim.readRegion(p.chip.x, p.chip.y, p.pe, 'stats'))),
  };
}

describe('checkpoints', () => {
  it('resuming from a checkpoint gives the bits of an uninterrupted run, packets in flight and PRNG included', async () => {
    // The handlers are long (150,000 cycles at 300 MHz = 0.5 ms) so that events are still pending at the tick boundary.
    const whole = new Simulation(machine, programs, { tickNs: 1e6, seed: 5 });
    whole.load(mapping.image);
    whole.run(30);

    const first = new Simulation(machine, programs, { tickNs: 1e6, seed: 5 });
    first.load(mapping.image);
    first.run(13);
    const file = join(dir, 'at13.ckpt');
    first.checkpoint(file);
    expect(readdirSync(dir)).toEqual(['at13.ckpt']); // written under a temporary name, then renamed
    const resumed = Simulation.restore(file, programs);
    expect(resumed.ticksRun).toBe(13);
    resumed.run(17);
    expect(state(resumed)).toEqual(state(whole));

    // And resumed over two worker threads.
    const parallel = Simulation.restore(file, programs, { threads: 2, programModules: [gossipPlugin.module!] });
    await parallel.runAsync(17);
    expect(state(parallel)).toEqual(state(whole));
  }, 60_000);

  it('refuses a file that is not a checkpoint, naming it', () => {
    const bad = join(dir, 'bad.ckpt');
    writeFileSync(bad, 'hello world, not a checkpoint');
    expect(() => Simulation.restore(bad, programs)).toThrow(/bad\.ckpt: not an s2sim checkpoint/);
  });
});
