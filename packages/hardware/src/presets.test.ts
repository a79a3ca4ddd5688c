import { describe, expect, it } from 'vitest';
import { boardsMachine, machinePreset } from './presets';
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

describe('multi-board machines', () => {
  it('triad: a 12x12 torus of 144 chips = 3 boards of 48, Ethernet chips at x%4==0 and (x+y)%12==0', () => {
    const m = machinePreset('triad');
    expect([m.width, m.height, m.chips.length, m.wrapsAround]).toEqual([12, 12, 144, true]);
    expect(m.boards).toEqual([{ x: 0, y: 0 }, { x: 4, y: 8 }, { x: 8, y: 4 }]);
  });

  it('boards(n): 48 chips per board, squarest arrangement of triads, refuses counts that do not tile', () => {
    for (const n of [3, 6, 12, 24]) {
      const m = boardsMachine(n);
      expect(m.chips.length).toBe(48 * n);
      expect(m.boards.length).toBe(n);
      expect(m.width % 12 + (m.height % 12)).toBe(0);
      expect(m.width).toBeGreaterThanOrEqual(m.height);
    }
    expect(boardsMachine(12).width).toBe(24);
    expect(boardsMachine(1).chips.length).toBe(48);
    expect(() => boardsMachine(4)).toThrow(/multiple of 3/);
    expect(() => boardsMachine(0)).toThrow(RangeError);
  });
});
