import { describe, expect, it } from 'vitest';
import { H19_PERFORMANCE_LEVELS as LV } from '@s2sim/hardware';
import { EnergyAccount } from './energyAccount';
import { energyModelPreset } from './energyModel';
import { powerTrace, powerTraceFromCumulative } from './powerTrace';
import { renderPowerPlot } from './powerPlot';

/** 2 chips on one board, 10 ticks: PE 0 at PL1, PE 5 (chip 1) at PL3 in odd ticks. */
function account() {
  const a = new EnergyAccount({ model: energyModelPreset('h19', { chipOverheadW: 0.1, boardOverheadW: 1 }), levels: LV, tickNs: 1e6, chips: 2, pesPerChip: 4 });
  for (let t = 0; t < 10; t++) {
    a.addPeTick(0, 0, { cycles: 10_000 });
    if (t % 2) a.addPeTick(5, 2, { cycles: 100_000 });
    a.endTick();
  }
  return a;
}

describe('power trace and plot', () => {
  it('bucket means keep energy: sum of W x point time equals the total', () => {
    const r = account().report();
    for (const maxPoints of [10, 5, 3]) {
      const tr = powerTrace(r, { maxPoints });
      const k = tr.ticksPerPoint;
      const ticksIn = tr.timeMs.map((_, i) => Math.min(k, 10 - i * k));
      const energy = tr.totalW.reduce((s, w, i) => s + w * ticksIn[i] * 1e-3, 0);
      expect(energy).toBeCloseTo(r.totalJ, 15);
      expect(tr.timeMs.length).toBeLessThanOrEqual(maxPoints);
    }
    const full = powerTrace(r);
    expect(full.levels.map((l) => l.pes.slice(0, 2))).toEqual([[1, 1], [0, 0], [0, 1]]);
    expect(full.chips[1].W[0]).toBeCloseTo(0.1, 12); // chip 1 idle in tick 0: its overhead only
  });

  it('renders to an SVG and a PNG headless', async () => {
    const p = await renderPowerPlot(powerTrace(account().report()), 'test run');
    expect(p.svg.startsWith('<svg')).toBe(true);
    expect(p.svg).toContain('power (W)');
    expect(Array.from(p.png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(JSON.stringify(p.spec)).toContain('PEs at level');
  }, 30_000);

  it('a trace from cumulative energy samples: mean power between samples', async () => {
    const tr = powerTraceFromCumulative(1e6, [{ tick: 1, totalJ: 2e-3 }, { tick: 3, totalJ: 6e-3 }, { tick: 5, totalJ: 7e-3 }], 'test');
    expect(tr.timeMs).toEqual([0, 2, 4]);
    expect(tr.totalW.map((w) => +w.toFixed(12))).toEqual([1, 2, 0.5]);
    expect(() => powerTraceFromCumulative(1e6, [{ tick: 2, totalJ: 0 }, { tick: 2, totalJ: 1 }], 'x')).toThrow(/increasing/);
    const p = await renderPowerPlot(tr);
    expect(p.svg.startsWith('<svg')).toBe(true);
  }, 30_000);
});
