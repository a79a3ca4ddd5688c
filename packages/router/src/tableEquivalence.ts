import { ROUTE_WORDS } from './route';
import type { MulticastTable } from './multicastTable';
import { KeyTrie, HOLE } from './keyTrie';
import type { UnmatchedKeys } from './tableCompressor';

/** A cube of keys (all keys k with (k & mask) === key) that two tables route differently. */
export interface RoutingMismatch {
  key: number;
  mask: number;
  /** Entry index in the original table, or -1 when no entry matched there. */
  originalEntry: number;
  /** Entry index in the other table, or -1 when no entry matched there. */
  compressedEntry: number;
  reason: string;
}

export interface EquivalenceResult {
  equivalent: boolean;
  mismatch?: RoutingMismatch;
}

/**
 * Checks, exactly, that `compressed` routes every key as `original` does. Both tables become first-match key
 * tries over one bit order and are walked together, so every key of the 2^32 space is accounted for by cubes; no
 * key is sampled. A key that matched a defaultable entry may instead match nothing (default routing sends it the
 * same way). Keys that matched nothing must still match nothing, unless `unmatchedKeys` is 'unused' (they never
 * arrive, see tableCompressor.ts).
 */
export function checkTableEquivalence(
  original: MulticastTable,
  compressed: MulticastTable,
  unmatchedKeys: UnmatchedKeys = 'unused',
): EquivalenceResult {
  const order = KeyTrie.bitOrderFor(original.masks.subarray(0, original.size), compressed.masks.subarray(0, compressed.size));
  const a = KeyTrie.ofTable(original.keys, original.masks, original.size, order);
  const b = KeyTrie.ofTable(compressed.keys, compressed.masks, compressed.size, order);
  const ra = original.routes;
  const rb = compressed.routes;
  const sameRoute = (ea: number, eb: number) => {
    for (let w = 0; w < ROUTE_WORDS; w++) if (ra[ea * ROUTE_WORDS + w] !== rb[eb * ROUTE_WORDS + w]) return false;
    return true;
  };
  let mismatch: RoutingMismatch | undefined;
  // na / nb: node in each trie, or HOLE; a node with value >= 0 is a leaf that fixes the entry for its cube.
  const walk = (na: number, nb: number, level: number, key: number, mask: number): boolean => {
    const ea = na === HOLE ? -1 : a.value[na];
    const eb = nb === HOLE ? -1 : b.value[nb];
    const leafA = na === HOLE || ea >= 0;
    const leafB = nb === HOLE || eb >= 0;
    if (na === HOLE && unmatchedKeys === 'unused') return true;
    if (leafA && leafB) {
      let reason = '';
      if (ea < 0 && eb >= 0) reason = 'keys that matched nothing now match an entry';
      else if (ea >= 0 && eb < 0 && original.defaultable[ea] !== 1) reason = 'keys of a non-defaultable entry now match nothing';
      else if (ea >= 0 && eb >= 0 && !sameRoute(ea, eb)) reason = 'keys now take another route';
      if (reason === '') return true;
      mismatch = { key: key >>> 0, mask: mask >>> 0, originalEntry: ea, compressedEntry: eb, reason };
      return false;
    }
    const bit = order[level];
    const m = (mask | (1 << bit)) >>> 0;
    const k1 = (key | (1 << bit)) >>> 0;
    const a0 = leafA ? na : a.child0[na];
    const a1 = leafA ? na : a.child1[na];
    const b0 = leafB ? nb : b.child0[nb];
    const b1 = leafB ? nb : b.child1[nb];
    return walk(a0, b0, level + 1, key, m) && walk(a1, b1, level + 1, k1, m);
  };
  const equivalent = walk(0, 0, 0, 0, 0);
  return equivalent ? { equivalent } : { equivalent, mismatch };
}
