import { describe, expect, it } from 'vitest';
import { H19_PERFORMANCE_LEVELS as LV } from '@s2sim/hardware';
import { fixedLevelPolicy, type WorkloadSample } from './dvfsPolicy';
import { workloadDrivenPolicy } from './workloadDrivenPolicy';
import { DvfsPolicyError, DvfsPolicyRegistry, dvfsPolicyFromSpec } from './dvfsPolicyRegistry';

const tickNs = 1e6; // 1 ms: 125,000 / 250,000 / 500,000 cycles at PL1 / PL2 / PL3
const s = (peIndex: number, lastTickCycles: number, lastTickPackets: number, estimatedCycles?: number): WorkloadSample => ({ peIndex, lastTickCycles, lastTickPackets, estimatedCycles });

/** The lowest level whose cycles in (tick - switch) x (1 - margin) hold the work: written out from H19's rule. */
function lowestFitting(cycles: number, current: number, margin = 0.1, switchNs = 100): number {
  const budgets = LV.map((l, i) => (l.frequencyHz * (tickNs - (i === current ? 0 : switchNs)) * (1 - margin)) / 1e9);
  const i = budgets.findIndex((b) => cycles <= b);
  return i < 0 ? LV.length - 1 : i;
}

describe('DVFS policies', () => {
  it('fixed: the top level by default, or the level given', () => {
    expect(fixedLevelPolicy().chooseLevel(s(0, 1e9, 0), LV, tickNs, 0)).toBe(2);
    expect(fixedLevelPolicy(0).chooseLevel(s(0, 1e9, 0), LV, tickNs, 2)).toBe(0);
    expect(() => fixedLevelPolicy(3).chooseLevel(s(0, 0, 0), LV, tickNs, 0)).toThrow(/does not exist/);
  });

  it('workload-driven with a program estimate: the lowest level that finishes it, switching time and margin included', () => {
    const p = workloadDrivenPolicy();
    for (const cycles of [0, 50_000, 112_000, 112_488, 112_490, 200_000, 224_977, 225_000, 449_955, 449_956, 600_000])
      for (const current of [0, 1, 2]) expect(p.chooseLevel(s(3, 0, 0, cycles), LV, tickNs, current)).toBe(lowestFitting(cycles, current));
  });

  it('workload-driven with given costs: predicts base + packets x cycles per packet (H19: from the spikes received)', () => {
    const p = workloadDrivenPolicy({ baseCycles: 5000, cyclesPerPacket: 1000 });
    expect(p.chooseLevel(s(0, 0, 100), LV, tickNs, 0)).toBe(0); // 105,000 cycles
    expect(p.chooseLevel(s(0, 0, 150), LV, tickNs, 0)).toBe(1); // 155,000
    expect(p.chooseLevel(s(0, 0, 400), LV, tickNs, 0)).toBe(2); // 405,000
    expect(p.chooseLevel(s(0, 0, 1000), LV, tickNs, 0)).toBe(2); // does not fit anywhere: the top level
  });

  it('workload-driven learning (deferred processing): top level until the cost of a packet is known, then exact', () => {
    const p = workloadDrivenPolicy();
    // A PE whose tick costs 5,000 cycles plus 1,000 per packet processed; packets are processed a tick after arrival.
    const arrivals = [0, 0, 0, 120, 0, 0, 120, 0, 180, 0, 0, 10];
    const levels: number[] = [];
    let cur = 2;
    for (let t = 0; t < arrivals.length; t++) {
      const lastCycles = t === 0 ? 0 : 5000 + 1000 * (t >= 2 ? arrivals[t - 2] : 0);
      cur = p.chooseLevel(s(7, lastCycles, t === 0 ? 0 : arrivals[t - 1]), LV, tickNs, cur);
      levels.push(cur);
      // The level must hold the work really done in this tick: 5,000 + 1,000 x packets received last tick.
      const work = 5000 + 1000 * (t >= 1 ? arrivals[t - 1] : 0);
      expect(work).toBeLessThanOrEqual((LV[cur].frequencyHz * tickNs) / 1e9);
    }
    expect(levels[0]).toBe(2); // nothing known yet
    expect(levels[4]).toBe(2); // first packets: their cost is not known yet
    expect(levels[7]).toBe(lowestFitting(125_000, levels[6])); // learnt: 5,000 + 120 x 1,000
    expect(levels[9]).toBe(lowestFitting(185_000, levels[8]));
    expect(levels[10]).toBe(0);
  });

  it('learns from ticks that always hold packets, and forgets a heavy start-up transient', () => {
    const p = workloadDrivenPolicy();
    const T = 300;
    // Background of 1 to 3 packets every tick, a burst of 100 every 10 ticks, and 150,000 extra cycles in ticks 0-4.
    const arrivals = Array.from({ length: T }, (_, t) => (t % 10 === 3 ? 100 : 1 + (t % 3)));
    const work = (t: number) => 5000 + 1000 * (t >= 1 ? arrivals[t - 1] : 0) + (t < 5 ? 150_000 : 0);
    let cur = 2;
    let overruns = 0;
    const late: number[] = [];
    for (let t = 0; t < T; t++) {
      cur = p.chooseLevel(s(2, t === 0 ? 0 : work(t - 1), t === 0 ? 0 : arrivals[t - 1]), LV, tickNs, cur);
      if (work(t) > (LV[cur].frequencyHz * tickNs) / 1e9) overruns++;
      if (t >= 200) late.push(cur);
    }
    expect(overruns).toBe(0);
    // After the transient is forgotten: background ticks (<= 8,000 cycles) at PL1, bursts (105,000) fit PL1 with the margin.
    expect(late.every((l) => l === 0)).toBe(true);
  });

  it('keeps separate state per PE', () => {
    const p = workloadDrivenPolicy({ processing: 'immediate' });
    p.chooseLevel(s(0, 0, 0), LV, tickNs, 2);
    p.chooseLevel(s(1, 0, 0), LV, tickNs, 2);
    expect(p.chooseLevel(s(0, 5000, 0), LV, tickNs, 2)).toBe(0);
    expect(p.chooseLevel(s(1, 400_000, 0), LV, tickNs, 2)).toBe(2);
  });

  it('registry: built-in policies by name, plugin policies added per run, clear errors naming the field', () => {
    const r = new DvfsPolicyRegistry();
    expect(r.create({ policy: 'fixed', level: 'PL2' }, LV).chooseLevel(s(0, 0, 0), LV, tickNs, 0)).toBe(1);
    expect(r.create({ policy: 'workload', marginFraction: 0 }, LV).name).toBe('workload-driven');
    r.register('always-low', () => fixedLevelPolicy(0));
    expect(r.create({ policy: 'always-low' }, LV).chooseLevel(s(0, 0, 0), LV, tickNs, 2)).toBe(0);
    expect(() => r.create({ policy: 'fastest' }, LV)).toThrow(/dvfs.policy: unknown policy 'fastest' \(policies: fixed, workload, always-low\)/);
    expect(() => r.create({ policy: 'fixed', level: 'PL9' }, LV)).toThrow(DvfsPolicyError);
    expect(() => r.create({ policy: 'workload', marginFraction: 2 }, LV)).toThrow(/dvfs \(workload\): marginFraction/);
    expect(() => r.register('fixed', () => fixedLevelPolicy())).toThrow(/already registered/);
  });

  it('policies from a scenario spec, for the kernel and its worker threads', () => {
    const fixed = dvfsPolicyFromSpec({ policy: 'fixed', level: 'PL2' });
    expect(fixed.chooseLevel(s(0, 0, 0), LV, tickNs, 0)).toBe(1);
    expect(fixed.name).toBe('fixed(1)');
    expect(dvfsPolicyFromSpec({ policy: 'workload' }).chooseLevel(s(0, 0, 0, 1000), LV, tickNs, 2)).toBe(0);
    expect(() => dvfsPolicyFromSpec({ policy: 'workload', memoryTicks: 0 })).toThrow(/memoryTicks/);
    expect(() => dvfsPolicyFromSpec({ policy: 'fixed', level: 'PL7' }).chooseLevel(s(0, 0, 0), LV, tickNs, 0)).toThrow(/dvfs.level: no performance level "PL7"/);
    expect(() => dvfsPolicyFromSpec({ level: 1 })).toThrow(/dvfs: policy/);
  });
});
