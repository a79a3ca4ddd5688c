import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateKeys, checkKeyAllocation, keyOf } from './keyAllocation';

describe('allocateKeys', () => {
  it('every atom key matches its own slice and source and no other source (property, brute force)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), (shapes) => {
        const sources = shapes.map((slices, i) => ({ name: `pop${i}`, slices }));
        const keys = allocateKeys(sources);
        expect(checkKeyAllocation(keys)).toEqual([]);
        const owner = new Map<number, string>();
        keys.forEach((src, si) =>
          sources[si].slices.forEach((atoms, s) => {
            for (let a = 0; a < atoms; a++) {
              const k = keyOf(src, s, a);
              if (owner.has(k)) expect.fail(`key ${k} given twice`);
              owner.set(k, `${si}:${s}`);
              if (((k & src.slices[s].mask) >>> 0) !== src.slices[s].key || ((k & src.space.mask) >>> 0) !== src.space.key)
                expect.fail(`key ${k} lies outside its own slice or source`);
              const foreign = keys.filter((o, oi) => oi !== si && ((k & o.space.mask) >>> 0) === o.space.key);
              const otherSlice = src.slices.filter((o, os) => os !== s && ((k & o.mask) >>> 0) === o.key);
              if (foreign.length + otherSlice.length > 0) expect.fail(`key ${k} of ${si}:${s} also matches another space`);
            }
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('packs largest first without gaps and fails clearly when keys run out', () => {
    const k = allocateKeys([{ name: 'a', slices: [3] }, { name: 'b', slices: [100, 100] }]);
    expect(k[1].space).toEqual({ key: 0, mask: 0xffffff00 });
    expect(k[0].space).toEqual({ key: 256, mask: 0xfffffffc });
    expect(() => allocateKeys([{ name: 'big', slices: [300] }], { keyBits: 8 })).toThrow(/key space exhausted at source "big".*Hint/);
    expect(() => allocateKeys([{ name: 'x', slices: [] }])).toThrow(/at least one slice/);
  });

  it('the checker catches overlapping spaces', () => {
    const k = allocateKeys([{ name: 'a', slices: [4] }, { name: 'b', slices: [4] }]);
    k[1].space = { ...k[0].space };
    expect(checkKeyAllocation(k).join()).toMatch(/share keys/);
  });
});
