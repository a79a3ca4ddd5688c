import type { MulticastTable } from './multicastTable';
import { KeyTrie, HOLE } from './keyTrie';

const FULL_MASK = 0xffffffff;
/** Marks an empty slot of the exact-key hash (entries are >= 0, so no result can look like it). */
export const EMPTY_SLOT = -1;
const GOLDEN = 0x9e3779b1;
/** With `info`, a slot holds entry << INFO_BITS | info[entry] (tables below 2^(31 - INFO_BITS) entries). */
export const INFO_BITS = 14;
export const MAX_PACKED_ENTRIES = 1 << (31 - INFO_BITS);

/**
 * A table's first-match lookup, precompiled for the router kernel. Full tables are mostly full-mask entries (one
 * per source key), and a binary key trie walks up to 32 dependent levels for each of them, so:
 * - every key of a full-mask entry goes into an open-addressing hash (load <= 1/2, key and result side by side in
 *   one Int32Array, so a probe touches one cache line) together with its *true* first match (an earlier entry with
 *   a wider mask may own it), found once here with the trie of the whole table;
 * - any other key matches no full-mask entry, so its first match is the first match among the other entries: a
 *   trie of those entries only (empty, and never walked, when every entry has a full mask).
 * Results are identical to the first-match scan (property-tested against it).
 */
export class CompiledLookup {
  /** slots[2h] = key, slots[2h + 1] = entry (or entry << INFO_BITS | info, see `packed`) or EMPTY_SLOT. */
  readonly slots: Int32Array;
  readonly slotShift: number;
  readonly slotMask: number;
  /** Entries without a full mask (values: their index in the table), or undefined when there are none. */
  readonly rest: KeyTrie | undefined;
  /** Whether slots hold entry << INFO_BITS | info[entry]: one read gives the caller both (a full table misses caches). */
  readonly packed: boolean;
  /** Whether any entry has a full mask (else the hash is empty and need not be probed). */
  readonly exact: boolean;
  /** OR of all masks: key bits outside it never change a result. */
  readonly keyBits: number;

  /** `info`: per-entry values below 2^INFO_BITS to pack next to each exact key's entry (ignored for big tables). */
  constructor(table: MulticastTable, info?: Int32Array) {
    const { keys, masks, size } = table;
    this.packed = info !== undefined && size <= MAX_PACKED_ENTRIES;
    let full = 0;
    let keyBits = 0;
    for (let i = 0; i < size; i++) {
      keyBits |= masks[i];
      if (masks[i] === FULL_MASK) full++;
    }
    this.keyBits = keyBits >>> 0;
    this.exact = full > 0;
    let bits = 1;
    while (1 << bits < 2 * full) bits++;
    this.slotShift = 32 - bits;
    this.slotMask = (1 << bits) - 1;
    this.slots = new Int32Array(2 << bits);
    for (let s = 1; s < this.slots.length; s += 2) this.slots[s] = EMPTY_SLOT;
    const restIdx: number[] = [];
    for (let i = 0; i < size; i++) if (masks[i] !== FULL_MASK) restIdx.push(i);
    if (restIdx.length > 0) {
      const rk = Uint32Array.from(restIdx, (i) => keys[i]);
      const rm = Uint32Array.from(restIdx, (i) => masks[i]);
      this.rest = KeyTrie.ofTable(rk, rm, rk.length, undefined, restIdx);
    }
    if (full === 0) return;
    // The first match of an exact key: the earliest of its own first full-mask entry and the rest's answer.
    const { slots, slotShift, slotMask } = this;
    for (let i = 0; i < size; i++) {
      if (masks[i] !== FULL_MASK) continue;
      const k = keys[i] | 0;
      let h = Math.imul(k, GOLDEN) >>> slotShift;
      while (slots[2 * h + 1] !== EMPTY_SLOT && slots[2 * h] !== k) h = (h + 1) & slotMask;
      if (slots[2 * h + 1] !== EMPTY_SLOT) continue; // an earlier full-mask entry with this key wins
      const r = this.rest ? this.rest.lookup(k >>> 0) : HOLE;
      const e = r !== HOLE && r < i ? r : i;
      slots[2 * h] = k;
      slots[2 * h + 1] = this.packed ? (e << INFO_BITS) | info![e] : e;
    }
  }

  /** Index of the first entry that matches `key`, or -1. */
  lookup(key: number): number {
    const { slots, slotShift, slotMask } = this;
    const k = key | 0;
    let h = Math.imul(k, GOLDEN) >>> slotShift;
    for (let e = slots[2 * h + 1]; e !== EMPTY_SLOT; e = slots[2 * h + 1]) {
      if (slots[2 * h] === k) return this.packed ? e >> INFO_BITS : e;
      h = (h + 1) & slotMask;
    }
    if (this.rest === undefined) return -1;
    const r = this.rest.lookup(key >>> 0);
    return r === HOLE ? -1 : r;
  }
}
