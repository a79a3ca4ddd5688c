import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MulticastTable } from './multicastTable';
import { compressOrdered } from './orderedCompressor';
import { checkTableEquivalence } from './tableEquivalence';
import { parsePacmanCsvTable, parsePacmanJsonTables } from './pacmanFixtures';
import { ROUTE_WORDS } from './route';
import { fixtureText, naiveLookup } from './testSupport.test-util';

/** Random tables inside a 10-bit window: masks fix every bit above bit 9. Routes: one of a few links/PEs. */
const arbTable = fc.array(
  fc.record({ key: fc.integer({ min: 0, max: 1023 }), free: fc.integer({ min: 0, max: 1023 }), route: fc.integer({ min: 0, max: 5 }), defaultable: fc.boolean() }),
  { maxLength: 40 },
);
const WINDOW = 1024;
function makeTable(rows: Array<{ key: number; free: number; route: number; defaultable: boolean }>): MulticastTable {
  const t = new MulticastTable(Math.max(1, rows.length));
  for (const r of rows) {
    const free = r.free & (r.free >> 1) & 0x3ff; // sparser free bits: most entries cover a few keys
    const mask = (~free & 0xffffffff) >>> 0;
    // Only single-link routes may be defaultable, as tablesFromTrees marks them.
    t.add((r.key & mask) >>> 0, mask, r.route < 3 ? { links: [r.route] } : { pes: [r.route] }, r.defaultable && r.route < 3);
  }
  return t;
}
/** Brute force over every key of the window, plus a proof that no compressed cube leaves the window. */
function bruteEquivalent(a: MulticastTable, b: MulticastTable, preserve: boolean): boolean {
  for (let k = 0; k < WINDOW; k++) {
    const ea = naiveLookup(a.keys, a.masks, a.size, k);
    const eb = naiveLookup(b.keys, b.masks, b.size, k);
    if (ea < 0) {
      if (preserve && eb >= 0) return false;
      continue;
    }
    if (eb < 0) {
      if (!a.defaultable[ea]) return false;
      continue;
    }
    for (let w = 0; w < ROUTE_WORDS; w++) if (a.routes[ea * ROUTE_WORDS + w] !== b.routes[eb * ROUTE_WORDS + w]) return false;
  }
  // Keys outside the window match nothing in `a`; in preserve mode they must match nothing in `b` either.
  if (preserve) for (let i = 0; i < b.size; i++) if ((b.masks[i] | 0x3ff) >>> 0 !== 0xffffffff || b.keys[i] >>> 10 !== 0) return false;
  return true;
}

describe('compressOrdered', () => {
  for (const mode of ['unused', 'preserve'] as const) {
    it(`routes every key of random tables as before, never grows them (${mode}; property, brute force)`, () => {
      fc.assert(
        fc.property(arbTable, (rows) => {
          const t = makeTable(rows);
          const c = compressOrdered(t, { unmatchedKeys: mode });
          expect(c.size).toBeLessThanOrEqual(t.size);
          expect(bruteEquivalent(t, c, mode === 'preserve')).toBe(true);
          expect(checkTableEquivalence(t, c, mode).equivalent).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('handles bits that every key shares (left out of its trie), high and low, in both modes (property, brute force)', () => {
    // Keys live in bits 1-10 of a random 32-bit prefix; bit 0 is fixed to 0 by every mask (all keys even), so the
    // compressor's "common bits" include a low bit as well as the prefix.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1fffff }), arbTable, fc.boolean(), (prefix, rows, preserve) => {
        const base = makeTable(rows);
        const t = new MulticastTable(Math.max(1, base.size));
        for (let i = 0; i < base.size; i++) {
          const m = (((base.masks[i] & 0x3ff) << 1) | 1 | 0xfffff800) >>> 0;
          t.add((((prefix << 11) | (base.keys[i] << 1)) & m) >>> 0, m, base.routeWords(i), base.defaultable[i] === 1);
        }
        const mode = preserve ? 'preserve' : 'unused';
        const c = compressOrdered(t, { unmatchedKeys: mode });
        expect(c.size).toBeLessThanOrEqual(t.size);
        const bad: number[] = [];
        for (let w = 0; w < 2048; w++) {
          const k = ((prefix << 11) | w) >>> 0;
          const ea = naiveLookup(t.keys, t.masks, t.size, k);
          const eb = naiveLookup(c.keys, c.masks, c.size, k);
          const ok = ea < 0 ? !preserve || eb < 0 : eb < 0 ? t.defaultable[ea] === 1 : t.routes[ea * ROUTE_WORDS] === c.routes[eb * ROUTE_WORDS];
          if (!ok) bad.push(k);
        }
        expect(bad).toEqual([]);
        expect(checkTableEquivalence(t, c, mode).equivalent).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('merges a full aligned block of one route into one entry, and keeps a hole out in preserve mode', () => {
    const t = new MulticastTable(8);
    for (let k = 0; k < 8; k++) t.add(k, 0xffffffff, { pes: [1] });
    expect(compressOrdered(t, { unmatchedKeys: 'preserve' }).size).toBe(1);
    const u = new MulticastTable(8);
    for (const k of [0, 1, 2]) u.add(k, 0xffffffff, { pes: [1] }); // key 3 matches nothing
    const c = compressOrdered(u, { unmatchedKeys: 'preserve' });
    expect(c.size).toBe(2);
    expect(c.lookup(3)).toBe(-1);
    expect(compressOrdered(u, { unmatchedKeys: 'unused' }).size).toBe(1);
  });

  it('drops defaultable entries when nothing else catches their keys', () => {
    const t = new MulticastTable(4);
    t.add(5, 0xffffffff, { links: [2] }, true);
    t.add(9, 0xffffffff, { pes: [3] });
    const c = compressOrdered(t, { unmatchedKeys: 'preserve' });
    expect(c.size).toBe(1);
    expect(c.lookup(5)).toBe(-1);
    expect(c.route(c.lookup(9))).toEqual({ links: [], pes: [3] });
  });
});

describe('compression on PACMAN fixtures', () => {
  it('many_to_one: 576 tables, every one equivalent, at most 2,503 entries in total', () => {
    const tables = parsePacmanJsonTables(fixtureText('many_to_one.json.gz'));
    expect(tables.length).toBe(576);
    expect(tables.reduce((s, t) => s + t.size, 0)).toBe(15245);
    let total = 0;
    for (const t of tables) {
      const c = compressOrdered(t);
      total += c.size;
      const r = checkTableEquivalence(t, c);
      expect(r.mismatch, t.chipName).toBeUndefined();
    }
    expect(total).toBeLessThanOrEqual(2503);
  });

  for (const [file, rows, target] of [['table1.csv.gz', 39235, 736], ['table2.csv.gz', 39520, 551]] as const) {
    it(`${file}: equivalent and at most ${target} entries; preserve mode equivalent too`, () => {
      const t = parsePacmanCsvTable(fixtureText(file));
      expect(t.size).toBe(rows);
      const c = compressOrdered(t);
      expect(c.size).toBeLessThanOrEqual(target);
      expect(checkTableEquivalence(t, c).equivalent).toBe(true);
      const p = compressOrdered(t, { unmatchedKeys: 'preserve' });
      expect(checkTableEquivalence(t, p, 'preserve').equivalent).toBe(true);
      // The checker is not vacuous: the unused-mode table claims keys that matched nothing.
      expect(checkTableEquivalence(t, c, 'preserve').equivalent).toBe(false);
    });
  }
});
