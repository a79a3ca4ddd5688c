import { ROUTE_WORDS, encodeRoute, decodeRoute, type RouteSpec } from './route';

/** The capacity of a SpiNNaker2 router table [DS, SM]; machine specs may override it per chip. */
export const DEFAULT_TABLE_ENTRIES = 16384;

/**
 * Raised when a table would exceed its capacity: names the chip, the entries and the capacity, and what to try.
 * `uncompressedEntries` is set when the table was already compressed, so the message can say so.
 */
export class TableCapacityError extends Error {
  constructor(
    readonly chip: string,
    readonly entries: number,
    readonly capacity: number,
    readonly uncompressedEntries?: number,
  ) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    const after = uncompressedEntries === undefined ? '' : ` after compression (${fmt(uncompressedEntries)} before)`;
    super(
      `router table of ${chip} needs ${fmt(entries)} entries${after} but holds ${fmt(capacity)}. Hint: compress ` +
        `the table (or try another compressor), give sources wider key masks so one entry covers a whole ` +
        `population, spread the network over more chips, or raise the machine's routerEntries if you model ` +
        `different hardware.`,
    );
    this.name = 'TableCapacityError';
  }
}

/**
 * A multicast routing table: (key, mask, route) entries in priority order; the first entry with
 * (k & mask) === key matches. Keys, masks, routes and "defaultable" flags live in typed arrays sized to the
 * capacity. An entry is defaultable when default routing alone would send its packets the same way (its route is
 * the single link opposite the one they arrive on): a compressor may drop it if no other entry then catches them.
 */
export class MulticastTable {
  readonly keys: Uint32Array;
  readonly masks: Uint32Array;
  readonly routes: Uint32Array;
  readonly defaultable: Uint8Array;
  private count = 0;

  constructor(
    readonly capacity: number = DEFAULT_TABLE_ENTRIES,
    readonly chipName = 'chip',
  ) {
    // One allocation, four views: compressors create a table per chip, and each ArrayBuffer costs a runtime call.
    const buf = new ArrayBuffer(capacity * (4 * (2 + ROUTE_WORDS) + 1));
    this.keys = new Uint32Array(buf, 0, capacity);
    this.masks = new Uint32Array(buf, 4 * capacity, capacity);
    this.routes = new Uint32Array(buf, 8 * capacity, capacity * ROUTE_WORDS);
    this.defaultable = new Uint8Array(buf, 4 * (2 + ROUTE_WORDS) * capacity, capacity);
  }

  get size(): number {
    return this.count;
  }

  add(key: number, mask: number, route: RouteSpec | Uint32Array, defaultable = false): number {
    if (this.count >= this.capacity) throw new TableCapacityError(this.chipName, this.count + 1, this.capacity);
    if (((key >>> 0) & ~mask) !== 0)
      throw new RangeError(`key 0x${(key >>> 0).toString(16)} has bits outside mask 0x${(mask >>> 0).toString(16)}`);
    const i = this.count++;
    this.keys[i] = key >>> 0;
    this.masks[i] = mask >>> 0;
    this.defaultable[i] = defaultable ? 1 : 0;
    const at = i * ROUTE_WORDS;
    if (route instanceof Uint32Array) this.routes.set(route.subarray(0, ROUTE_WORDS), at);
    else {
      this.routes.fill(0, at, at + ROUTE_WORDS);
      encodeRoute(route, this.routes, at);
    }
    return i;
  }

  /** Appends an entry whose route is words[at .. at + ROUTE_WORDS) (no view or object per entry). */
  addWords(key: number, mask: number, words: Uint32Array, at: number, defaultable = false): number {
    if (this.count >= this.capacity) throw new TableCapacityError(this.chipName, this.count + 1, this.capacity);
    if (((key >>> 0) & ~mask) !== 0)
      throw new RangeError(`key 0x${(key >>> 0).toString(16)} has bits outside mask 0x${(mask >>> 0).toString(16)}`);
    const i = this.count++;
    this.keys[i] = key;
    this.masks[i] = mask;
    this.defaultable[i] = defaultable ? 1 : 0;
    const r = this.routes;
    const to = i * ROUTE_WORDS;
    for (let w = 0; w < ROUTE_WORDS; w++) r[to + w] = words[at + w];
    return i;
  }

  /** Removes every entry (capacity and typed arrays are kept). */
  clear(): void {
    this.count = 0;
  }

  /** Index of the first matching entry, or -1. A linear scan: the router kernel uses a compiled lookup instead. */
  lookup(key: number): number {
    const k = key >>> 0;
    const { keys, masks } = this;
    for (let i = 0, n = this.count; i < n; i++) if (((k & masks[i]) >>> 0) === keys[i]) return i;
    return -1;
  }

  route(entry: number): { links: number[]; pes: number[] } {
    return decodeRoute(this.routes, entry * ROUTE_WORDS);
  }

  /** The route words of one entry (a view, not a copy). */
  routeWords(entry: number): Uint32Array {
    return this.routes.subarray(entry * ROUTE_WORDS, (entry + 1) * ROUTE_WORDS);
  }

  /** A copy holding exactly this table's entries, with another capacity and name if given. */
  copy(capacity = this.capacity, chipName = this.chipName): MulticastTable {
    const t = new MulticastTable(Math.max(capacity, this.count), chipName);
    for (let i = 0; i < this.count; i++) t.addWords(this.keys[i], this.masks[i], this.routes, i * ROUTE_WORDS, this.defaultable[i] === 1);
    return t;
  }
}
