import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMulticastTree } from './multicastTree';
import { tablesFromTrees, fitTables, type RoutedSource } from './tableGeneration';
import { orderedCompressor } from './orderedCompressor';
import { allocateKeys } from './keyAllocation';
import { RouterKernel, routerOutputs } from './routerKernel';
import { PacketBatch } from './packetBatch';
import { PacketType, localPort, packKind } from './packet';
import { board48Topology } from './topologyPresets';
import { TableCapacityError, MulticastTable } from './multicastTable';
import type { Topology } from './topology';

/** Runs packets through one RouterKernel per chip, window by window, until none are in flight. */
function simulate(topo: Topology, tables: Map<number, MulticastTable>, sends: Array<{ chip: number; pe: number; key: number }>) {
  const kernels = new Map<number, RouterKernel>();
  const kernel = (c: number) => {
    let k = kernels.get(c);
    if (!k) {
      const dead = [0, 1, 2, 3, 4, 5].filter((l) => topo.neighbours[c * 6 + l] < 0);
      kernels.set(c, (k = new RouterKernel({ table: tables.get(c) ?? new MulticastTable(1), params: { linkBandwidthMbitPerS: 1e12 }, deadLinks: dead })));
    }
    return k;
  };
  let inputs = new Map<number, PacketBatch>();
  for (const s of sends) {
    if (!inputs.has(s.chip)) inputs.set(s.chip, new PacketBatch());
    inputs.get(s.chip)!.push(packKind(PacketType.MC), s.key, localPort(s.pe), 0);
  }
  const delivered = new Map<string, number>();
  let dropped = 0;
  for (let window = 0; inputs.size > 0; window++) {
    if (window > 100) throw new Error('packets still in flight after 100 windows: a loop');
    const next = new Map<number, PacketBatch>();
    for (const [c, batch] of inputs) {
      const out = routerOutputs();
      const k = kernel(c);
      k.route(batch, out, window * 1000);
      for (let i = 0; i < out.local.count; i++) {
        const d = `${c}:${out.local.port[i] - 6}:${out.local.key[i]}`;
        delivered.set(d, (delivered.get(d) ?? 0) + 1);
      }
      out.links.forEach((b, l) => {
        const n = topo.neighbours[c * 6 + l];
        if (b.count === 0) return;
        if (!next.has(n)) next.set(n, new PacketBatch());
        for (let i = 0; i < b.count; i++) next.get(n)!.copyFrom(b, i, b.port[i], b.timeNs[i]);
      });
    }
    inputs = next;
  }
  for (const k of kernels.values()) dropped += k.counters.get('dropped') + k.counters.get('droppedNoRoute');
  return { delivered, dropped };
}

describe('tables from trees, end to end through router kernels', () => {
  it('every atom key reaches exactly its targets, before and after compression (property)', () => {
    const topo = board48Topology();
    const arb = fc.array(
      fc.record({ chip: fc.integer({ min: 0, max: 47 }), atoms: fc.integer({ min: 1, max: 6 }), targets: fc.array(fc.record({ chip: fc.integer({ min: 0, max: 47 }), pe: fc.integer({ min: 0, max: 7 }) }), { minLength: 1, maxLength: 6 }) }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, (pops) => {
        const keys = allocateKeys(pops.map((p, i) => ({ name: `p${i}`, slices: [p.atoms] })));
        const sources: RoutedSource[] = pops.map((p, i) => ({ tree: buildMulticastTree(topo, { chip: p.chip, pe: 0 }, p.targets), key: keys[i].space.key, mask: keys[i].space.mask }));
        const raw = tablesFromTrees(topo, sources);
        for (const tables of [raw, fitTables(raw, orderedCompressor)]) {
          const sends = pops.flatMap((p, i) => Array.from({ length: p.atoms }, (_, a) => ({ chip: p.chip, pe: 0, key: keys[i].space.key + a })));
          const { delivered, dropped } = simulate(topo, tables, sends);
          expect(dropped).toBe(0);
          const want = new Map<string, number>();
          pops.forEach((p, i) => {
            const targets = new Set(p.targets.map((t) => `${t.chip}:${t.pe}`));
            for (let a = 0; a < p.atoms; a++) for (const t of targets) want.set(`${t}:${keys[i].space.key + a}`, 1);
          });
          expect(delivered).toEqual(want);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('marks straight pass-through hops defaultable', () => {
    const topo = board48Topology();
    const tree = buildMulticastTree(topo, { chip: topo.index(0, 0), pe: 0 }, [{ chip: topo.index(3, 0), pe: 1 }]);
    const tables = tablesFromTrees(topo, [{ tree, key: 0, mask: 0xffffffff }]);
    expect(tables.get(topo.index(1, 0))!.defaultable[0]).toBe(1);
    expect(tables.get(topo.index(0, 0))!.defaultable[0]).toBe(0); // the source chip: locally sourced, never default
    expect(tables.get(topo.index(3, 0))!.defaultable[0]).toBe(0);
  });

  it('fails a table over capacity after compression with the chip, the entries, the capacity and a hint', () => {
    const t = new MulticastTable(10, 'chip(4,2)');
    for (let k = 0; k < 10; k++) t.add(k * 2, 0xffffffff, { pes: [k] }); // ten routes: nothing merges
    const err = (() => {
      try {
        fitTables(new Map([[0, t]]), orderedCompressor, 4);
      } catch (e) {
        return e as TableCapacityError;
      }
    })();
    expect(err).toBeInstanceOf(TableCapacityError);
    expect(err!.message).toMatch(/chip\(4,2\) needs 10 entries after compression \(10 before\) but holds 4\. Hint: /);
  });
});
