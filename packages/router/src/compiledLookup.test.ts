import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MulticastTable } from './multicastTable';
import { CompiledLookup } from './compiledLookup';
import { RouterKernel } from './routerKernel';
import { naiveLookup } from './testSupport.test-util';
import { PacketBatch } from './packetBatch';
import { PacketType, localPort, packKind, p2pKey } from './packet';
import { routerOutputs } from './routerKernel';

/**
 * Tables that mix full-mask entries (the exact-key hash) with wider ones (the fallback trie), with repeated keys and
 * wide entries placed before exact ones, inside an 8-bit window above a random high part so that hash slots collide.
 */
const arbEntries = fc.array(
  fc.record({ key: fc.integer({ min: 0, max: 255 }), free: fc.integer({ min: 0, max: 255 }), full: fc.boolean() }),
  { maxLength: 60 },
);

function build(high: number, entries: Array<{ key: number; free: number; full: boolean }>): MulticastTable {
  const t = new MulticastTable(Math.max(1, entries.length));
  entries.forEach((e, i) => {
    const mask = e.full ? 0xffffffff : (~(e.free & (e.free >> 1)) & 0xffffffff) >>> 0;
    t.add(((high | e.key) & mask) >>> 0, mask, { pes: [i % 152] });
  });
  return t;
}

describe('CompiledLookup', () => {
  it('finds the first matching entry as a naive first-match scan does (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), arbEntries, (hi, entries) => {
        const high = (hi << 8) >>> 0;
        const t = build(high, entries);
        const c = new CompiledLookup(t);
        // Packed slots (entry and a per-entry value side by side) must give the same entries.
        const packed = new CompiledLookup(t, Int32Array.from({ length: t.size }, (_, i) => (i * 37) & 16383));
        const kernel = new RouterKernel({ table: t });
        // Every key of the window, and the same keys with another high part (only wide entries may match them).
        for (let k = 0; k < 256; k++)
          for (const probe of [(high | k) >>> 0, ((high ^ 0x100) | k) >>> 0, (high | k) ^ 0x80000000]) {
            const want = naiveLookup(t.keys, t.masks, t.size, probe >>> 0);
            expect(c.lookup(probe >>> 0)).toBe(want);
            expect(packed.lookup(probe >>> 0)).toBe(want);
            expect(kernel.lookup(probe >>> 0)).toBe(want);
          }
      }),
      { numRuns: 60 },
    );
  });

  it('handles a full table of 16,384 random exact keys and keys that match nothing', () => {
    const t = new MulticastTable(16384);
    let x = 99;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const present: number[] = [];
    for (let i = 0; i < 16384; i++) {
      const k = (next() ^ (next() << 16)) >>> 0;
      present.push(k);
      t.add(k, 0xffffffff, { links: [i % 6] });
    }
    const c = new CompiledLookup(t);
    expect(c.rest).toBeUndefined();
    for (let i = 0; i < 16384; i += 7) expect(c.lookup(present[i])).toBe(naiveLookup(t.keys, t.masks, t.size, present[i]));
    for (let i = 0; i < 2000; i++) {
      const k = (next() ^ (next() << 16)) >>> 0;
      expect(c.lookup(k)).toBe(naiveLookup(t.keys, t.masks, t.size, k));
    }
  });

  it('routes batches longer than the kernel lookup chunk, mixed with other packet kinds, as the scan says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), arbEntries, fc.array(fc.integer({ min: 0, max: 511 }), { minLength: 300, maxLength: 900 }), (hi, entries, probes) => {
        const high = (hi << 8) >>> 0;
        const t = build(high, entries);
        const kernel = new RouterKernel({ table: t, params: { linkBandwidthMbitPerS: 1e12, waitLimitNs: 1e15 }, p2pLinks: Int8Array.of(-1) });
        const batch = new PacketBatch(4);
        const want: string[] = [];
        probes.forEach((p, i) => {
          if (p % 7 === 0) {
            batch.push(packKind(PacketType.P2P), p2pKey(0, p), localPort(1), i); // to this chip's monitor PE 0
            want.push(`${p2pKey(0, p)}:6`);
            return;
          }
          const k = ((p & 256 ? high ^ 0x100 : high) | (p & 255)) >>> 0;
          batch.push(packKind(PacketType.MC), k, localPort(2), i);
          const e = naiveLookup(t.keys, t.masks, t.size, k);
          if (e >= 0) want.push(`${k}:${6 + (e % 152)}`);
        });
        const out = routerOutputs(4);
        kernel.route(batch, out);
        const got = Array.from({ length: out.local.count }, (_, j) => `${out.local.key[j]}:${out.local.port[j]}`);
        expect(got).toEqual(want);
      }),
      { numRuns: 30 },
    );
  });

  it('routes through a big exact-key table (keys looked up a chunk ahead) as the scan says', () => {
    const t = new MulticastTable(6100);
    let x = 7;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    // Wide entries first (they own some exact keys below them), then 6,000 exact keys, half of them in 0x5a00xxxx.
    for (let i = 0; i < 50; i++) t.add(((0x5a000000 | (next() & 0xff00)) & 0xffffff00) >>> 0, 0xffffff00, { pes: [i % 152] });
    const present: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const k = (i % 2 ? (next() ^ (next() << 16)) >>> 0 : (0x5a000000 | (next() & 0xffff)) >>> 0);
      present.push(k);
      t.add(k, 0xffffffff, { pes: [(i + 7) % 152] });
    }
    const kernel = new RouterKernel({ table: t, params: { linkBandwidthMbitPerS: 1e12, waitLimitNs: 1e15 }, p2pLinks: Int8Array.of(-1) });
    const batch = new PacketBatch(4);
    const want: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 11 === 0) {
        batch.push(packKind(PacketType.P2P), p2pKey(0, i), localPort(1), i);
        want.push(`${p2pKey(0, i)}:6`);
        continue;
      }
      const k = i % 3 === 0 ? (0x5a000000 | (next() & 0xffff)) >>> 0 : present[next() % present.length];
      batch.push(packKind(PacketType.MC), k, localPort(2), i);
      const e = naiveLookup(t.keys, t.masks, t.size, k);
      if (e >= 0) want.push(`${k}:${6 + t.route(e).pes[0]}`);
    }
    const out = routerOutputs(4);
    kernel.route(batch, out);
    const got = Array.from({ length: out.local.count }, (_, j) => `${out.local.key[j]}:${out.local.port[j]}`);
    expect(got).toEqual(want);
  });
});
