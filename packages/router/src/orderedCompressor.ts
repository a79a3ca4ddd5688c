import { ROUTE_WORDS } from './route';
import { MulticastTable } from './multicastTable';
import { KeyTrie, HOLE } from './keyTrie';
import type { CompressOptions, TableCompressor } from './tableCompressor';
import { routeClasses } from './routeClasses';

/**
 * Ordered layered compression ("ordered covering" in the spirit of Mundy et al. 2016, taken further).
 *
 * Entries are grouped by route into classes and the classes are stacked: class 0 on top, the largest class at the
 * bottom. Because the first match wins, a cube (key, mask) of class i may also cover keys of classes above it (they
 * were caught earlier) and keys that never arrive, but never keys of classes below it nor keys that must stay
 * unmatched. Each class is then minimised on its own: every leaf cube of the class in the key trie is grown one key
 * bit at a time (low bits first, found by binary search, then single bits) as long as it hits nothing forbidden,
 * and leaves already inside a grown cube are skipped. The trie stores per node the lowest class position that may
 * not be covered below it, so each "may this cube grow?" question is a pruned walk, not a scan of the table.
 *
 * Defaultable entries are tried both ways (kept, or dropped so their keys must match nothing); the smaller result
 * wins. The result routes every key as the original does (checked by tableEquivalence in tests and with verify).
 */
const NEVER = 0x7fffffff; // position of a region that no cube may cover

interface Strategy {
  dropDefaultable: boolean;
}

export function compressOrdered(table: MulticastTable, options: CompressOptions = {}): MulticastTable {
  const unused = (options.unmatchedKeys ?? 'unused') === 'unused';
  const n = table.size;
  if (n === 0) return table.copy();
  const { classOf, classRoutes, count } = routeClasses(table);
  // A leaf's code says its class and whether its entry was defaultable; equal codes merge in the trie.
  const codes = new Int32Array(n);
  let anyDefaultable = false;
  for (let i = 0; i < n; i++) {
    codes[i] = classOf[i] * 2 + table.defaultable[i];
    anyDefaultable ||= table.defaultable[i] === 1;
  }
  const trie = KeyTrie.ofTable(table.keys, table.masks, n, undefined, codes);
  trie.mergeEqualSiblings();
  const leafCode: number[] = [];
  for (let nd = 0; nd < trie.nodes; nd++) if (trie.value[nd] >= 0) leafCode.push(trie.value[nd]);

  const strategies: Strategy[] = [{ dropDefaultable: false }];
  if (anyDefaultable && (options.removeDefaultable ?? true)) strategies.push({ dropDefaultable: true });
  let best: MulticastTable | undefined;
  for (const s of strategies) {
    const t = layered(trie, leafCode, classRoutes, count, unused, s, table);
    if (!best || t.size < best.size) best = t;
  }
  return best!.size < n ? best! : table.copy();
}

function layered(
  trie: KeyTrie,
  leafCode: number[],
  classRoutes: Uint32Array,
  classCount: number,
  unused: boolean,
  s: Strategy,
  original: MulticastTable,
): MulticastTable {
  // Order: classes with fewer leaves on top, so the biggest class sits at the bottom with the most freedom.
  const leaves = new Int32Array(classCount);
  for (let i = 0; i < leafCode.length; i++) if (!(s.dropDefaultable && leafCode[i] & 1)) leaves[leafCode[i] >> 1]++;
  const order = Array.from({ length: classCount }, (_, c) => c).filter((c) => leaves[c] > 0);
  order.sort((a, b) => leaves[a] - leaves[b] || a - b);
  const posOfClass = new Int32Array(classCount).fill(NEVER);
  order.forEach((c, p) => (posOfClass[c] = p));
  const holePos = unused ? -1 : NEVER;
  const posOfCode = (code: number) => (s.dropDefaultable && code & 1 ? NEVER : posOfClass[code >> 1]);

  const { child0, child1, value, remaining, bitOrder } = trie;
  const maxPos = new Int32Array(trie.nodes);
  for (let nd = trie.nodes - 1; nd >= 0; nd--) {
    if (value[nd] >= 0) maxPos[nd] = posOfCode(value[nd]);
    else {
      const a = child0[nd] === HOLE ? holePos : maxPos[child0[nd]];
      const b = child1[nd] === HOLE ? holePos : maxPos[child1[nd]];
      maxPos[nd] = a > b ? a : b;
    }
  }
  // Does cube (k, m) reach a key that a class at position p must not cover?
  const hits = (nd: number, level: number, k: number, m: number, p: number): boolean => {
    if (maxPos[nd] <= p) return false;
    if ((m & remaining[level]) === 0 || value[nd] >= 0) return true;
    const bit = bitOrder[level];
    if ((m >>> bit) & 1) {
      const c = (k >>> bit) & 1 ? child1[nd] : child0[nd];
      return c === HOLE ? holePos > p : hits(c, level + 1, k, m, p);
    }
    const a = child0[nd];
    if (a === HOLE ? holePos > p : hits(a, level + 1, k, m, p)) return true;
    const b = child1[nd];
    return b === HOLE ? holePos > p : hits(b, level + 1, k, m, p);
  };

  const cubesKey: number[][] = order.map(() => []);
  const cubesMask: number[][] = order.map(() => []);
  const grownByMask: Map<number, Set<number>>[] = order.map(() => new Map());
  // Depth-first over the leaves, keeping the path: freeing the bits of the deepest levels of a leaf turns its cube
  // into the subtree of an ancestor (so "may it grow?" is one maxPos read), and freeing one more bit adds only the
  // sibling subtree at that level (so only the sibling is walked).
  const path = new Int32Array(33);
  const grow = (leaf: number, depth: number, key: number, mask: number): void => {
    const p = posOfCode(value[leaf]);
    if (p === NEVER) return;
    const grown = grownByMask[p];
    for (const [gm, keys] of grown) if ((gm & ~mask) === 0 && keys.has((key & gm) >>> 0)) return;
    let top = depth;
    while (top > 0 && maxPos[path[top - 1]] <= p) top--;
    let m = (mask & ~remaining[top]) >>> 0;
    let k = (key & m) >>> 0;
    for (let t = top - 2; t >= 0; t--) {
      const bit = bitOrder[t];
      const sibling = (k >>> bit) & 1 ? child0[path[t]] : child1[path[t]];
      const kk = (k ^ (1 << bit)) >>> 0;
      if (sibling === HOLE ? holePos > p : hits(sibling, t + 1, kk, m, p)) continue;
      m = (m & ~(1 << bit)) >>> 0;
      k = (k & m) >>> 0;
    }
    let set = grown.get(m);
    if (!set) grown.set(m, (set = new Set()));
    if (set.has(k)) return;
    set.add(k);
    cubesKey[p].push(k);
    cubesMask[p].push(m);
  };
  const dfs = (nd: number, level: number, key: number, mask: number): void => {
    path[level] = nd;
    if (value[nd] >= 0) return grow(nd, level, key, mask);
    const bit = bitOrder[level];
    const m = (mask | (1 << bit)) >>> 0;
    if (child0[nd] !== HOLE) dfs(child0[nd], level + 1, key, m);
    if (child1[nd] !== HOLE) dfs(child1[nd], level + 1, (key | (1 << bit)) >>> 0, m);
  };
  dfs(0, 0, 0, 0);

  let total = 0;
  for (const c of cubesKey) total += c.length;
  const out = new MulticastTable(Math.max(total, 1), original.chipName);
  for (let p = 0; p < order.length; p++) {
    const route = classRoutes.subarray(order[p] * ROUTE_WORDS, (order[p] + 1) * ROUTE_WORDS);
    for (let j = 0; j < cubesKey[p].length; j++) out.add(cubesKey[p][j], cubesMask[p][j], route);
  }
  return out;
}

export const orderedCompressor: TableCompressor = { name: 'ordered-layered', compress: compressOrdered };
