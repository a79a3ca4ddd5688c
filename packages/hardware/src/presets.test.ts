import { describe, expect, it } from 'vitest';
import { machinePreset } from './presets';
import { QPE_COORDS, qpeLabel } from './peId';

describe('machine presets', () => {
  it('chip: one chip of 152 PEs with 128 KiB each and 16,384 router entries', () => {
    const m = machinePreset('chip');
    expect(m.chips).toEqual([{ x: 0, y: 0 }]);
    expect(m.chip.pes).toBe(152);
    expect(m.pe.sramBytes).toBe(131072);
    expect(m.chip.routerEntries).toBe(16384);
  });

  it('board48: 48 chips inside the hexagonal outline of SpiNNMachine', () => {
    const m = machinePreset('board48');
    expect(m.chips).toHaveLength(48);
    const keys = new Set(m.chips.map((c) => `${c.x},${c.y}`));
    expect(keys.size).toBe(48);
    // Independent description of the outline: y - x stays within [-4, 3] inside the 8x8 box.
    for (let x = 0; x < 8; x++)
      for (let y = 0; y < 8; y++) expect(keys.has(`${x},${y}`)).toBe(y - x <= 3 && x - y <= 4);
  });

  it('overrides are validated strictly', () => {
    expect(machinePreset('chip', { pe: { sramBytes: 65536 } }).pe.sramBytes).toBe(65536);
    expect(() => machinePreset('chip', { pe: { sramByte: 1 } })).toThrow();
    expect(() => machinePreset('chip', { chip: { pes: 0 } })).toThrow();
  });

  it('38 QPEs named as SpiNNMachine names them', () => {
    expect(QPE_COORDS).toHaveLength(38);
    expect(qpeLabel(0)).toBe('1.1.0');
    expect(qpeLabel(151)).toBe('7.6.3');
  });
});
