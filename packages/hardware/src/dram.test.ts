import { describe, expect, it } from 'vitest';
import { Dram, DramOverflowError } from './dram';
import { acceleratorExp, acceleratorLn, toS1615 } from './expLog';
import { dmaTransferNs } from './dma';
import { costModelSchema } from './costModel';

describe('DRAM (lazy, per chip)', () => {
  it('allocates only the regions asked for, and refuses to exceed the chip with numbers', () => {
    const d = new Dram({ x: 1, y: 2 }, 1000);
    expect(d.usedBytes).toBe(0);
    const r = d.allocate('w', 13);
    expect(r.buffer.byteLength).toBe(16); // 8-byte aligned
    expect(d.bytes('w').length).toBe(13);
    expect(() => d.allocate('big', 990)).toThrow(DramOverflowError);
    expect(() => d.allocate('big', 990)).toThrow(/chip\(1,2\).*990 bytes but only 984 of 1,000/);
  });
});

describe('exp/log accelerator (s16.15)', () => {
  it('quantises to 2^-15 and saturates', () => {
    expect(toS1615(0.5 + 2 ** -17)).toBe(0.5);
    expect(toS1615(1e9)).toBe((2 ** 31 - 1) / 2 ** 15);
    expect(acceleratorExp(0)).toBe(1);
    expect(Math.abs(acceleratorExp(2) - Math.E ** 2)).toBeLessThanOrEqual(2 ** -15);
    expect(acceleratorExp(20)).toBe((2 ** 31 - 1) / 2 ** 15);
    expect(Math.abs(acceleratorLn(10) - Math.LN10)).toBeLessThanOrEqual(2 ** -15);
    expect(acceleratorLn(0)).toBe(-(2 ** 16));
  });
});

describe('DMA timing', () => {
  it('is bounded by the engine at the PE clock or by DRAM bandwidth, whichever is slower', () => {
    const c = costModelSchema.parse({});
    expect(dmaTransferNs(8000, 300e6, c, false)).toBeCloseTo((8000 / 8 / 300e6) * 1e9, 9);
    expect(dmaTransferNs(8000, 300e6, c, true)).toBeCloseTo(Math.max((8000 / 8 / 300e6) * 1e9, (8000 / 6.4e9) * 1e9), 9);
    expect(dmaTransferNs(8000, 1e9, c, true)).toBeCloseTo((8000 / 6.4e9) * 1e9, 9); // a fast clock: DRAM limits
  });
});
