import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMulticastTree, type PeAddress } from './multicastTree';
import { checkMulticastTree } from './treeChecker';
import { p2pRoute } from './p2pRoute';
import { board48Topology, boardsTopology, triadTopology } from './topologyPresets';
import { LINK_DELTAS, type Topology } from './topology';
import { ROUTE_WORDS, decodeRoute } from './route';

const topos = [board48Topology(), triadTopology(), boardsTopology(2)];

/** Reference hop distance: breadth first over (x, y) with the link deltas, written independently of Topology. */
function refDistance(t: Topology, from: number, to: number): number {
  const key = (x: number, y: number) => `${x},${y}`;
  const exists = new Set(t.chips.map((c) => key(c.x, c.y)));
  const wrap = (v: number, n: number) => (t.wrap ? (v + n) % n : v);
  let frontier = [t.chips[from]];
  const seen = new Set([key(frontier[0].x, frontier[0].y)]);
  for (let d = 0; frontier.length > 0; d++) {
    if (frontier.some((c) => c.x === t.chips[to].x && c.y === t.chips[to].y)) return d;
    const next = [];
    for (const c of frontier)
      for (const [dx, dy] of LINK_DELTAS) {
        const n = { x: wrap(c.x + dx, t.width), y: wrap(c.y + dy, t.height) };
        if (exists.has(key(n.x, n.y)) && !seen.has(key(n.x, n.y))) {
          seen.add(key(n.x, n.y));
          next.push(n);
        }
      }
    frontier = next;
  }
  return -1;
}

/** Independent packet flood through the tree's routes: delivery counts per "chip:pe" and visits per chip. */
function flood(t: Topology, tree: ReturnType<typeof buildMulticastTree>) {
  const slot = new Map(tree.chips.map((c, i) => [c, i]));
  const visits = new Map<number, number>();
  const got = new Map<string, number>();
  const hops = new Map<number, number>();
  const stack: Array<[number, number]> = [[tree.source.chip, 0]];
  let steps = 0;
  while (stack.length && steps++ < 10000) {
    const [c, h] = stack.pop()!;
    visits.set(c, (visits.get(c) ?? 0) + 1);
    hops.set(c, h);
    const i = slot.get(c);
    if (i === undefined) continue;
    const r = decodeRoute(tree.routes, i * ROUTE_WORDS);
    for (const pe of r.pes) got.set(`${c}:${pe}`, (got.get(`${c}:${pe}`) ?? 0) + 1);
    for (const l of r.links) {
      const { x, y } = t.chips[c];
      const n = t.neighbour(x, y, l)!;
      stack.push([t.index(n.x, n.y), h + 1]);
    }
  }
  return { visits, got, hops };
}

const arbCase = fc.record({
  topo: fc.integer({ min: 0, max: topos.length - 1 }),
  source: fc.nat(),
  targets: fc.array(fc.record({ chip: fc.nat(), pe: fc.integer({ min: 0, max: 151 }) }), { minLength: 1, maxLength: 30 }),
});

describe('buildMulticastTree', () => {
  it('reaches every target PE exactly once, no other PE, no chip twice, each by a shortest path (property)', () => {
    fc.assert(
      fc.property(arbCase, ({ topo, source, targets }) => {
        const t = topos[topo];
        const src: PeAddress = { chip: source % t.size, pe: 0 };
        const tg = targets.map((x) => ({ chip: x.chip % t.size, pe: x.pe }));
        const tree = buildMulticastTree(t, src, tg);
        const { visits, got, hops } = flood(t, tree);
        for (const v of visits.values()) expect(v).toBe(1);
        const want = new Set(tg.map((x) => `${x.chip}:${x.pe}`));
        expect(new Set(got.keys())).toEqual(want);
        for (const n of got.values()) expect(n).toBe(1);
        for (const x of tg) expect(hops.get(x.chip)).toBe(refDistance(t, src.chip, x.chip));
        const report = checkMulticastTree(t, tree, tg);
        expect(report.problems).toEqual([]);
        expect(report.meanHops).toBeCloseTo(report.meanHopsLowerBound, 9);
        // Branches are shared: never more links than the sum of the separate shortest paths.
        const separate = [...new Set(tg.map((x) => x.chip))].reduce((s, c) => s + refDistance(t, src.chip, c), 0);
        expect(report.links).toBeLessThanOrEqual(separate);
      }),
      { numRuns: 150 },
    );
  });

  it('shares the trunk for targets in a line', () => {
    const t = triadTopology();
    const targets = [1, 2, 3, 4].map((x) => ({ chip: t.index(x, 0), pe: 5 }));
    const tree = buildMulticastTree(t, { chip: t.index(0, 0), pe: 0 }, targets);
    expect(checkMulticastTree(t, tree, targets).links).toBe(4);
  });

  it('the tree checker catches a loop and a missing target', () => {
    const t = board48Topology();
    const targets = [{ chip: t.index(2, 2), pe: 1 }];
    const tree = buildMulticastTree(t, { chip: t.index(0, 0), pe: 0 }, targets);
    const broken = { ...tree, routes: tree.routes.slice() };
    broken.routes[0] |= 1 << 2; // an extra branch north from the source
    expect(checkMulticastTree(t, broken, targets).ok).toBe(false);
    expect(checkMulticastTree(t, tree, [...targets, { chip: t.index(3, 3), pe: 0 }]).problems.join()).toMatch(/receives 0 copies/);
  });
});

describe('p2pRoute', () => {
  it('takes a shortest path that ends at the destination (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: topos.length - 1 }), fc.nat(), fc.nat(), (ti, a, b) => {
        const t = topos[ti];
        const from = a % t.size;
        const to = b % t.size;
        const links = p2pRoute(t, from, to);
        expect(links.length).toBe(refDistance(t, from, to));
        let c = from;
        for (const l of links) c = t.neighbours[c * 6 + l];
        expect(c).toBe(to);
      }),
      { numRuns: 200 },
    );
  });
});
