import { LINK_COUNT, type MulticastTable } from '@s2sim/router';

/** A packet that goes round more chips than this is in a routing loop and is dropped. */
export const MAX_HOPS = 64;

/** Where one multicast key from one chip ends up: (chip, entry, hops) triples and the packets lost on the way. */
export interface RouteWalk {
  /** dstChip, entry index in that chip's table, hops; flat. */
  deliveries: number[];
  hops: number;
  droppedNoLink: number;
  droppedLoop: number;
  /** Every link crossed, as chip * LINK_COUNT + link of the chip it leaves (for per-link counters). */
  links: number[];
  /** Every link a copy was routed onto that leads to no chip, as chip * LINK_COUNT + link. */
  deadLinks: number[];
}

/**
 * Follows a multicast packet that leaves `srcChip` on the links of `linkBits` through the other chips' tables:
 * a chip whose table matches the key delivers to the PEs of the route and forwards on its links; a chip without a
 * match forwards on the link opposite the one the packet came in on (default routing [SM, ST]). Tables are fixed
 * during a run, so the walk for a (chip, key) is computed once and cached by the caller.
 */
export function walkRoute(srcChip: number, key: number, linkBits: number, tables: readonly MulticastTable[], neighbours: Int32Array): RouteWalk {
  const out: RouteWalk = { deliveries: [], hops: 0, droppedNoLink: 0, droppedLoop: 0, links: [], deadLinks: [] };
  const stack: number[] = [];
  for (let l = 0; l < LINK_COUNT; l++) if (linkBits & (1 << l)) stack.push(srcChip, l, 0);
  while (stack.length) {
    const hops = stack.pop()! + 1;
    const link = stack.pop()!;
    const chip = stack.pop()!;
    const next = neighbours[chip * LINK_COUNT + link];
    if (next < 0) {
      out.droppedNoLink++;
      out.deadLinks.push(chip * LINK_COUNT + link);
      continue;
    }
    if (hops > MAX_HOPS) {
      out.droppedLoop++;
      continue;
    }
    out.hops++;
    out.links.push(chip * LINK_COUNT + link);
    const table = tables[next];
    const entry = table.size ? table.lookup(key) : -1;
    if (entry < 0) {
      stack.push(next, link, hops); // default route: straight on
      continue;
    }
    const words = table.routes;
    const base = entry * 5;
    const routeLinks = words[base] & ((1 << LINK_COUNT) - 1);
    let hasPes = (words[base] >>> LINK_COUNT) !== 0;
    for (let w = 1; w < 5 && !hasPes; w++) hasPes = words[base + w] !== 0;
    if (hasPes) out.deliveries.push(next, entry, hops);
    for (let l = 0; l < LINK_COUNT; l++) if (routeLinks & (1 << l)) stack.push(next, l, hops);
  }
  return out;
}
