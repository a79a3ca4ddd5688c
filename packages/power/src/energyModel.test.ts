import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costModelSchema, DEFAULT_PERFORMANCE_LEVELS, performanceLevelPreset } from '@s2sim/hardware';
import { defaultEnergyModel, defaultEnergyModelFor, dynamicEnergyJ, energyModelPreset, peTickEnergyJ, baselinePowerW } from './energyModel';
import { EnergyMeter } from './energyMeter';
import { operationEnergyJ } from './operations';

const lo = { name: 'lo', voltageV: 0.7, frequencyHz: 125e6, source: 'test' };
const hi = { name: 'hi', voltageV: 1.0, frequencyHz: 500e6, source: 'test' };

describe('energy model', () => {
  const m = { ...defaultEnergyModel(), referenceVoltageV: 1.0, referenceFrequencyHz: 500e6 };

  it('dynamic energy per cycle scales with V squared', () => {
    expect(dynamicEnergyJ(m, lo, 1000) / dynamicEnergyJ(m, hi, 1000)).toBeCloseTo(0.49, 10);
  });

  it('baseline power scales with V x f, and sleeping costs less', () => {
    expect(baselinePowerW(m, lo, false) / baselinePowerW(m, hi, false)).toBeCloseTo((0.7 * 125) / (1.0 * 500), 12);
    expect(baselinePowerW(m, hi, true)).toBeLessThan(baselinePowerW(m, hi, false));
  });

  it('a PE tick costs more at a higher voltage or a higher clock, for the same work (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.4, max: 1.2, noNaN: true }), fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.double({ min: 50e6, max: 600e6, noNaN: true }), fc.double({ min: 1.01, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 40_000 }),
        (v, dv, f, kf, cycles) => {
          const tickNs = 1e5; // 40,000 cycles fit in a tick at 400 MHz and up; below, the tick saturates (overrun)
          const a = { name: 'a', voltageV: v, frequencyHz: f, source: 't' };
          const hv = peTickEnergyJ(m, { ...a, voltageV: v + dv }, cycles, tickNs).total;
          const hf = peTickEnergyJ(m, { ...a, frequencyHz: f * kf }, cycles, tickNs).total;
          const base = peTickEnergyJ(m, a, cycles, tickNs).total;
          return hv > base && hf > base;
        },
      ),
    );
  });

  it('energy per operation: its cycles times energy per cycle plus its own energy, scaled by V squared', () => {
    const costs = costModelSchema.parse({});
    const h19 = energyModelPreset('h19');
    expect(operationEnergyJ(h19, costs, hi, 'synapticEvent')).toBeCloseTo(12 * 20e-12, 18);
    expect(operationEnergyJ(h19, costs, lo, 'mac')).toBeCloseTo((20e-12 / 64 + 0.2e-12) * 0.49, 18);
  });

  it('presets are validated and keep their documented values', () => {
    expect(energyModelPreset('h19').referenceVoltageV).toBe(1.0);
    expect(() => energyModelPreset('h19', { baselinePowerW: -1 })).toThrow();
    expect(() => energyModelPreset('h19', { nope: 1 } as never)).toThrow();
    expect(defaultEnergyModelFor(performanceLevelPreset('h19'))).toEqual(energyModelPreset('h19'));
    expect(defaultEnergyModelFor(DEFAULT_PERFORMANCE_LEVELS)).toEqual(defaultEnergyModel());
  });

  it('parts of a tick sum to its total, and the meter conserves energy', () => {
    const meter = new EnergyMeter(m, 1e6);
    let sum = 0;
    for (const [lvl, c] of [[lo, 1000], [hi, 50_000], [hi, 0]] as const) {
      const e = peTickEnergyJ(m, lvl, c, 1e6);
      expect(e.dynamic + e.baseline).toBeCloseTo(e.total, 18);
      expect(e.baselineActive + e.baselineSleep).toBeCloseTo(e.baseline, 18);
      sum += meter.addPeTick(lvl, c);
    }
    const s = meter.summary();
    expect(s.dynamicJ + s.baselineJ).toBeCloseTo(s.totalJ, 18);
    expect(s.totalJ).toBeCloseTo(sum, 18);
    expect(s.byLevel.lo + s.byLevel.hi).toBeCloseTo(s.totalJ, 18);
    expect(s.ticksByLevel).toEqual({ lo: 1, hi: 2 });
  });
});
