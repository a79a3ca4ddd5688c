import { describe, expect, it } from 'vitest';
import { Sram, SramOverflowError } from './sram';

describe('Sram', () => {
  it('is shared memory of exactly the PE size', () => {
    const s = new Sram({ x: 0, y: 0 }, 3, 131072, 16384);
    expect(s.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(s.buffer.byteLength).toBe(131072);
    expect(s.freeBytes).toBe(131072 - 16384);
  });

  it('places regions 8-byte aligned without overlap', () => {
    const s = new Sram({ x: 0, y: 0 }, 0, 1024, 0);
    const a = s.allocate('a', 13);
    const b = s.allocate('b', 8);
    expect(b.offset % 8).toBe(0);
    expect(b.offset).toBeGreaterThanOrEqual(a.offset + a.bytes);
    expect(new Float64Array(s.buffer, b.offset, 1).length).toBe(1);
  });

  it('fills the last byte but refuses one more, naming the PE, the regions and the bytes', () => {
    const s = new Sram({ x: 2, y: 5 }, 17, 131072, 16384);
    s.allocate('neurons', 100_000);
    s.allocate('rest', 131072 - 16384 - 100_000);
    expect(s.freeBytes).toBe(0);
    let err: unknown;
    try {
      s.allocate('synapses', 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SramOverflowError);
    const msg = (err as Error).message;
    expect(msg).toContain('chip(2,5).pe(17)');
    expect(msg).toContain("'synapses' needs 1 bytes");
    expect(msg).toContain('code 16,384');
    expect(msg).toContain('neurons 100,000');
    expect(msg).toContain('0 of 131,072 bytes are free');
  });

  it('refuses duplicate names and negative sizes', () => {
    const s = new Sram({ x: 0, y: 0 }, 0, 1024, 0);
    s.allocate('a', 8);
    expect(() => s.allocate('a', 8)).toThrow(/exists already/);
    expect(() => s.allocate('b', -1)).toThrow(RangeError);
  });
});
