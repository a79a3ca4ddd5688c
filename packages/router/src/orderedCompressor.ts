import { ROUTE_WORDS } from './route';
import { MulticastTable } from './multicastTable';
import type { CompressOptions, TableCompressor } from './tableCompressor';
import { buildFlatTrie, mergeEqualSiblings, trie, NO_CHILD } from './flatTrie';
import { routeClassesInto, classes } from './routeClassPool';
import { cubes, resetCubes, addCube, insideCube, positionClasses } from './cubePool';
import { resetLeaves, recordLeaf, removeRedundant } from './irredundant';

/**
 * Ordered layered compression ("ordered covering" in the spirit of Mundy et al. 2016, taken further).
 *
 * Entries are grouped by route into classes and the classes are stacked: the class with the fewest trie leaves on
 * top, the largest at the bottom. Because the first match wins, a cube (key, mask) of class i may also cover keys
 * of classes above it (they were caught earlier) and keys that never arrive, but never keys of classes below it
 * nor keys that must stay unmatched. Each class is then minimised on its own: every leaf cube of the class in the
 * key trie is grown one key bit at a time (first every deepest level whose subtree it may cover, then single bits
 * from deep to shallow) as long as it hits nothing forbidden, and leaves already inside a grown cube are skipped.
 * Per trie node the lowest class position that may not be covered below it (maxPos) makes each "may this cube
 * grow?" question a pruned walk, not a scan of the table.
 *
 * Defaultable entries are tried both ways: kept (their keys must take their route), or dropped (their keys may
 * match nothing, or a cube of their own class); the smaller result wins. Cubes made redundant by later, bigger
 * cubes of their class are then removed (irredundant.ts). The result routes every key as the original does
 * (checked by tableEquivalence in tests, on random tables and on PACMAN's).
 *
 * Everything runs in module-level typed arrays reused from call to call, on int32 values, with no closure or
 * object per entry: compressing a machine is hundreds of small tables, and most of them run before the JIT has
 * optimised anything, so allocation and boxed numbers, not the algorithm, set the time of a cold run.
 */
const NEVER = 0x7fffffff; // position of a region that no cube may cover
const CLASS_SPAN = 2097152; // 2^21: classOrder packs (leaf count, class) as count * CLASS_SPAN + class

// Pools sized for PACMAN's tables up front, so that optimised code never meets a growth path it has no feedback for.
let maxPos = new Int32Array(1 << 15);
// Dropped defaultable leaves below a node: the lowest and highest position of their classes (NEVER / -1: none).
let defMin = new Int32Array(1 << 15);
let defMax = new Int32Array(1 << 15);
let posOfClass = new Int32Array(1024);
let leavesOfClass = new Int32Array(1024);
let classOrder = new Float64Array(1024);
let posToClass = new Int32Array(1024);
let leavesOfCode = new Int32Array(2048);
const path = new Int32Array(33);
// State of the current layered() run, read by the walkers below.
let holePos = -1;
let dropDefaultable = false;

/**
 * May a cube at position p not cover all of node nd? It may if every leaf below sits at p or lower (maxPos) and
 * every dropped defaultable leaf below belongs to the class at p: such a key may match nothing or its own route,
 * and a cube of its own class is the first to match it (cubes above p may not cover it, cubes below come later).
 */
function blocked(nd: number, p: number): boolean {
  return maxPos[nd] > p || (dropDefaultable && defMax[nd] >= 0 && (defMin[nd] !== p || defMax[nd] !== p));
}

/**
 * Does cube (k, m) reach, below node nd (tested from `level` on), a key that position p must not cover? Callers
 * have checked blocked(nd, p) (most subtrees are pruned by that test, so it is made before each call).
 */
function hits(nd: number, level: number, k: number, m: number, p: number): boolean {
  if ((m & trie.remaining[level]) === 0 || trie.value[nd] >= 0) return true;
  const bit = trie.order[level];
  if ((m >>> bit) & 1) {
    const c = (k >>> bit) & 1 ? trie.child1[nd] : trie.child0[nd];
    return c === NO_CHILD ? holePos > p : blocked(c, p) && hits(c, level + 1, k, m, p);
  }
  const a = trie.child0[nd];
  if (a === NO_CHILD ? holePos > p : blocked(a, p) && hits(a, level + 1, k, m, p)) return true;
  const b = trie.child1[nd];
  return b === NO_CHILD ? holePos > p : blocked(b, p) && hits(b, level + 1, k, m, p);
}

const stackNode = new Int32Array(64);
const stackKey = new Int32Array(64);
const stackLevel = new Int32Array(64);

/**
 * Depth-first over the leaves in trie order (an explicit stack, no call per node), growing each leaf into the
 * largest cube its position allows. One function on purpose: small functions get inlined by the optimising
 * compiler into every caller and compiled again there, and on a cold run that compile time is most of the cost.
 */
function visitLeaves(): void {
  const { child0, child1, value, order, remaining } = trie;
  const all = remaining[0];
  let sp = 0;
  stackNode[0] = 0;
  stackKey[0] = 0;
  stackLevel[0] = 0;
  sp = 1;
  while (sp > 0) {
    sp--;
    const nd = stackNode[sp];
    const key = stackKey[sp];
    const depth = stackLevel[sp];
    path[depth] = nd;
    const v = value[nd];
    if (v < 0) {
      const bit = 1 << order[depth];
      const b = child1[nd];
      if (b !== NO_CHILD) {
        stackNode[sp] = b;
        stackKey[sp] = key | bit;
        stackLevel[sp++] = depth + 1;
      }
      const a = child0[nd];
      if (a !== NO_CHILD) {
        stackNode[sp] = a;
        stackKey[sp] = key;
        stackLevel[sp++] = depth + 1;
      }
      continue;
    }
    // A leaf: cube (key, mask) over the trie bits, at position p.
    const p = dropDefaultable && (v & 1) === 1 ? NEVER : posOfClass[v >> 1];
    if (p === NEVER) continue;
    const mask = all & ~remaining[depth];
    recordLeaf(p, key, mask);
    if (insideCube(p, key, mask)) continue;
    // Climb while the whole subtree may be covered: freeing all deeper bits turns the leaf into that subtree.
    let top = depth;
    while (top > 0 && !blocked(path[top - 1], p)) top--;
    let m = mask & ~remaining[top];
    let k = key & m;
    // Level top-1 is blocked (its node holds something forbidden); try each shallower bit alone, deepest first:
    // freeing it adds only the sibling subtree at that level.
    for (let t = top - 2; t >= 0; t--) {
      const bit = order[t];
      const sibling = (k >>> bit) & 1 ? child0[path[t]] : child1[path[t]];
      if (sibling === NO_CHILD ? holePos > p : blocked(sibling, p) && hits(sibling, t + 1, k ^ (1 << bit), m, p)) continue;
      m &= ~(1 << bit);
      k &= m;
    }
    addCube(p, k, m);
  }
}

/** One layered run; its cubes go to the cube pool under `run`. Returns their count. */
function layered(classCount: number, unused: boolean, drop: boolean, run: number): number {
  dropDefaultable = drop;
  holePos = unused ? -1 : NEVER;
  const { value, child0, child1, nodes } = trie;
  // Order classes by leaf count (fewest on top), ties by class id: one numeric typed-array sort, no comparator.
  let used = 0;
  for (let c = 0; c < classCount; c++) {
    leavesOfClass[c] = drop ? leavesOfCode[2 * c] : leavesOfCode[2 * c] + leavesOfCode[2 * c + 1];
    posOfClass[c] = NEVER;
    if (leavesOfClass[c] > 0) classOrder[used++] = leavesOfClass[c] * CLASS_SPAN + c;
  }
  const sorted = classOrder.subarray(0, used).sort();
  let leaves = 0;
  for (let p = 0; p < used; p++) {
    const c = sorted[p] % CLASS_SPAN;
    posOfClass[c] = p;
    posToClass[p] = c;
    leaves += leavesOfClass[c];
  }
  if (!drop) {
    // Kept defaultable entries are ordinary leaves: maxPos alone decides (blocked() reads defMin/defMax only when
    // dropping).
    for (let nd = nodes - 1; nd >= 0; nd--) {
      const v = value[nd];
      if (v >= 0) {
        maxPos[nd] = posOfClass[v >> 1];
        continue;
      }
      const a = child0[nd];
      const b = child1[nd];
      const x = a === NO_CHILD ? holePos : maxPos[a];
      const y = b === NO_CHILD ? holePos : maxPos[b];
      maxPos[nd] = x > y ? x : y;
    }
  } else {
    for (let nd = nodes - 1; nd >= 0; nd--) {
      const v = value[nd];
      if (v >= 0) {
        if ((v & 1) === 1) {
          maxPos[nd] = -1;
          defMin[nd] = defMax[nd] = posOfClass[v >> 1];
        } else {
          maxPos[nd] = posOfClass[v >> 1];
          defMin[nd] = NEVER;
          defMax[nd] = -1;
        }
        continue;
      }
      const a = child0[nd];
      const b = child1[nd];
      let hi = a === NO_CHILD ? holePos : maxPos[a];
      let dMin = a === NO_CHILD ? NEVER : defMin[a];
      let dMax = a === NO_CHILD ? -1 : defMax[a];
      if (b === NO_CHILD) hi = hi > holePos ? hi : holePos;
      else {
        if (maxPos[b] > hi) hi = maxPos[b];
        if (defMin[b] < dMin) dMin = defMin[b];
        if (defMax[b] > dMax) dMax = defMax[b];
      }
      maxPos[nd] = hi;
      defMin[nd] = dMin;
      defMax[nd] = dMax;
    }
  }
  resetCubes(run, used, leaves, posToClass);
  resetLeaves(used, leaves);
  visitLeaves();
  return removeRedundant(run, used);
}

function ensure(classCount: number): void {
  if (maxPos.length < trie.nodes) {
    maxPos = new Int32Array(Math.max(trie.nodes, 2 * maxPos.length));
    defMin = new Int32Array(maxPos.length);
    defMax = new Int32Array(maxPos.length);
  }
  if (posOfClass.length < classCount) {
    const c = Math.max(classCount, 2 * posOfClass.length);
    posOfClass = new Int32Array(c);
    leavesOfClass = new Int32Array(c);
    classOrder = new Float64Array(c);
    posToClass = new Int32Array(c);
    leavesOfCode = new Int32Array(2 * c);
  }
}

export function compressOrdered(table: MulticastTable, options: CompressOptions = {}): MulticastTable {
  const unused = (options.unmatchedKeys ?? 'unused') === 'unused';
  const n = table.size;
  if (n === 0) return table.copy();
  if (n >= CLASS_SPAN) throw new RangeError(`table of ${table.chipName} has ${n} entries; the compressor takes < 2^21`);
  // A leaf's code says its class and whether its entry was defaultable; equal codes merge in the trie.
  const classCount = routeClassesInto(table);
  let anyDefaultable = false;
  const codes = classes.code;
  const classOf = classes.classOf;
  const defaultable = table.defaultable;
  for (let i = 0; i < n; i++) {
    const d = defaultable[i];
    codes[i] = classOf[i] * 2 + d;
    anyDefaultable ||= d === 1;
  }
  buildFlatTrie(table.keys, table.masks, codes, n);
  ensure(classCount);
  // Leaves per code, for both runs' class order (merged-away children still count, as they always have).
  leavesOfCode.fill(0, 0, 2 * classCount);
  mergeEqualSiblings(leavesOfCode);
  let best = 0;
  let bestCount = layered(classCount, unused, false, 0);
  if (anyDefaultable && (options.removeDefaultable ?? true)) {
    const c = layered(classCount, unused, true, 1);
    if (c < bestCount) {
      best = 1;
      bestCount = c;
    }
  }
  if (bestCount >= n) return table.copy();
  // Common bits: in 'unused' mode every other value there is a key that never arrives, so cubes leave them free;
  // in 'preserve' mode those keys must keep matching nothing, so every cube fixes them.
  const addMask = unused ? 0 : trie.commonMask;
  const addKey = unused ? 0 : trie.commonKey;
  const out = new MulticastTable(Math.max(bestCount, 1), table.chipName);
  const routes = classes.routes;
  const posClass = positionClasses(best);
  const { key, mask, next, alive } = cubes;
  for (let p = 0; p < posClass.length; p++) {
    const at = posClass[p] * ROUTE_WORDS;
    for (let c = cubes.head[best][p]; c !== -1; c = next[c])
      if (alive[c] === 1) out.addWords((key[c] | addKey) >>> 0, (mask[c] | addMask) >>> 0, routes, at);
  }
  return out;
}

export const orderedCompressor: TableCompressor = { name: 'ordered-layered', compress: compressOrdered };
