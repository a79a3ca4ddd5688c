import { LINK_COUNT, ROUTE_WORDS, peBit } from './route';
import { oppositeLink, type Topology } from './topology';

/** A PE on a chip, by chip index in the topology. */
export interface PeAddress {
  chip: number;
  pe: number;
}

/**
 * A multicast tree: the chips a packet visits, and on each the route (out links and local PEs) and the link it
 * arrives by (-1 on the source chip). `routes` holds ROUTE_WORDS words per tree chip, in the order of `chips`.
 */
export interface MulticastTree {
  source: PeAddress;
  chips: number[];
  inLink: number[];
  routes: Uint32Array;
}

/**
 * Builds a shortest-path multicast tree that shares branches. Every target chip is reached by a shortest path
 * (so each target's hops equal the lower bound), and among the shortest paths each step back towards the source
 * prefers (1) a chip already in the tree (sharing a branch), then (2) going straight on (a straight hop is
 * default-routable, so its entry can be compressed away), then the lowest link. Targets are joined farthest
 * first, so near targets hang off branches that far ones already laid. The result is a tree by construction: a
 * chip joins once, through one parent.
 */
export function buildMulticastTree(topo: Topology, source: PeAddress, targets: readonly PeAddress[]): MulticastTree {
  const dist = topo.hopDistances(source.chip);
  const parentLink = new Int8Array(topo.size).fill(-1); // link from the parent into this chip
  const inTree = new Uint8Array(topo.size);
  inTree[source.chip] = 1;
  const targetChips = [...new Set(targets.map((t) => t.chip))];
  for (const c of targetChips)
    if (dist[c] < 0) throw new RangeError(`${topo.chipName(c)} cannot be reached from ${topo.chipName(source.chip)}`);
  targetChips.sort((a, b) => dist[b] - dist[a] || a - b);
  const nb = topo.neighbours;
  for (const t of targetChips) {
    let c = t;
    let straight = -1; // the link by which the walk's previous chip was entered: reusing it keeps the path straight
    while (!inTree[c]) {
      inTree[c] = 1;
      // Candidate parents: neighbours one hop closer to the source. The parent p reaches c by link L where
      // c's link oppositeLink(L) leads back to p.
      let best = -1;
      let bestLink = -1;
      let bestScore = -1;
      for (let back = 0; back < LINK_COUNT; back++) {
        const p = nb[c * LINK_COUNT + back];
        if (p < 0 || dist[p] !== dist[c] - 1) continue;
        const link = oppositeLink(back);
        const score = (inTree[p] ? 4 : 0) + (link === straight ? 2 : 0);
        if (score > bestScore) {
          best = p;
          bestLink = link;
          bestScore = score;
        }
      }
      parentLink[c] = bestLink;
      straight = bestLink;
      c = best;
    }
  }
  // Lay out the tree breadth first from the source and fill in routes.
  const order = Array.from(inTree.keys()).filter((c) => inTree[c]);
  order.sort((a, b) => dist[a] - dist[b] || a - b);
  const slot = new Map<number, number>();
  order.forEach((c, i) => slot.set(c, i));
  const routes = new Uint32Array(order.length * ROUTE_WORDS);
  const inLink = order.map((c) => (c === source.chip ? -1 : oppositeLink(parentLink[c])));
  for (const c of order) {
    if (c === source.chip) continue;
    const p = nb[c * LINK_COUNT + oppositeLink(parentLink[c])];
    routes[slot.get(p)! * ROUTE_WORDS] |= 1 << parentLink[c];
  }
  for (const t of targets) {
    const b = peBit(t.pe);
    routes[slot.get(t.chip)! * ROUTE_WORDS + (b >>> 5)] |= 1 << (b & 31);
  }
  return { source, chips: order, inLink, routes };
}
