/**
 * A binary trie over the 32-bit key space that records, for every key, the first table entry that matches it.
 * Each node stands for a cube (some key bits fixed, the rest free); a leaf holds a value for its whole cube and an
 * absent child is a hole (no entry matches). The compressor, the equivalence checker and the compiled lookup all
 * reason over key *cubes* with it, never over sampled keys, so their answers are exact.
 *
 * Bits are tested in a per-trie order (`bitOrder`): bits that most entries fix come first and bits that most masks
 * leave free come last, so an entry with a free bit in the middle of its mask does not split into many paths.
 */
export const HOLE = -1;

export class KeyTrie {
  /** child0/child1: node index or HOLE; value: leaf value, or -1 for an inner node. */
  child0: Int32Array;
  child1: Int32Array;
  value: Int32Array;
  nodes = 0;
  /** remaining[level]: the mask of the bits tested at `level` and deeper. */
  readonly remaining = new Uint32Array(33);

  constructor(
    readonly bitOrder: Uint8Array,
    readonly maxNodes = 1 << 24,
    initialNodes = 1024,
  ) {
    if (bitOrder.length !== 32) throw new RangeError('bitOrder must list 32 bits');
    for (let l = 31; l >= 0; l--) this.remaining[l] = (this.remaining[l + 1] | (1 << bitOrder[l])) >>> 0;
    this.child0 = new Int32Array(initialNodes);
    this.child1 = new Int32Array(initialNodes);
    this.value = new Int32Array(initialNodes);
    this.newNode();
  }

  /** Orders bits by how many masks fix them (most first), ties by significance (MSB first). */
  static bitOrderFor(...maskLists: ArrayLike<number>[]): Uint8Array {
    const fixed = new Float64Array(32);
    for (const masks of maskLists)
      for (let i = 0; i < masks.length; i++) for (let m = masks[i] >>> 0; m !== 0; m &= m - 1) fixed[31 - Math.clz32(m & -m)]++;
    const bits = Array.from({ length: 32 }, (_, i) => 31 - i);
    bits.sort((a, b) => fixed[b] - fixed[a] || b - a);
    return Uint8Array.from(bits);
  }

  private newNode(): number {
    if (this.nodes === this.child0.length) {
      if (this.nodes >= this.maxNodes)
        throw new RangeError(`key trie exceeds ${this.maxNodes} nodes: the masks fix too few common bits`);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.child0 = grow(this.child0);
      this.child1 = grow(this.child1);
      this.value = grow(this.value);
    }
    const n = this.nodes++;
    this.child0[n] = HOLE;
    this.child1[n] = HOLE;
    this.value[n] = -1;
    return n;
  }

  /** Gives every still-unmatched key of cube (key, mask) the value `v`; keys already matched keep theirs. */
  insert(key: number, mask: number, v: number): void {
    this.insertAt(0, 0, key >>> 0, mask >>> 0, v);
  }

  private insertAt(node: number, level: number, key: number, mask: number, v: number): void {
    if (this.value[node] >= 0) return; // a higher-priority entry already owns this whole cube
    if ((mask & this.remaining[level]) === 0) {
      if (this.child0[node] === HOLE && this.child1[node] === HOLE) {
        this.value[node] = v;
        return;
      }
      this.fillHoles(node, level, v);
      return;
    }
    const bit = this.bitOrder[level];
    if ((mask >>> bit) & 1) this.insertAt(this.child(node, (key >>> bit) & 1), level + 1, key, mask, v);
    else {
      this.insertAt(this.child(node, 0), level + 1, key, mask, v);
      this.insertAt(this.child(node, 1), level + 1, key, mask, v);
    }
  }

  private fillHoles(node: number, level: number, v: number): void {
    for (let side = 0; side < 2; side++) {
      const c = side === 0 ? this.child0[node] : this.child1[node];
      if (c === HOLE) {
        const leaf = this.child(node, side); // may grow the arrays: index first, then write
        this.value[leaf] = v;
      }
      else if (this.value[c] < 0) this.fillHoles(c, level + 1, v);
    }
  }

  private child(node: number, side: number): number {
    const c = side === 0 ? this.child0[node] : this.child1[node];
    if (c !== HOLE) return c;
    const n = this.newNode();
    if (side === 0) this.child0[node] = n;
    else this.child1[node] = n;
    return n;
  }

  /** Value of the leaf that holds `key`, or HOLE. At most 32 steps, whatever the table size. */
  lookup(key: number): number {
    const { child0, child1, value, bitOrder } = this;
    let node = 0;
    for (let level = 0; ; level++) {
      const v = value[node];
      if (v >= 0) return v;
      node = (key >>> bitOrder[level]) & 1 ? child1[node] : child0[node];
      if (node === HOLE) return HOLE;
    }
  }

  /**
   * Merges sibling leaves that hold the same value into their parent (bottom-up), so that every leaf is a
   * maximal aligned cube. Children always have larger indices than their parent, so a reverse scan is post-order.
   */
  mergeEqualSiblings(): void {
    const { child0, child1, value } = this;
    for (let n = this.nodes - 1; n >= 0; n--) {
      const a = child0[n];
      const b = child1[n];
      if (a !== HOLE && b !== HOLE && value[a] >= 0 && value[a] === value[b]) {
        value[n] = value[a];
        child0[n] = HOLE;
        child1[n] = HOLE;
      }
    }
  }

  /** Calls `visit(key, mask, value)` for every leaf cube, in key order of the trie's bit order. */
  forEachLeaf(visit: (key: number, mask: number, value: number) => void): void {
    const walk = (node: number, level: number, key: number, mask: number): void => {
      const v = this.value[node];
      if (v >= 0) return visit(key >>> 0, mask >>> 0, v);
      const bit = this.bitOrder[level];
      const m = (mask | (1 << bit)) >>> 0;
      if (this.child0[node] !== HOLE) walk(this.child0[node], level + 1, key, m);
      if (this.child1[node] !== HOLE) walk(this.child1[node], level + 1, (key | (1 << bit)) >>> 0, m);
    };
    walk(0, 0, 0, 0);
  }

  /** Builds the first-match trie of a table: entry i gets value values[i] (default: i). */
  static ofTable(keys: Uint32Array, masks: Uint32Array, size: number, bitOrder?: Uint8Array, values?: ArrayLike<number>): KeyTrie {
    const t = new KeyTrie(bitOrder ?? KeyTrie.bitOrderFor(masks.subarray(0, size)), 1 << 24, Math.max(1024, size * 4));
    for (let i = 0; i < size; i++) t.insert(keys[i], masks[i], values ? values[i] : i);
    return t;
  }
}
