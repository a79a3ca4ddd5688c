import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MulticastTable } from './multicastTable';
import { RouterKernel, routerOutputs, MONITOR_PE } from './routerKernel';
import { PacketBatch } from './packetBatch';
import { NN_ALL_LINKS, PacketType, localPort, p2pKey, packKind } from './packet';
import { routerParamsSchema, describeRouterParams } from './routerParams';
import { ROUTE_WORDS, decodeRoute } from './route';
import { naiveLookup } from './testSupport.test-util';

const FAST = { linkBandwidthMbitPerS: 1e12, waitLimitNs: 1e15 }; // no contention: every copy leaves at once
const MC = packKind(PacketType.MC);

/** Everything a batch holds, as sortable strings "dest|key|time|payload". */
function dump(out: ReturnType<typeof routerOutputs>): string[] {
  const rows: string[] = [];
  out.links.forEach((b, l) => {
    for (let i = 0; i < b.count; i++) rows.push(`L${l}|${b.key[i]}|${b.port[i]}|${b.timeNs[i]}|${b.get(i).payload}`);
  });
  for (let i = 0; i < out.local.count; i++) rows.push(`P${out.local.port[i] - 6}|${out.local.key[i]}|${out.local.timeNs[i]}|${out.local.get(i).payload}`);
  return rows.sort();
}

describe('RouterKernel', () => {
  it('routes multicast batches exactly as a naive reference router (property)', () => {
    const arb = fc.record({
      entries: fc.array(fc.record({ key: fc.integer({ min: 0, max: 255 }), mask: fc.integer({ min: 0, max: 255 }), links: fc.integer({ min: 0, max: 63 }), pes: fc.array(fc.integer({ min: 0, max: 151 }), { maxLength: 3 }) }), { maxLength: 20 }),
      packets: fc.array(fc.record({ key: fc.integer({ min: 0, max: 255 }), port: fc.integer({ min: 0, max: 20 }), words: fc.integer({ min: 0, max: 4 }), p0: fc.nat() }), { maxLength: 50 }),
    });
    fc.assert(
      fc.property(arb, ({ entries, packets }) => {
        const table = new MulticastTable(Math.max(1, entries.length));
        for (const e of entries) {
          const mask = (0xffffff00 | e.mask) >>> 0;
          table.add((e.key & mask) >>> 0, mask, { links: [0, 1, 2, 3, 4, 5].filter((l) => (e.links >> l) & 1), pes: e.pes });
        }
        const kernel = new RouterKernel({ table, params: FAST });
        const batch = new PacketBatch(2);
        packets.forEach((p, i) => batch.push(packKind(PacketType.MC, p.words), p.key, p.port, i * 10, [p.p0, p.p0 + 1, p.p0 + 2, p.p0 + 3]));
        const out = routerOutputs(1);
        kernel.route(batch, out);
        // Reference: first match by scan; no match -> opposite link if it came by a link, else dropped.
        const { hopLatencyNs, localDeliveryNs } = routerParamsSchema.parse(FAST);
        const want: string[] = [];
        let dropped = 0;
        packets.forEach((p, i) => {
          const pay = [p.p0, p.p0 + 1, p.p0 + 2, p.p0 + 3].slice(0, p.words).map((x) => x >>> 0);
          const e = naiveLookup(table.keys, table.masks, table.size, p.key);
          const r = e < 0 ? { links: p.port < 6 ? [(p.port + 3) % 6] : [], pes: [] } : decodeRoute(table.routes, e * ROUTE_WORDS);
          if (e < 0 && p.port >= 6) dropped++;
          for (const l of r.links) want.push(`L${l}|${p.key}|${(l + 3) % 6}|${i * 10 + hopLatencyNs}|${pay}`);
          for (const pe of r.pes) want.push(`P${pe}|${p.key}|${i * 10 + localDeliveryNs}|${pay}`);
        });
        expect(dump(out)).toEqual(want.sort());
        expect(kernel.counters.get('droppedNoRoute')).toBe(dropped);
        expect(kernel.counters.get('localMulticast') + kernel.counters.get('externalMulticast')).toBe(packets.length);
      }),
      { numRuns: 200 },
    );
  });

  it('holds packets while a link is busy, drops past the wait limit, re-injects in the next window', () => {
    const table = new MulticastTable(1);
    table.add(7, 0xffffffff, { links: [2] });
    // 40-bit packets at 400 Mbit/s occupy the link 100 ns each.
    const kernel = new RouterKernel({ table, params: { linkBandwidthMbitPerS: 400, waitLimitNs: 250, hopLatencyNs: 200, packetHeaderBits: 8 } });
    const batch = new PacketBatch();
    for (let i = 0; i < 5; i++) batch.push(MC, 7, localPort(0), 0);
    const out = routerOutputs();
    kernel.route(batch, out, 0);
    expect(Array.from(out.links[2].timeNs.subarray(0, out.links[2].count))).toEqual([200, 300, 400]);
    expect(kernel.counters.get('dropped')).toBe(2);
    expect(kernel.counters.link(2, 'waitNs')).toBe(300);
    expect(kernel.counters.link(2, 'busyNs')).toBe(300);
    const out2 = routerOutputs();
    kernel.route(new PacketBatch(), out2, 1000);
    expect(kernel.counters.get('reinjected')).toBe(2);
    expect(Array.from(out2.links[2].timeNs.subarray(0, out2.links[2].count))).toEqual([1200, 1300]);
    expect(out.local.count + out2.local.count).toBe(0);

    const noReinject = new RouterKernel({ table, params: { linkBandwidthMbitPerS: 400, waitLimitNs: 250, reinjection: false } });
    noReinject.route(batch, routerOutputs(), 0);
    const out3 = routerOutputs();
    noReinject.route(new PacketBatch(), out3, 1000);
    expect(out3.links[2].count).toBe(0);
    expect(noReinject.counters.get('reinjected')).toBe(0);
  });

  it('routes P2P by its table, NN to one or all links, FR by the register, and counts each kind', () => {
    const kernel = new RouterKernel({
      table: new MulticastTable(1),
      params: FAST,
      p2pLinks: Int8Array.of(-1, 4, 1),
      fixedRoute: Uint32Array.of((1 << 5) | (1 << (6 + 9)), 0, 0, 0, 0),
      deadLinks: [3],
    });
    const b = new PacketBatch();
    b.push(packKind(PacketType.P2P), p2pKey(2, 0), localPort(3), 0);
    b.push(packKind(PacketType.P2P), p2pKey(0, 1), 1, 0); // addressed to this chip (index 0)
    b.push(packKind(PacketType.NN, 1, 4), 99, localPort(3), 0, [42]);
    b.push(packKind(PacketType.NN, 0, NN_ALL_LINKS), 98, localPort(3), 0);
    b.push(packKind(PacketType.NN), 97, 2, 0);
    b.push(packKind(PacketType.FR), 5, localPort(1), 0);
    const out = routerOutputs();
    kernel.route(b, out);
    expect(out.links[1].count).toBe(1 + 1);
    expect(out.links[4].get(0)).toMatchObject({ key: 99, payload: [42] });
    expect(out.links[3].count).toBe(0); // dead link: the NN broadcast copy there is dropped
    expect(kernel.counters.link(3, 'dropped')).toBe(1);
    expect(out.links[5].count).toBe(2); // NN broadcast + FR
    const locals = Array.from({ length: out.local.count }, (_, i) => out.local.port[i] - 6).sort((a, c) => a - c);
    expect(locals).toEqual([MONITOR_PE, MONITOR_PE, 9]);
    expect([kernel.counters.get('pointToPoint'), kernel.counters.get('nearestNeighbour'), kernel.counters.get('fixedRoute')]).toEqual([2, 3, 1]);
  });

  it('notices added entries and names its statistics along the machine tree', () => {
    const table = new MulticastTable(4);
    const kernel = new RouterKernel({ table });
    expect(kernel.lookup(3)).toBe(-1);
    table.add(3, 0xffffffff, { pes: [1] });
    expect(kernel.lookup(3)).toBe(0);
    const names = kernel.counters.report('chip(1,2)').map((s) => s.name);
    expect(names).toContain('chip(1,2).router.dropped');
    expect(names).toContain('chip(1,2).link(NE).sent');
  });
});

describe('routerParamsSchema', () => {
  it('has a default, a unit in the name and a source or "assumption" for every parameter', () => {
    for (const p of describeRouterParams()) {
      expect(p.default).not.toBeUndefined();
      expect(p.description).toMatch(/\[(ST|SM|DS|G23)|assumption/);
    }
    expect(() => routerParamsSchema.parse({ latency: 3 })).toThrow();
    expect(routerParamsSchema.parse({}).hopLatencyNs).toBe(200);
  });
});
