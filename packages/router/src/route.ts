/**
 * A route: one bit per chip link (bits 0-5: E, NE, N, W, SW, S) and one per PE (bit 6 + p), as SpiNNaker's
 * route field. 6 + 152 bits need five 32-bit words; routes are stored flat in Uint32Arrays so that tables hold no
 * object per entry.
 */
export const LINK_COUNT = 6;
export const ROUTE_WORDS = 5;
export const MAX_ROUTE_PES = ROUTE_WORDS * 32 - LINK_COUNT;

export const LINK_NAMES = ['E', 'NE', 'N', 'W', 'SW', 'S'] as const;

export function peBit(pe: number): number {
  if (!Number.isInteger(pe) || pe < 0 || pe >= MAX_ROUTE_PES) throw new RangeError(`PE ${pe} has no route bit`);
  return LINK_COUNT + pe;
}

/** A route under construction or as read back: links and PEs as plain numbers. */
export interface RouteSpec {
  links?: readonly number[];
  pes?: readonly number[];
}

export function encodeRoute(spec: RouteSpec, out: Uint32Array = new Uint32Array(ROUTE_WORDS), at = 0): Uint32Array {
  for (const l of spec.links ?? []) {
    if (!Number.isInteger(l) || l < 0 || l >= LINK_COUNT) throw new RangeError(`link ${l} is not 0-5`);
    out[at] |= 1 << l;
  }
  for (const p of spec.pes ?? []) {
    const b = peBit(p);
    out[at + (b >>> 5)] |= 1 << (b & 31);
  }
  return out;
}

export function decodeRoute(words: Uint32Array, at = 0): { links: number[]; pes: number[] } {
  const links: number[] = [];
  const pes: number[] = [];
  for (let b = 0; b < ROUTE_WORDS * 32; b++) {
    if ((words[at + (b >>> 5)] >>> (b & 31)) & 1) (b < LINK_COUNT ? links : pes).push(b < LINK_COUNT ? b : b - LINK_COUNT);
  }
  return { links, pes };
}
