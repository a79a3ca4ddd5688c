import { describe, expect, it } from 'vitest';
import { machinePreset, type MachineSpec } from '@s2sim/hardware';
import { ENERGY_PARTS, energyModelPreset } from '@s2sim/power';
import { gossipModelSchema, gossipPlugin } from './examples/gossipPlugin';
import { PluginRegistry } from './pluginRegistry';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { defineProgram } from './program';
import { boardOfChips } from './energyLog';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(b), 1e-30));
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

function gossipRun(machine: MachineSpec, ticks: number) {
  const model = gossipModelSchema.parse({ pesPerChip: 3, sendProbability: 0.5, workCycles: 1500 });
  const mapping = gossipPlugin.map(model, { machine, tickNs: 1e6, ticks, seed: 0, baseDir: '.' });
  const sim = new Simulation(machine, new PluginRegistry().register(gossipPlugin).programs, { tickNs: 1e6, seed: 5 });
  sim.load(mapping.image);
  sim.run(ticks);
  return sim;
}

describe('the energy account through a kernel run', () => {
  it('splits the total into parts, PEs, chips and boards that add up, and charges what the kernel counted', () => {
    const machine = machinePreset('board48');
    const ticks = 12;
    const sim = gossipRun(machine, ticks);
    const r = sim.energyReport();
    const prov = sim.provenance();
    const model = energyModelPreset('spinnaker2');
    expect(r.model).toEqual(model);
    expect(r.ticks).toBe(ticks);
    close(sum(Object.values(r.parts)), r.totalJ);
    expect(Object.keys(r.parts)).toEqual(ENERGY_PARTS.map((p) => `${p}J`));
    // Boards hold everything; chips hold their PEs, routers, links and overhead; boards add their own overhead.
    close(sum(r.boards.map((b) => b.energyJ)), r.totalJ);
    close(sum(r.chips.map((c) => c.energyJ)) + model.boardOverheadW * 1e-3 * ticks, r.totalJ);
    const routerJ = r.parts.routerHopsJ + r.parts.linkCrossingsJ;
    close(sum(r.pes.map((p) => p.energyJ)) + routerJ + model.chipOverheadW * 1e-3 * ticks * machine.chips.length, sum(r.chips.map((c) => c.energyJ)));
    // Every loaded PE reported every tick.
    expect(r.pes.length).toBe(3 * machine.chips.length);
    expect(r.byLevel.reduce((s, l) => s + l.peTicks, 0)).toBe(3 * machine.chips.length * ticks);
    // What the kernel counted, against the provenance counters and the model's closed forms (one level: PL2, 0.6 V = reference).
    const packets = sum(prov.pes.map((p) => p.packetsSent));
    expect(packets).toBeGreaterThan(100);
    expect(r.perOperation.packetSent.count).toBe(packets);
    close(r.parts.pePacketSentJ, packets * model.packetSentJ);
    const busy = sum(prov.pes.map((p) => p.busyCycles));
    close(r.parts.peDynamicCyclesJ, busy * model.dynamicEnergyPerCycleJ);
    const hops = sum(prov.routers.map((x) => x.linkHops));
    expect(hops).toBeGreaterThan(50);
    close(r.parts.linkCrossingsJ, hops * model.linkCrossingJ);
    const localSends = sum(prov.routers.map((x) => x.localMulticast));
    close(r.parts.routerHopsJ, (localSends + hops) * model.routerHopJ);
    // No PE changed level (no DVFS policy), so no switching energy.
    expect(r.parts.peSwitchingJ).toBe(0);
  });

  it('gives an h19 machine the h19 energy model, and a SpiNNaker2 machine the spinnaker2 one', () => {
    const h19 = gossipRun(machinePreset('chip', { pe: { performanceLevels: 'h19' } }), 4).energyReport();
    expect(h19.model).toEqual(energyModelPreset('h19'));
    expect(h19.byLevel.map((l) => l.voltageV)).toEqual([0.7, 0.85, 1.0]);
    // Board and chip overheads are 0 in h19: the total is the PEs' energy and the router's.
    expect(h19.parts.routerHopsJ).toBeGreaterThan(0);
    close(h19.totalJ, h19.pe.totalJ + h19.parts.routerHopsJ + h19.parts.linkCrossingsJ);
    const s2 = gossipRun(machinePreset('chip'), 4).energyReport();
    expect(s2.model).toEqual(energyModelPreset('spinnaker2'));
  });

  it('counts operations a program charges with chargeOp, and charges their cycles', () => {
    const machine = machinePreset('chip');
    const program = defineProgram({
      name: 'test.ops',
      attach: () => null,
      timer(_s, ctx) {
        ctx.chargeOp('synapticEvent', 10);
        ctx.chargeOp('neuronUpdate');
        ctx.exp(1);
      },
    });
    const sim = new Simulation(machine, new ProgramRegistry().register(program), { tickNs: 1e6, seed: 1 });
    sim.load({ pes: [0, 1].map((pe) => ({ chip: { x: 0, y: 0 }, pe, program: 'test.ops', regions: [] })), tables: [] });
    sim.run(5);
    const r = sim.energyReport();
    expect(r.perOperation.synapticEvent.count).toBe(2 * 5 * 10);
    expect(r.perOperation.neuronUpdate.count).toBe(2 * 5);
    expect(r.perOperation.expLog.count).toBe(2 * 5);
    const c = machine.costs;
    const perTick = c.timerInterruptCycles + 10 * c.synapticEventCycles + c.neuronUpdateCycles + c.expLogCycles;
    expect(sim.provenance().pes[0].busyCycles).toBe(5 * perTick);
    expect(r.pes[0].busyCycles).toBe(5 * perTick);
    expect(() => {
      const bad = defineProgram({ name: 'test.badop', attach: () => null, timer: (_s, ctx) => ctx.chargeOp('spike' as never, 1) });
      const s = new Simulation(machine, new ProgramRegistry().register(bad), { tickNs: 1e6, seed: 1, continueOnFault: false });
      s.load({ pes: [{ chip: { x: 0, y: 0 }, pe: 0, program: 'test.badop', regions: [] }], tables: [] });
      s.run(1);
    }).toThrow(/no such operation/);
  });

  it('puts each chip of a triad on the board whose Ethernet chip it belongs to: three boards of 48', () => {
    const triad = machinePreset('triad');
    const boards = boardOfChips(triad);
    expect([0, 1, 2].map((b) => boards.filter((x) => x === b).length)).toEqual([48, 48, 48]);
    triad.boards.forEach((root, b) => expect(boards[triad.chips.findIndex((c) => c.x === root.x && c.y === root.y)]).toBe(b));
  });

  it('can be switched off (kernel option energyAccount: false): the same run, and a clear error for the report', () => {
    const machine = machinePreset('chip');
    const model = gossipModelSchema.parse({ pesPerChip: 2 });
    const mapping = gossipPlugin.map(model, { machine, tickNs: 1e6, ticks: 5, seed: 0, baseDir: '.' });
    const progs = new PluginRegistry().register(gossipPlugin).programs;
    const runWith = (energyAccount: boolean) => {
      const sim = new Simulation(machine, progs, { tickNs: 1e6, seed: 5, energyAccount });
      sim.load(mapping.image);
      sim.run(5);
      return sim;
    };
    const on = runWith(true), off = runWith(false);
    expect(off.energy()).toEqual(on.energy());
    expect(off.provenance()).toEqual(on.provenance());
    expect(() => off.energyReport()).toThrow(/energyAccount: false/);
  });
});
