import { LINK_COUNT, ROUTE_WORDS, decodeRoute } from './route';
import { oppositeLink, type Topology } from './topology';
import type { MulticastTree, PeAddress } from './multicastTree';

export interface TreeReport {
  ok: boolean;
  problems: string[];
  /** Mean over target chips of hops from the source along the tree, and of the shortest possible hops. */
  meanHops: number;
  meanHopsLowerBound: number;
  /** Links the tree uses (one per non-source chip). */
  links: number;
}

/**
 * Checks a multicast tree by sending one packet through it, hop by hop, as routers would: every target PE must get
 * it exactly once, no other PE may get it, no chip may see it twice (a loop or a duplicate path), and every link
 * must lead to a chip of the machine and arrive by the link the tree says. Also measures hops against the bound.
 */
export function checkMulticastTree(topo: Topology, tree: MulticastTree, targets: readonly PeAddress[]): TreeReport {
  const problems: string[] = [];
  const slot = new Map<number, number>();
  tree.chips.forEach((c, i) => slot.set(c, i));
  const seen = new Int32Array(topo.size).fill(-1); // hops at which the packet reached the chip
  const delivered = new Map<string, number>();
  const queue: Array<[number, number, number]> = [[tree.source.chip, -1, 0]];
  let links = 0;
  while (queue.length > 0 && problems.length < 20) {
    const [chip, arrivedBy, hops] = queue.shift()!;
    if (seen[chip] >= 0) {
      problems.push(`${topo.chipName(chip)} receives the packet twice`);
      continue;
    }
    seen[chip] = hops;
    const i = slot.get(chip);
    if (i === undefined) {
      problems.push(`${topo.chipName(chip)} receives the packet but has no route`);
      continue;
    }
    if (tree.inLink[i] !== arrivedBy) problems.push(`${topo.chipName(chip)}: tree says in-link ${tree.inLink[i]}, packet came by ${arrivedBy}`);
    const r = decodeRoute(tree.routes, i * ROUTE_WORDS);
    for (const pe of r.pes) delivered.set(`${chip}:${pe}`, (delivered.get(`${chip}:${pe}`) ?? 0) + 1);
    for (const l of r.links) {
      const n = topo.neighbours[chip * LINK_COUNT + l];
      if (n < 0) problems.push(`${topo.chipName(chip)} sends on link ${l}, which leads off the machine`);
      else {
        links++;
        queue.push([n, oppositeLink(l), hops + 1]);
      }
    }
  }
  const wanted = new Set(targets.map((t) => `${t.chip}:${t.pe}`));
  for (const w of wanted) if ((delivered.get(w) ?? 0) !== 1) problems.push(`target ${w} receives ${delivered.get(w) ?? 0} copies`);
  for (const [d, n] of delivered) if (!wanted.has(d)) problems.push(`PE ${d} is not a target but receives ${n} copies`);
  for (const c of tree.chips) if (seen[c] < 0) problems.push(`${topo.chipName(c)} is in the tree but never reached`);
  const dist = topo.hopDistances(tree.source.chip);
  const chips = [...new Set(targets.map((t) => t.chip))];
  const mean = (f: (c: number) => number) => (chips.length === 0 ? 0 : chips.reduce((s, c) => s + f(c), 0) / chips.length);
  return {
    ok: problems.length === 0,
    problems,
    meanHops: mean((c) => seen[c]),
    meanHopsLowerBound: mean((c) => dist[c]),
    links,
  };
}
