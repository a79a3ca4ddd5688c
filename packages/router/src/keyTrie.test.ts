import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyTrie, HOLE } from './keyTrie';
import { naiveLookup } from './testSupport.test-util';

describe('KeyTrie', () => {
  it('gives each key its first matching entry, whatever the masks (property, against a naive scan)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xfff }), fc.integer({ min: 0, max: 0xfff })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 0x1fff }), { minLength: 1, maxLength: 40 }),
        (entries, probes) => {
          // High bits always fixed (masks 0xfffff000 | m), so every cube lives inside a 12-bit window.
          const masks = Uint32Array.from(entries, ([, m]) => (0xfffff000 | m) >>> 0);
          const keys = Uint32Array.from(entries, ([k], i) => (k & masks[i]) >>> 0);
          const trie = KeyTrie.ofTable(keys, masks, keys.length);
          for (const p of probes) {
            const e = trie.lookup(p);
            expect(e === HOLE ? -1 : e).toBe(naiveLookup(keys, masks, keys.length, p));
          }
        },
      ),
    );
  });

  it('keeps lookups exact after merging equal sibling leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }), (entries) => {
        const keys = Uint32Array.from(entries, ([k]) => k);
        const masks = new Uint32Array(entries.length).fill(0xffffffff);
        const values = entries.map(([, v]) => v);
        const trie = KeyTrie.ofTable(keys, masks, keys.length, undefined, values);
        trie.mergeEqualSiblings();
        for (let k = 0; k < 256; k++) {
          const i = naiveLookup(keys, masks, keys.length, k);
          expect(trie.lookup(k)).toBe(i < 0 ? HOLE : values[i]);
        }
      }),
    );
  });

  it('tests bits that most masks fix first', () => {
    const order = KeyTrie.bitOrderFor([0x0000ffff, 0x0000fff0]);
    expect(Array.from(order.slice(0, 12))).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(new Set(order).size).toBe(32);
  });
});
