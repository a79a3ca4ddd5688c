import { describe, expect, it } from 'vitest';
import { machinePreset } from './presets';
import { performanceLevelPreset } from './performanceLevel';

describe('performance-level presets', () => {
  it('h19: three levels from 0.70 V/125 MHz to 1.0 V/500 MHz, each with a source', () => {
    const m = machinePreset('chip', { pe: { performanceLevels: 'h19' } });
    expect(m.pe.performanceLevels.map((l) => [l.voltageV, l.frequencyHz / 1e6])).toEqual([[0.7, 125], [0.85, 250], [1.0, 500]]);
    for (const l of m.pe.performanceLevels) expect(l.source).toMatch(/H19|assumption/);
    expect(m.pe.performanceLevels[1].source).toMatch(/assumption/);
  });

  it('spinnaker2 is the default, and a preset is a copy', () => {
    expect(machinePreset('chip').pe.performanceLevels).toEqual(machinePreset('chip', { pe: { performanceLevels: 'spinnaker2' } }).pe.performanceLevels);
    const a = performanceLevelPreset('h19');
    a[0].voltageV = 9;
    expect(performanceLevelPreset('h19')[0].voltageV).toBe(0.7);
  });

  it('rejects an unknown preset name and unordered levels', () => {
    expect(() => machinePreset('chip', { pe: { performanceLevels: 'h20' } })).toThrow();
    const hi = { name: 'hi', voltageV: 1, frequencyHz: 5e8, source: 'x' };
    const lo = { name: 'lo', voltageV: 0.7, frequencyHz: 1e8, source: 'x' };
    expect(() => machinePreset('chip', { pe: { performanceLevels: [hi, lo] } })).toThrow(/lowest first/);
  });
});
