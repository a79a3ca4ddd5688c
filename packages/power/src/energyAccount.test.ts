import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { H19_PERFORMANCE_LEVELS as LV } from '@s2sim/hardware';
import { EnergyAccount } from './energyAccount';
import { energyModelPreset } from './energyModel';

const model = energyModelPreset('spinnaker2', { referenceVoltageV: 1.0, referenceFrequencyHz: 500e6 });
const tickNs = 1e6;

/** A second, plain implementation of one PE tick, written from the model's rules (HARDWARE.md). */
function referencePeTickJ(level: number, cycles: number, syn: number, macs: number, switched: boolean): number {
  const { voltageV: v, frequencyHz: f } = LV[level];
  const v2 = v * v; // reference voltage 1.0
  const vf = (v * f) / 500e6;
  let busy = cycles / f + (switched ? model.switchTimeNs * 1e-9 : 0);
  busy = Math.min(busy, tickNs * 1e-9);
  return (
    cycles * model.dynamicEnergyPerCycleJ * v2 + syn * model.synapticEventJ * v2 + macs * model.macJ * v2 +
    model.baselinePowerW * vf * busy + model.baselinePowerW * vf * model.sleepBaselineFraction * (tickNs * 1e-9 - busy) +
    (switched ? model.switchEnergyJ : 0)
  );
}

describe('energy account', () => {
  it('matches a plain reference per PE tick, including a level switch', () => {
    const a = new EnergyAccount({ model, levels: LV, tickNs, chips: 1, pesPerChip: 4 });
    expect(a.addPeTick(1, 2, { cycles: 10_000, synapticEvent: 100, mac: 6400 })).toBeCloseTo(referencePeTickJ(2, 10_000, 100, 6400, false), 18);
    a.endTick();
    expect(a.addPeTick(1, 0, { cycles: 300_000 })).toBeCloseTo(referencePeTickJ(0, 300_000, 0, 0, true), 18); // an overrun tick
    a.endTick();
    const r = a.report();
    expect(r.pes[0]).toMatchObject({ pe: 1, switches: 1, overrunTicks: 1, levelTicks: { PL1: 1, PL2: 0, PL3: 1 } });
  });

  it('conserves energy: parts, levels, PEs, chips, boards and the power trace all sum to the same total (property)', () => {
    const work = fc.record({ pe: fc.integer({ min: 0, max: 11 }), level: fc.integer({ min: 0, max: 2 }), cycles: fc.integer({ min: 0, max: 600_000 }), syn: fc.nat(5000), macs: fc.nat(100_000), dma: fc.nat(10_000), sent: fc.nat(100) });
    const tick = fc.record({ pes: fc.array(work, { maxLength: 8 }), hops: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(500), fc.nat(50)), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(tick, { minLength: 1, maxLength: 12 }), (ticks) => {
        const a = new EnergyAccount({ model, levels: LV, tickNs, chips: 3, pesPerChip: 4, boardOfChip: [0, 0, 1], peTrace: true });
        for (const t of ticks) {
          for (const w of t.pes) a.addPeTick(w.pe, w.level, { cycles: w.cycles, synapticEvent: w.syn, mac: w.macs, dmaByte: w.dma, packetSent: w.sent });
          for (const [chip, h, l] of t.hops) a.addRouterTick(chip, h, l);
          a.endTick();
        }
        const r = a.report();
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
        const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
        const routerJ = r.parts.routerHopsJ + r.parts.linkCrossingsJ;
        return (
          close(sum(Object.values(r.parts)), r.totalJ) &&
          close(r.pe.dynamicJ + r.pe.baselineJ + r.pe.switchingJ, r.pe.totalJ) &&
          close(sum(r.byLevel.map((l) => l.energyJ)), r.pe.totalJ) &&
          close(sum(r.pes.map((p) => p.energyJ)), r.pe.totalJ) &&
          close(sum(r.chips.map((c) => c.energyJ)), r.pe.totalJ + routerJ + r.parts.chipOverheadJ) &&
          close(sum(r.boards.map((b) => b.energyJ)), r.totalJ) &&
          close(sum(r.trace.totalW) * tickNs * 1e-9, r.totalJ) &&
          close(sum(r.trace.peW) * tickNs * 1e-9, r.pe.totalJ) &&
          r.trace.chipW.length === 3 * ticks.length && r.trace.boardW.length === 2 * ticks.length
        );
      }),
    );
  });

  it('counts chip and board overheads every tick, for every chip and board', () => {
    const a = new EnergyAccount({ model, levels: LV, tickNs, chips: 3, pesPerChip: 4, boardOfChip: [0, 1, 1] });
    for (let t = 0; t < 5; t++) a.endTick();
    const r = a.report();
    expect(r.parts.chipOverheadJ).toBeCloseTo(5 * 3 * model.chipOverheadW * 1e-3, 15);
    expect(r.parts.boardOverheadJ).toBeCloseTo(5 * 2 * model.boardOverheadW * 1e-3, 15);
    expect(r.boards[1].energyJ).toBeCloseTo(5 * (2 * model.chipOverheadW + model.boardOverheadW) * 1e-3, 15);
  });

  it('stops tracing at its limit and says at which tick, without losing totals', () => {
    const a = new EnergyAccount({ model, levels: LV, tickNs, chips: 1, pesPerChip: 4, maxTraceValues: 7 * 10 }); // per tick: total, PE, 1 chip, 1 board, 3 level counts
    for (let t = 0; t < 20; t++) {
      a.addPeTick(0, 0, { cycles: 1000 });
      a.endTick();
    }
    const r = a.report();
    expect(r.trace.truncatedAtTick).toBe(10);
    expect(r.trace.totalW).toHaveLength(10);
    expect(r.byLevel[0].peTicks).toBe(20);
  });

  it('reports energy per synaptic event and per MAC at the levels the PEs ran', () => {
    const a = new EnergyAccount({ model, levels: LV, tickNs, chips: 1, pesPerChip: 4 });
    a.addPeTick(0, 0, { cycles: 0, synapticEvent: 300, mac: 64 });
    a.addPeTick(1, 2, { cycles: 0, synapticEvent: 100 });
    const r = a.report();
    const perSyn = (l: number) => (12 * model.dynamicEnergyPerCycleJ + model.synapticEventJ) * LV[l].voltageV ** 2;
    expect(r.perOperation.synapticEvent.meanJ).toBeCloseTo((300 * perSyn(0) + 100 * perSyn(2)) / 400, 18);
    expect(r.perOperation.mac.meanJ).toBeCloseTo((model.dynamicEnergyPerCycleJ / 64 + model.macJ) * 0.49, 18);
    expect(r.perOperation.expLog.meanJ).toBeNull();
  });
});
