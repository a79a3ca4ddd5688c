import { afterAll, describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { gossipModelSchema, gossipPlugin } from './examples/gossipPlugin';
import { exitProgram, throwProgram } from './testing/crashPrograms';
import { PeFaultError, WorkerFailedError } from './faultError';
import { PluginRegistry } from './pluginRegistry';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { closeWorkerPools } from './parallelRunner';
import type { CounterBatch, SpikeBatch } from './observation';

const machine = machinePreset('board48');
const model = gossipModelSchema.parse({ pesPerChip: 3, sendProbability: 0.4, workCycles: 2000 });
const mapping = gossipPlugin.map(model, { machine, tickNs: 1e6, ticks: 0, seed: 0, baseDir: '.' });
const programs = new PluginRegistry().register(gossipPlugin).programs;

afterAll(() => closeWorkerPools());

/** Everything a run produces, as plain data: recordings, per-PE and router counters, energy, SRAM read back. */
function fingerprint(sim: Simulation) {
  const rx = sim.recorder.channel('example.rx');
  return {
    ticksRun: sim.ticksRun,
    rx: [Array.from(rx.ticks), Array.from(rx.pes), Array.from(rx.values)],
    provenance: sim.provenance(),
    energy: sim.energy(),
    // The energy account's whole report: per PE, chip, board, level and operation, parts and power traces.
    energyReport: sim.energyReport(),
    results: gossipPlugin.results(sim, mapping, model),
  };
}

async function run(threads: number, ticks = 24, extra: { windowTicks?: number; minDelayTicks?: number } = {}) {
  const sim = new Simulation(machine, programs, { tickNs: 1e6, seed: 11, threads, programModules: [gossipPlugin.module!], ...extra });
  sim.load(mapping.image);
  const counters: CounterBatch[] = [];
  const spikes: SpikeBatch[] = [];
  const obs = sim.observe(6);
  obs.counters$.subscribe((b) => counters.push(b));
  obs.spikes$.subscribe((b) => spikes.push(b));
  // Two runs back to back: a host loop does this, and state must carry over between them.
  await sim.runAsync(ticks / 2);
  await sim.runAsync(ticks / 2);
  return { sim, print: fingerprint(sim), counters, spikes };
}

describe('parallel partitions', () => {
  it('give bit-identical spikes, counters and energy at 1, 2 and 3 threads, with traffic between partitions', async () => {
    const one = await run(1);
    // The scenario is not trivial: packets crossed chips, and so partitions at 2 and 3 threads.
    const routers = one.print.provenance.routers;
    expect(routers.reduce((s, r) => s + r.remoteDelivered, 0)).toBeGreaterThan(500);
    expect(one.print.rx[0].length).toBeGreaterThan(1000);
    for (const threads of [2, 3]) {
      const many = await run(threads);
      expect(many.print).toEqual(one.print);
      expect(many.print.energy.totalJ).toBe(one.print.energy.totalJ); // toEqual on numbers is already exact; said twice for the reader
      expect(many.counters).toEqual(one.counters);
      expect(many.spikes).toEqual(one.spikes);
    }
    const again = await run(2);
    expect(again.print).toEqual(one.print);
  }, 120_000);

  it('do not depend on the window length when the plugin declares a minimum delay', async () => {
    const base = await run(1, 24, { minDelayTicks: 3, windowTicks: 1 });
    const long = await run(2, 24, { minDelayTicks: 3, windowTicks: 3 });
    expect(long.print).toEqual(base.print);
    expect(() => new Simulation(machine, programs, { tickNs: 1e6, seed: 1, windowTicks: 2 })).toThrow(/exceeds minDelayTicks/);
  }, 60_000);

  it('observers see batches every n ticks', async () => {
    const one = await run(1);
    expect(one.counters.map((b) => b.tick)).toEqual([5, 11, 17, 23]);
    // The counters batch agrees with the provenance read at the end.
    const last = one.counters[3];
    const prov = one.print.provenance.pes;
    expect(Array.from(last.packetsReceived)).toEqual(prov.map((p) => p.packetsReceived));
    const sentInTick = one.spikes[3].pes.length;
    expect(sentInTick).toBeGreaterThan(0);
  }, 60_000);
});

describe('faults over threads', () => {
  const crashRegistry = new ProgramRegistry().register(exitProgram).register(throwProgram);
  const crashModule = new URL('./testing/crashPrograms.ts', import.meta.url).href;
  const image = (program: string) => ({
    pes: machine.chips.flatMap((c) => [0, 1].map((pe) => ({ chip: c, pe, program, regions: [{ name: 'n', bytes: 4 }] }))),
    tables: [],
  });

  it('a handler exception faults the PE and stops the run with the same report at 1 and 2 threads', async () => {
    const reports = [];
    for (const threads of [1, 2]) {
      const sim = new Simulation(machine, crashRegistry, { tickNs: 1e6, seed: 1, threads, programModules: [crashModule] });
      sim.load(image('test.throw'));
      const err = await sim.runAsync(20).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(PeFaultError);
      expect((err as PeFaultError).fault).toMatchObject({ pe: 'chip(2,1).pe(1)', program: 'test.throw', interrupt: 'timer', tick: 4, cause: 'index out of range' });
      expect(sim.ticksRun).toBe(5);
      reports.push(sim.provenance());
    }
    expect(reports[1]).toEqual(reports[0]);
  }, 60_000);

  it('a dying worker fails the run cleanly: a clear error, and the half-run state refuses to be read', async () => {
    const sim = new Simulation(machine, crashRegistry, { tickNs: 1e6, seed: 1, threads: 2, programModules: [crashModule] });
    sim.load(image('test.exit'));
    const err = await sim.runAsync(20).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailedError);
    expect((err as Error).message).toMatch(/worker thread of partition 1 failed: .*no results were produced/);
    expect(() => sim.provenance()).toThrow(WorkerFailedError);
    expect(() => sim.readRegion(0, 0, 0, 'n')).toThrow(WorkerFailedError);
    // The pool recovers: the next simulation runs.
    const ok = new Simulation(machine, crashRegistry, { tickNs: 1e6, seed: 1, threads: 2, programModules: [crashModule] });
    ok.load(image('test.throw'));
    await expect(ok.runAsync(3)).resolves.toBeUndefined();
  }, 60_000);
});
