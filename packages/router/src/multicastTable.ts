import { ROUTE_WORDS, encodeRoute, decodeRoute, type RouteSpec } from './route';

/** Raised when a table would exceed its capacity: names the chip, the entries and the capacity. */
export class TableCapacityError extends Error {
  constructor(
    readonly chip: string,
    readonly entries: number,
    readonly capacity: number,
  ) {
    super(
      `router table of ${chip} needs ${entries.toLocaleString('en-US')} entries but holds ` +
        `${capacity.toLocaleString('en-US')}. Hint: compress the table, give sources wider key masks, or spread ` +
        `the network over more chips.`,
    );
    this.name = 'TableCapacityError';
  }
}

/**
 * A multicast routing table: (key, mask, route) entries in priority order; the first entry with
 * (k & mask) === key matches. Keys, masks and routes live in typed arrays sized to the capacity.
 */
export class MulticastTable {
  readonly keys: Uint32Array;
  readonly masks: Uint32Array;
  readonly routes: Uint32Array;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly chipName = 'chip',
  ) {
    this.keys = new Uint32Array(capacity);
    this.masks = new Uint32Array(capacity);
    this.routes = new Uint32Array(capacity * ROUTE_WORDS);
  }

  get size(): number {
    return this.count;
  }

  add(key: number, mask: number, route: RouteSpec | Uint32Array): number {
    if (this.count >= this.capacity) throw new TableCapacityError(this.chipName, this.count + 1, this.capacity);
    if (((key >>> 0) & ~mask) !== 0) throw new RangeError(`key 0x${(key >>> 0).toString(16)} has bits outside mask 0x${(mask >>> 0).toString(16)}`);
    const i = this.count++;
    this.keys[i] = key >>> 0;
    this.masks[i] = mask >>> 0;
    if (route instanceof Uint32Array) this.routes.set(route.subarray(0, ROUTE_WORDS), i * ROUTE_WORDS);
    else encodeRoute(route, this.routes, i * ROUTE_WORDS);
    return i;
  }

  /** Index of the first matching entry, or -1. */
  lookup(key: number): number {
    const k = key >>> 0;
    const { keys, masks } = this;
    for (let i = 0, n = this.count; i < n; i++) if (((k & masks[i]) >>> 0) === keys[i]) return i;
    return -1;
  }

  route(entry: number): { links: number[]; pes: number[] } {
    return decodeRoute(this.routes, entry * ROUTE_WORDS);
  }
}
