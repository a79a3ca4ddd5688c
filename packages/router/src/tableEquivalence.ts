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
 * Checks, exactly, that `compressed` routes every key as `original` does. The original table becomes a first-match
 * key trie; the walk carries, per trie node, the list of compressed entries whose cubes meet the node's cube, in
 * priority order. The first entry of that list really matches the keys it shares with the node (every earlier
 * entry misses the node), so: an empty list means "nothing matches here", a first entry that contains the node
 * decides the whole node, and otherwise the walk splits the node on its next bit (past a trie leaf, too). Every
 * key of the 2^32 space is accounted for by cubes; no key is sampled. A key of a defaultable entry may instead
 * match nothing. Keys that matched nothing must still match nothing unless `unmatchedKeys` is 'unused'.
 */
export function checkTableEquivalence(
  original: MulticastTable,
  compressed: MulticastTable,
  unmatchedKeys: UnmatchedKeys = 'unused',
): EquivalenceResult {
  const unused = unmatchedKeys === 'unused';
  const order = KeyTrie.bitOrderFor(original.masks.subarray(0, original.size), compressed.masks.subarray(0, compressed.size));
  const trie = KeyTrie.ofTable(original.keys, original.masks, original.size, order);
  const { child0, child1, value } = trie;
  // Route classes shared by both tables, so "same route" is an integer compare.
  const classIds = new Map<string, number>();
  const classOf = (t: MulticastTable, e: number) => {
    const name = Array.from(t.routeWords(e)).join(',');
    let id = classIds.get(name);
    if (id === undefined) classIds.set(name, (id = classIds.size));
    return id;
  };
  const origClass = Int32Array.from({ length: original.size }, (_, e) => classOf(original, e));
  const compClass = Int32Array.from({ length: compressed.size }, (_, e) => classOf(compressed, e));
  // Per node: lowest and highest class of its keys, whether it holds unmatched keys, whether all its keys are
  // defaultable (or unmatched). Children have larger indices than parents, so a reverse scan is post-order.
  const nodes = trie.nodes;
  const minC = new Int32Array(nodes);
  const maxC = new Int32Array(nodes);
  const hole = new Uint8Array(nodes);
  const allDef = new Uint8Array(nodes);
  for (let nd = nodes - 1; nd >= 0; nd--) {
    const e = value[nd];
    if (e >= 0) {
      minC[nd] = maxC[nd] = origClass[e];
      allDef[nd] = original.defaultable[e];
      continue;
    }
    minC[nd] = 0x7fffffff;
    maxC[nd] = -1;
    allDef[nd] = 1;
    for (const c of [child0[nd], child1[nd]]) {
      if (c === HOLE) hole[nd] = 1;
      else {
        minC[nd] = Math.min(minC[nd], minC[c]);
        maxC[nd] = Math.max(maxC[nd], maxC[c]);
        hole[nd] |= hole[c];
        allDef[nd] &= allDef[c];
      }
    }
  }
  const ck = compressed.keys;
  const cm = compressed.masks;
  const lists = Array.from({ length: 34 }, () => new Int32Array(compressed.size));
  let mismatch: RoutingMismatch | undefined;
  const fail = (key: number, mask: number, oe: number, ce: number, reason: string) => {
    mismatch = { key: key >>> 0, mask: mask >>> 0, originalEntry: oe, compressedEntry: ce, reason };
    return false;
  };
  // nd: trie node, or HOLE; `len` candidates of the parent sit in lists[level].
  const walk = (nd: number, level: number, key: number, mask: number, len: number): boolean => {
    if (nd === HOLE && unused) return true;
    const parent = lists[level];
    const mine = lists[level + 1];
    let n = 0;
    for (let i = 0; i < len; i++) {
      const c = parent[i];
      if ((((ck[c] ^ key) & cm[c] & mask) >>> 0) === 0) mine[n++] = c;
    }
    const e = nd === HOLE ? -1 : value[nd];
    if (n === 0) {
      if (nd === HOLE || allDef[nd]) return true;
      return fail(key, mask, e, -1, 'keys of a non-defaultable entry now match nothing');
    }
    const f = mine[0];
    const contains = (cm[f] & ~mask) === 0 && ((key & cm[f]) >>> 0) === ck[f];
    if (nd === HOLE) return fail(key & cm[f], mask | cm[f], -1, f, 'keys that matched nothing now match an entry');
    if (contains || e >= 0) {
      const uniform = minC[nd] === maxC[nd] && minC[nd] === compClass[f] && (unused || !hole[nd]);
      if (uniform) {
        if (contains) return true;
      } else if (contains || compClass[f] !== origClass[e]) {
        return fail(key, mask, e, f, hole[nd] && !unused ? 'keys that matched nothing now match an entry' : 'keys now take another route');
      }
    }
    if (level >= 32) return true; // unreachable: a full-mask cube is contained or missed by every entry
    const bit = order[level];
    const m = (mask | (1 << bit)) >>> 0;
    const leaf = e >= 0; // past a trie leaf the cube keeps its entry and splits on the following bits
    const a = leaf ? nd : child0[nd];
    const b = leaf ? nd : child1[nd];
    // lists[level + 1] is reused by both children: it is only read before each child overwrites deeper lists.
    return walk(a, level + 1, key, m, n) && walk(b, level + 1, (key | (1 << bit)) >>> 0, m, n);
  };
  for (let i = 0; i < compressed.size; i++) lists[0][i] = i;
  const equivalent = walk(0, 0, 0, 0, compressed.size);
  return equivalent ? { equivalent } : { equivalent, mismatch };
}
