import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MPT_WORDS, SourceIndex } from './synapticMatrix';

// Reference: the linear scan the MPT stands for (first entry whose masked key matches).
function scan(mpt: Uint32Array, entries: number, key: number): number {
  for (let e = 0; e < entries; e++) if ((key & mpt[e * MPT_WORDS + 1]) >>> 0 === mpt[e * MPT_WORDS]) return e;
  return -1;
}

/** An MPT of disjoint key spaces sorted by key, as the mapper writes it. */
function mptOf(spaces: Array<{ block: number; bits: number }>): Uint32Array {
  const mpt = new Uint32Array(spaces.length * MPT_WORDS);
  spaces.forEach((s, e) => {
    const mask = (~((1 << s.bits) - 1)) >>> 0;
    mpt[e * MPT_WORDS] = (s.block << s.bits) >>> 0;
    mpt[e * MPT_WORDS + 1] = mask;
  });
  return mpt;
}

describe('SourceIndex (the MPT lookup)', () => {
  it('finds the same entry as a linear scan for equal masks (direct table) and mixed masks (binary search)', () => {
    fc.assert(
      fc.property(
        // Dense blocks (within 4,096 of each other: the direct table) and sparse ones (the binary search).
        fc.oneof(fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }), fc.uniqueArray(fc.integer({ min: 0, max: 1 << 19 }), { minLength: 1, maxLength: 60 })),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 50, maxLength: 50 }),
        (blocks, mixed, randomKeys) => {
          const sorted = [...blocks].sort((a, b) => a - b);
          // Mixed masks: every other space is one 11-bit block narrowed to 8 bits (still disjoint, still sorted).
          const spaces = sorted.map((b, i) => ({ block: mixed && i % 2 ? b * 8 : b, bits: mixed && i % 2 ? 8 : 11 }));
          const mpt = mptOf(spaces);
          const index = new SourceIndex(mpt, spaces.length);
          const keys = [...randomKeys.map((k) => k >>> 12), ...spaces.flatMap((_, e) => [mpt[e * MPT_WORDS], mpt[e * MPT_WORDS] + 5, mpt[e * MPT_WORDS] - 1 >>> 0])];
          for (const k of keys) expect(index.find(k >>> 0)).toBe(scan(mpt, spaces.length, k >>> 0));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds nothing in an empty table', () => {
    expect(new SourceIndex(new Uint32Array(0), 0).find(123)).toBe(-1);
  });
});
