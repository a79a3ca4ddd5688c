import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MulticastTable } from './multicastTable';
import { checkTableEquivalence } from './tableEquivalence';
import { ROUTE_WORDS } from './route';
import { naiveLookup } from './testSupport.test-util';

// Tables in an 8-bit window (every mask fixes bits 8-31 to zero), so brute force over 256 keys is a full reference.
const arbRows = fc.array(
  fc.record({ key: fc.integer({ min: 0, max: 255 }), free: fc.integer({ min: 0, max: 255 }), route: fc.integer({ min: 0, max: 3 }), defaultable: fc.boolean() }),
  { maxLength: 12 },
);
function table(rows: Array<{ key: number; free: number; route: number; defaultable: boolean }>): MulticastTable {
  const t = new MulticastTable(Math.max(1, rows.length));
  for (const r of rows) {
    const mask = ~(r.free & (r.free >> 2)) >>> 0;
    t.add((r.key & mask) >>> 0, mask, { links: [r.route] }, r.defaultable);
  }
  return t;
}
function brute(a: MulticastTable, b: MulticastTable, unused: boolean): boolean {
  for (let k = 0; k < 256; k++) {
    const ea = naiveLookup(a.keys, a.masks, a.size, k);
    const eb = naiveLookup(b.keys, b.masks, b.size, k);
    if (ea < 0 ? !unused && eb >= 0 : eb < 0 ? !a.defaultable[ea] : a.routes[ea * ROUTE_WORDS] !== b.routes[eb * ROUTE_WORDS]) return false;
  }
  return true;
}

describe('checkTableEquivalence', () => {
  for (const mode of ['unused', 'preserve'] as const)
    it(`agrees with brute force on random pairs of tables (${mode}; property)`, () => {
      fc.assert(
        fc.property(arbRows, arbRows, fc.boolean(), (ra, rb, related) => {
          const a = table(ra);
          // Half the time compare against a reordered copy of `a` (often equivalent), else an unrelated table.
          const b = related ? table([...ra].reverse()) : table(rb);
          const r = checkTableEquivalence(a, b, mode);
          expect(r.equivalent).toBe(brute(a, b, mode === 'unused'));
          if (!r.equivalent) {
            // The reported cube really holds a key that routes differently.
            const k = r.mismatch!.key;
            expect(brute(a, b, mode === 'unused')).toBe(false);
            expect(((k & r.mismatch!.mask) >>> 0) === r.mismatch!.key).toBe(true);
          }
        }),
        { numRuns: 500 },
      );
    });

  it('names what went wrong', () => {
    const a = new MulticastTable(2);
    a.add(1, 0xffffffff, { links: [0] });
    const b = new MulticastTable(2);
    b.add(1, 0xffffffff, { links: [1] });
    expect(checkTableEquivalence(a, b).mismatch).toMatchObject({ key: 1, mask: 0xffffffff, reason: 'keys now take another route' });
    const c = new MulticastTable(2);
    c.add(0, 0xfffffffe, { links: [0] });
    expect(checkTableEquivalence(a, c, 'unused').equivalent).toBe(true);
    expect(checkTableEquivalence(a, c, 'preserve').mismatch?.reason).toBe('keys that matched nothing now match an entry');
    expect(checkTableEquivalence(a, new MulticastTable(1)).mismatch?.reason).toBe('keys of a non-defaultable entry now match nothing');
  });
});
