/**
 * The compressor's first-match key trie, built into typed arrays that are pooled across calls (a compressor runs
 * once per chip: hundreds of small tables, where allocating fresh arrays, and the garbage collections that follow,
 * cost more than the work). Same meaning as KeyTrie (a node is a cube, a leaf owns its cube, an absent child is a
 * hole) with two differences that matter on the cold path:
 * - key bits that every mask fixes and every key shares ("common" bits) are not in the trie: a chain of
 *   single-child nodes above the real branching, which every insert and every cube would walk, is left out;
 * - all values are int32 (keys and masks as `x | 0`), so the interpreter never boxes a number above 2^31.
 * One trie exists at a time: `buildFlatTrie` overwrites the previous one.
 */
export const NO_CHILD = -1;

export interface FlatTrie {
  child0: Int32Array;
  child1: Int32Array;
  /** Leaf value (>= 0), or -1 for an inner node. */
  value: Int32Array;
  nodes: number;
  /** Bits tested at levels 0..depth-1 (most often fixed first); common bits excluded. */
  readonly order: Uint8Array;
  depth: number;
  /** remaining[level]: the mask of the bits tested at `level` and deeper (remaining[depth] = 0). */
  readonly remaining: Int32Array;
  /** Bits left out of the trie, and the value every key has there. */
  commonMask: number;
  commonKey: number;
}

export const trie: FlatTrie = {
  child0: new Int32Array(1 << 15),
  child1: new Int32Array(1 << 15),
  value: new Int32Array(1 << 15),
  nodes: 0,
  order: new Uint8Array(32),
  depth: 0,
  remaining: new Int32Array(33),
  commonMask: 0,
  commonKey: 0,
};

const fixedCount = new Int32Array(32);
let stack = new Int32Array(256);

function growNodes(need: number): void {
  let size = trie.child0.length * 2;
  while (size < need) size *= 2;
  const grow = (a: Int32Array) => {
    const b = new Int32Array(size);
    b.set(a);
    return b;
  };
  trie.child0 = grow(trie.child0);
  trie.child1 = grow(trie.child1);
  trie.value = grow(trie.value);
}

function newNode(): number {
  if (trie.nodes === trie.child0.length) growNodes(trie.nodes + 1);
  const n = trie.nodes++;
  trie.child0[n] = NO_CHILD;
  trie.child1[n] = NO_CHILD;
  trie.value[n] = -1;
  return n;
}

function childOf(node: number, side: number): number {
  const c = side === 0 ? trie.child0[node] : trie.child1[node];
  if (c !== NO_CHILD) return c;
  const n = newNode();
  if (side === 0) trie.child0[node] = n;
  else trie.child1[node] = n;
  return n;
}

/** Gives value v to the keys under `node` that no leaf holds yet. */
function fillHoles(node: number, v: number): void {
  for (let side = 0; side < 2; side++) {
    const c = side === 0 ? trie.child0[node] : trie.child1[node];
    if (c === NO_CHILD) trie.value[childOf(node, side)] = v;
    else if (trie.value[c] < 0) fillHoles(c, v);
  }
}

/** Gives every still-unmatched key of cube (key, mask) (trie bits only) the value v. */
function insert(key: number, mask: number, v: number): void {
  const { remaining, order, depth } = trie;
  let sp = 0;
  stack[sp++] = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const level = stack[--sp];
    let node = stack[--sp];
    if (trie.value[node] >= 0) continue; // a higher-priority entry owns this whole cube
    // Straight down while the mask fixes the bit: the common case, without the stack.
    let l = level;
    while (l < depth && ((mask >>> order[l]) & 1) === 1) {
      const side = (key >>> order[l]) & 1;
      const c = side === 0 ? trie.child0[node] : trie.child1[node];
      node = c !== NO_CHILD ? c : childOf(node, side);
      l++;
      if (trie.value[node] >= 0) break;
    }
    if (trie.value[node] >= 0) continue;
    if ((mask & remaining[l]) === 0) {
      if (trie.child0[node] === NO_CHILD && trie.child1[node] === NO_CHILD) trie.value[node] = v;
      else fillHoles(node, v);
      continue;
    }
    // A free bit with fixed bits below it: both halves, through the stack.
    if (sp + 4 > stack.length) {
      const s = new Int32Array(stack.length * 2);
      s.set(stack);
      stack = s;
    }
    const c1 = childOf(node, 1);
    const c0 = childOf(node, 0);
    stack[sp++] = c1;
    stack[sp++] = l + 1;
    stack[sp++] = c0;
    stack[sp++] = l + 1;
  }
}

/**
 * Builds the first-match trie of entries 0..n-1 (entry i gets values[i]) into `trie`. Bits are ordered by how many
 * masks fix them (most first), ties by significance, as KeyTrie.bitOrderFor does.
 */
export function buildFlatTrie(keys: Uint32Array, masks: Uint32Array, values: Int32Array, n: number): FlatTrie {
  let andMask = -1;
  let orMask = 0;
  let andKey = -1;
  let orKey = 0;
  for (let i = 0; i < n; i++) {
    const m = masks[i] | 0;
    const k = keys[i] | 0;
    andMask &= m;
    orMask |= m;
    andKey &= k;
    orKey |= k;
  }
  // Bits every mask fixes count n; only bits that some masks fix and others leave free need counting.
  for (let b = 0; b < 32; b++) fixedCount[b] = (andMask >>> b) & 1 ? n : 0;
  const mixed = orMask & ~andMask;
  if (mixed !== 0)
    for (let i = 0; i < n; i++) for (let b = masks[i] & mixed; b !== 0; b &= b - 1) fixedCount[31 - Math.clz32(b & -b)]++;
  const common = andMask & (andKey | ~orKey);
  trie.commonMask = common;
  trie.commonKey = andKey & common;
  // Insertion sort of the remaining bits: count descending, then bit descending.
  const order = trie.order;
  let d = 0;
  for (let b = 31; b >= 0; b--) {
    if ((common >>> b) & 1) continue;
    let j = d++;
    while (j > 0 && fixedCount[order[j - 1]] < fixedCount[b]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = b;
  }
  trie.depth = d;
  const remaining = trie.remaining;
  remaining[d] = 0;
  for (let l = d - 1; l >= 0; l--) remaining[l] = remaining[l + 1] | (1 << order[l]);
  trie.nodes = 0;
  newNode();
  const trieBits = ~common;
  // Entries that fix every bit some mask fixes (all of them, in tables of exact keys) go straight down without the
  // general insert's stack and calls: levels below dFixed test bits that no mask fixes.
  const fixedBits = remaining[0] & orMask;
  let dFixed = 0;
  while (dFixed < d && ((fixedBits >>> order[dFixed]) & 1) === 1) dFixed++;
  let child0 = trie.child0;
  let child1 = trie.child1;
  let value = trie.value;
  let nodes = trie.nodes;
  for (let i = 0; i < n; i++) {
    const k = keys[i] & trieBits;
    const v = values[i];
    if ((masks[i] & remaining[0]) !== fixedBits) {
      trie.nodes = nodes;
      insert(k, masks[i] & trieBits, v);
      ({ child0, child1, value, nodes } = trie);
      continue;
    }
    if (nodes + dFixed + 2 > child0.length) {
      trie.nodes = nodes;
      growNodes(nodes + dFixed + 2);
      ({ child0, child1, value } = trie);
    }
    let node = 0;
    for (let l = 0; l < dFixed && value[node] < 0; l++) {
      if (((k >>> order[l]) & 1) === 0) {
        let c = child0[node];
        if (c === NO_CHILD) {
          c = nodes++;
          child0[c] = child1[c] = NO_CHILD;
          value[c] = -1;
          child0[node] = c;
        }
        node = c;
      } else {
        let c = child1[node];
        if (c === NO_CHILD) {
          c = nodes++;
          child0[c] = child1[c] = NO_CHILD;
          value[c] = -1;
          child1[node] = c;
        }
        node = c;
      }
    }
    if (value[node] >= 0) continue; // a higher-priority entry owns this key
    if (child0[node] === NO_CHILD && child1[node] === NO_CHILD) value[node] = v;
    else {
      trie.nodes = nodes;
      fillHoles(node, v);
      ({ child0, child1, value, nodes } = trie);
    }
  }
  trie.nodes = nodes;
  return trie;
}

/**
 * Merges sibling leaves with equal values into their parent, so that every leaf is a maximal aligned cube, and
 * counts nodes holding a value per value into leavesOf (merged-away children included) in the same reverse scan.
 */
export function mergeEqualSiblings(leavesOf?: Int32Array): void {
  const { child0, child1, value } = trie;
  for (let n = trie.nodes - 1; n >= 0; n--) {
    const a = child0[n];
    const b = child1[n];
    if (a !== NO_CHILD && b !== NO_CHILD && value[a] >= 0 && value[a] === value[b]) {
      value[n] = value[a];
      child0[n] = NO_CHILD;
      child1[n] = NO_CHILD;
    }
    if (leavesOf !== undefined && value[n] >= 0) leavesOf[value[n]]++;
  }
}
