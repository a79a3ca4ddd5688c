import { describe, expect, it } from 'vitest';
import { defaultEnergyModel, dynamicEnergyJ, peTickEnergyJ, baselinePowerW } from './energyModel';
import { EnergyMeter } from './energyMeter';

const lo = { name: 'lo', voltageV: 0.7, frequencyHz: 125e6, source: 'test' };
const hi = { name: 'hi', voltageV: 1.0, frequencyHz: 500e6, source: 'test' };

describe('energy model', () => {
  const m = { ...defaultEnergyModel(), referenceVoltageV: 1.0, referenceFrequencyHz: 500e6 };

  it('dynamic energy per cycle scales with V squared', () => {
    expect(dynamicEnergyJ(m, lo, 1000) / dynamicEnergyJ(m, hi, 1000)).toBeCloseTo(0.49, 10);
  });

  it('baseline power grows with V and f, and sleeping costs less', () => {
    expect(baselinePowerW(m, lo, false)).toBeLessThan(baselinePowerW(m, hi, false));
    expect(baselinePowerW(m, hi, true)).toBeLessThan(baselinePowerW(m, hi, false));
  });

  it('parts of a tick sum to its total, and the meter conserves energy', () => {
    const meter = new EnergyMeter(m, 1e6);
    let sum = 0;
    for (const [lvl, c] of [[lo, 1000], [hi, 50_000], [hi, 0]] as const) {
      const e = peTickEnergyJ(m, lvl, c, 1e6);
      expect(e.dynamic + e.baseline).toBeCloseTo(e.total, 18);
      sum += meter.addPeTick(lvl, c);
    }
    const s = meter.summary();
    expect(s.dynamicJ + s.baselineJ).toBeCloseTo(s.totalJ, 18);
    expect(s.totalJ).toBeCloseTo(sum, 18);
    expect(s.byLevel.lo + s.byLevel.hi).toBeCloseTo(s.totalJ, 18);
  });
});
