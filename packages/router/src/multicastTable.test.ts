import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MulticastTable, TableCapacityError } from './multicastTable';

describe('MulticastTable', () => {
  it('first match wins', () => {
    const t = new MulticastTable(8);
    t.add(0x1200, 0xff00, { pes: [1] });
    t.add(0x1000, 0xf000, { pes: [2], links: [0] });
    expect(t.lookup(0x1234)).toBe(0);
    expect(t.lookup(0x1534)).toBe(1);
    expect(t.route(1)).toEqual({ links: [0], pes: [2] });
    expect(t.lookup(0x2000)).toBe(-1);
  });

  it('route bits for PE 151 and all six links survive a round trip', () => {
    const t = new MulticastTable(1);
    t.add(0, 0, { links: [0, 1, 2, 3, 4, 5], pes: [0, 31, 151] });
    expect(t.route(0)).toEqual({ links: [0, 1, 2, 3, 4, 5], pes: [0, 31, 151] });
  });

  it('enforces its capacity with a message naming the chip', () => {
    const t = new MulticastTable(2, 'chip(3,4)');
    t.add(1, 0xffffffff, { pes: [0] });
    t.add(2, 0xffffffff, { pes: [0] });
    expect(() => t.add(3, 0xffffffff, { pes: [0] })).toThrow(TableCapacityError);
    expect(() => t.add(3, 0xffffffff, { pes: [0] })).toThrow(/chip\(3,4\) needs 3 entries but holds 2/);
  });

  it('refuses a key with bits outside its mask', () => {
    expect(() => new MulticastTable(1).add(0x11, 0xf0, {})).toThrow(RangeError);
  });

  it('agrees with a naive scan on random tables (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 20 }),
        (entries, probes) => {
          const t = new MulticastTable(entries.length);
          const ref = entries.map(([k, m]) => ({ key: k & m, mask: m }));
          ref.forEach((e) => t.add(e.key, e.mask, {}));
          for (const p of probes) expect(t.lookup(p)).toBe(ref.findIndex((e) => (p & e.mask) === e.key));
        },
      ),
    );
  });
});
