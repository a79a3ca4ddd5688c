import { LINK_COUNT } from './route';
import { oppositeLink, type Topology } from './topology';

/**
 * Point-to-point routing, as SpiNNaker's P2P table: for one destination chip, the link each chip sends a P2P
 * packet on (-1 at the destination and where it cannot be reached). Built breadth first from the destination, so
 * every path is shortest; ties go to the lowest link, so routes are deterministic.
 */
export function p2pNextLinks(topo: Topology, destination: number): Int8Array {
  const next = new Int8Array(topo.size).fill(-1);
  const seen = new Uint8Array(topo.size);
  const queue = new Int32Array(topo.size);
  let head = 0;
  let tail = 0;
  seen[destination] = 1;
  queue[tail++] = destination;
  while (head < tail) {
    const c = queue[head++];
    for (let l = 0; l < LINK_COUNT; l++) {
      const n = topo.neighbours[c * LINK_COUNT + l];
      if (n >= 0 && !seen[n]) {
        seen[n] = 1;
        next[n] = oppositeLink(l); // n reaches c by the link opposite to the one c reaches n by
        queue[tail++] = n;
      }
    }
  }
  return next;
}

/** The links a P2P packet takes from chip `from` to chip `to` (empty when they are the same chip). */
export function p2pRoute(topo: Topology, from: number, to: number): number[] {
  const next = p2pNextLinks(topo, to);
  const links: number[] = [];
  for (let c = from; c !== to; ) {
    const l = next[c];
    if (l < 0) throw new RangeError(`no P2P route from ${topo.chipName(from)} to ${topo.chipName(to)}`);
    links.push(l);
    c = topo.neighbours[c * LINK_COUNT + l];
  }
  return links;
}

/** The whole P2P table of a machine: next[destination * chips + chip]. chips^2 bytes: fine up to a few thousand. */
export function p2pTable(topo: Topology): Int8Array {
  const n = topo.size;
  const table = new Int8Array(n * n);
  for (let d = 0; d < n; d++) table.set(p2pNextLinks(topo, d), d * n);
  return table;
}
