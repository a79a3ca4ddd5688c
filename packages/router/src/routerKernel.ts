import { LINK_COUNT, ROUTE_WORDS } from './route';
import type { MulticastTable } from './multicastTable';
import { HOLE } from './keyTrie';
import { CompiledLookup, EMPTY_SLOT, INFO_BITS } from './compiledLookup';
import { PacketBatch } from './packetBatch';
import { NN_ALL_LINKS, PacketType, p2pDestination } from './packet';
import { routerParamsSchema, type RouterParams, type RouterParamsInput } from './routerParams';
import { RouterCounters, RS, LS, LINK_STATISTICS } from './routerStatistics';

export interface RouterKernelOptions {
  table: MulticastTable;
  params?: RouterParamsInput;
  /** P2P: the link towards each destination chip (by chip index), -1 for this chip itself. */
  p2pLinks?: Int8Array;
  /** Fixed-route register: route words used by every FR packet. */
  fixedRoute?: Uint32Array;
  /** Links whose far end has no chip: copies sent there are dropped and counted. */
  deadLinks?: readonly number[];
  counters?: RouterCounters;
}

/** Where routed packets go: one batch per link (port = arrival link at the neighbour) and one for local PEs. */
export interface RouterOutputs {
  links: PacketBatch[];
  local: PacketBatch;
}

export function routerOutputs(capacity = 256): RouterOutputs {
  return { links: Array.from({ length: LINK_COUNT }, () => new PacketBatch(capacity)), local: new PacketBatch(capacity) };
}

const OPPOSITE = Int16Array.of(3, 4, 5, 0, 1, 2);
const bitCount = (v: number) => {
  let c = 0;
  for (let b = v >>> 0; b !== 0; b &= b - 1) c++;
  return c;
};
const CACHE_BITS = 12;
const MAX_CACHE_BITS = 18;
const EMPTY = -2;
/** Packets looked up ahead of routing (a power of two). */
const LOOKUP_CHUNK = 256;
/** Exact keys from which lookups are made a chunk ahead (a hash of 4,096 keys is 64 KiB, about L1/L2 size). */
const LOOKAHEAD_MIN_EXACT = 4096;
/** The PE that receives P2P and NN packets addressed to the chip (assumption: PE 0 acts as the monitor). */
export const MONITOR_PE = 0;

/**
 * One chip's router. route() takes the packets that enter it during a synchronisation window, in time order, and
 * appends every copy it sends to the output batches with the time it arrives there. A multicast key is looked up
 * in a direct-mapped cache of recent keys and, on a miss, in a key trie compiled from the table (at most 32 steps,
 * whatever the table size), so no packet scans the table. Each link sends one packet at a time
 * (bits / bandwidth); a copy that would wait longer than waitLimitNs for it is dropped and, with reinjection on,
 * sent again on that same link at the start of the next window (only that copy, so nobody receives it twice).
 * Packets from a link that match nothing leave by the opposite link; local ones are dropped and counted.
 */
export class RouterKernel {
  readonly params: RouterParams;
  readonly counters: RouterCounters;
  private compiled: CompiledLookup | undefined;
  private compiledSize = -1;
  private cacheKey = new Uint32Array(1 << CACHE_BITS);
  private cacheEntry = new Int32Array(1 << CACHE_BITS).fill(EMPTY);
  private cacheShift = 32 - CACHE_BITS;
  private readonly linkFreeNs = new Float64Array(LINK_COUNT);
  private readonly dead = new Uint8Array(LINK_COUNT);
  private readonly nsPerBit: number;
  private reinjectQueue = new PacketBatch(64);
  private nextQueue = new PacketBatch(64);

  constructor(private readonly options: RouterKernelOptions) {
    this.params = routerParamsSchema.parse(options.params ?? {});
    this.counters = options.counters ?? new RouterCounters();
    this.nsPerBit = 1000 / this.params.linkBandwidthMbitPerS;
    for (const l of options.deadLinks ?? []) this.dead[l] = 1;
  }

  /** Call after changing table entries in place (adding entries is noticed by itself). */
  invalidate(): void {
    this.compiledSize = -1;
  }

  private keyBits = 0;
  /** Per entry: links in bits 0-5, (PE port + 2) from bit 6 (port -1: no PE, -2: several), one read per packet. */
  private entryInfo = new Int32Array(0);

  private compile(): void {
    const t = this.options.table;
    // Per entry: its links, and its PE port when it has exactly one PE (-1: none, -2: several), so the common
    // routes need no walk over five route words.
    this.entryInfo = new Int32Array(t.size);
    for (let e = 0; e < t.size; e++) {
      const at = e * ROUTE_WORDS;
      const links = t.routes[at] & 63;
      let count = 0;
      let port = -1;
      for (let w = 0; w < ROUTE_WORDS; w++) {
        const bits = w === 0 ? t.routes[at] & ~63 : t.routes[at + w];
        if (bits !== 0) {
          count += bitCount(bits);
          port = w * 32 + 31 - Math.clz32(bits);
        }
      }
      this.entryInfo[e] = links | (((count === 0 ? -1 : count === 1 ? port : -2) + 2) << 6);
    }
    // A direct-mapped cache in front of the trie of the entries without a full mask (full-mask keys are found in
    // the compiled hash first): at least 4 slots per such entry (4,096 to 262,144), as a trie walk is up to 32
    // dependent memory reads.
    let rest = 0;
    for (let i = 0; i < t.size; i++) if (t.masks[i] !== 0xffffffff) rest++;
    // Look keys up a chunk ahead only where lookups miss the CPU caches (a big exact-key hash); small tables hit
    // the caches, and there the extra pass costs more than it saves. Ahead, hash slots also carry entryInfo.
    this.ahead = t.size - rest > LOOKAHEAD_MIN_EXACT;
    this.compiled = new CompiledLookup(t, this.ahead ? this.entryInfo : undefined);
    this.keyBits = this.compiled.keyBits;
    let bits = CACHE_BITS;
    while (bits < MAX_CACHE_BITS && 1 << bits < 4 * rest) bits++;
    if (1 << bits !== this.cacheKey.length) {
      this.cacheKey = new Uint32Array(1 << bits);
      this.cacheEntry = new Int32Array(1 << bits);
    }
    this.cacheShift = 32 - bits;
    this.cacheEntry.fill(EMPTY);
    this.compiledSize = t.size;
  }

  /** The entry that routes `key`, or -1. */
  lookup(key: number): number {
    if (this.compiledSize !== this.options.table.size) this.compile();
    return this.lookupOne(key | 0);
  }

  /** Copy i of `input` onto link l at time t; returns false if it was dropped. */
  private send(input: PacketBatch, i: number, l: number, t: number, out: RouterOutputs): boolean {
    const ls = this.counters.links;
    const base = l * LINK_STATISTICS.length;
    if (this.dead[l]) {
      ls[base + LS.dropped]++;
      this.counters.router[RS.dropped]++;
      return false;
    }
    const free = this.linkFreeNs[l];
    const depart = free > t ? free : t;
    if (depart - t > this.params.waitLimitNs) {
      ls[base + LS.dropped]++;
      this.counters.router[RS.dropped]++;
      if (this.params.reinjection) this.nextQueue.copyFrom(input, i, l, t);
      return false;
    }
    const bits = this.params.packetHeaderBits + 32 + 32 * ((input.kind[i] >>> 2) & 7);
    const tx = bits * this.nsPerBit;
    this.linkFreeNs[l] = depart + tx;
    ls[base + LS.sent]++;
    ls[base + LS.waitNs] += depart - t;
    ls[base + LS.busyNs] += tx;
    out.links[l].copyFrom(input, i, (l + 3) % LINK_COUNT, depart + this.params.hopLatencyNs);
    return true;
  }

  /** Delivers copy i to the PEs whose bits are set in route words [at, at + ROUTE_WORDS). */
  private deliver(input: PacketBatch, i: number, words: Uint32Array, at: number, t: number, local: PacketBatch): void {
    const arrive = t + this.params.localDeliveryNs;
    for (let w = 0; w < ROUTE_WORDS; w++) {
      let bits = words[at + w];
      if (w === 0) bits &= ~((1 << LINK_COUNT) - 1);
      while (bits !== 0) {
        const low = bits & -bits;
        local.copyFrom(input, i, w * 32 + (31 - Math.clz32(low)), arrive);
        this.counters.router[RS.deliveredLocal]++;
        bits ^= low;
      }
    }
  }

  private ahead = false;
  private readonly batchEntry = new Int32Array(LOOKUP_CHUNK);
  private readonly batchInfo = new Int32Array(LOOKUP_CHUNK);

  /**
   * Looks up the multicast keys of packets [from, to) first, into batchEntry (entry or -1) and batchInfo (its
   * entryInfo), indexed modulo LOOKUP_CHUNK. On a full table the lookups miss the CPU caches; in this tight loop of
   * independent iterations the processor overlaps those misses, which the routing loop, with its dependent writes,
   * cannot. Chunks keep the scratch arrays in L1.
   */
  private lookupChunk(input: PacketBatch, from: number, to: number): void {
    const ent = this.batchEntry;
    const inf = this.batchInfo;
    const { kind, key } = input;
    const entryInfo = this.entryInfo;
    const { slots, slotShift, slotMask, packed } = this.compiled!;
    for (let i = from; i < to; i++) {
      if ((kind[i] & 3) !== PacketType.MC) continue;
      const k = key[i] | 0;
      let s = Math.imul(k, 0x9e3779b1) >>> slotShift;
      let v = slots[2 * s + 1];
      while (v !== EMPTY_SLOT && slots[2 * s] !== k) {
        s = (s + 1) & slotMask;
        v = slots[2 * s + 1];
      }
      const j = i & (LOOKUP_CHUNK - 1);
      if (v !== EMPTY_SLOT && packed) {
        ent[j] = v >> INFO_BITS;
        inf[j] = v & ((1 << INFO_BITS) - 1);
        continue;
      }
      const e = v !== EMPTY_SLOT ? v : this.restLookup(k);
      ent[j] = e;
      inf[j] = e < 0 ? 0 : entryInfo[e];
    }
  }

  /** First match among the entries without a full mask (through the cache), or -1. */
  private restLookup(k: number): number {
    const rest = this.compiled!.rest;
    if (rest === undefined) return -1;
    // Keys that differ only in bits no entry tests route alike, so the cache is indexed by the tested bits.
    const kk = (k & this.keyBits) >>> 0;
    const h = Math.imul(kk, 0x9e3779b1) >>> this.cacheShift;
    let e = this.cacheEntry[h];
    if (e === EMPTY || this.cacheKey[h] !== kk) {
      const r = rest.lookup(kk);
      e = r === HOLE ? -1 : r;
      this.cacheKey[h] = kk;
      this.cacheEntry[h] = e;
    }
    return e;
  }

  /** First-match entry of key k (int32), or -1: the compiled hash for full-mask keys, else the cache and trie. */
  private lookupOne(k: number): number {
    const { slots, slotShift, slotMask, exact, packed } = this.compiled!;
    if (exact) {
      let s = Math.imul(k, 0x9e3779b1) >>> slotShift;
      for (let v = slots[2 * s + 1]; v !== EMPTY_SLOT; v = slots[2 * s + 1]) {
        if (slots[2 * s] === k) return packed ? v >> INFO_BITS : v;
        s = (s + 1) & slotMask;
      }
    }
    return this.restLookup(k);
  }

  /**
   * Routes one window's packets. Copies dropped in the previous window are re-sent first, at `windowStartNs`.
   * Output batches are appended to, not cleared.
   */
  route(input: PacketBatch, out: RouterOutputs, windowStartNs = 0): void {
    if (this.compiledSize !== this.options.table.size) this.compile();
    const q = this.reinjectQueue;
    this.reinjectQueue = this.nextQueue;
    this.nextQueue = q;
    this.nextQueue.clear();
    const rq = this.reinjectQueue;
    for (let i = 0; i < rq.count; i++) {
      this.counters.router[RS.reinjected]++;
      this.send(rq, i, rq.port[i], Math.max(windowStartNs, rq.timeNs[i]), out);
    }
    rq.clear();

    // The multicast path is written out inline with locals (no per-copy method calls or property chains): it is
    // the hot loop of the whole simulator. Other packet kinds take the general path.
    const routes = this.options.table.routes;
    const rs = this.counters.router;
    const ls = this.counters.links;
    const LSN = LINK_STATISTICS.length;
    const { kind, key, port, timeNs, payload } = input;
    const { linkFreeNs, dead } = this;
    const { waitLimitNs, hopLatencyNs, localDeliveryNs, packetHeaderBits, reinjection } = this.params;
    const nsPerBit = this.nsPerBit;
    const local = out.local;
    const outLinks = out.links;
    const SENT = LS.sent;
    const WAIT = LS.waitNs;
    const BUSY = LS.busyNs;
    let localMc = 0;
    let externalMc = 0;
    let defaulted = 0;
    let noRoute = 0;
    let delivered = 0;
    const n = input.count;
    const ent = this.batchEntry;
    const inf = this.batchInfo;
    // Ahead (big exact-key tables, see compile()): lookups a chunk in advance. Otherwise inline; slots then hold
    // plain entries.
    const { slots, slotShift, slotMask, rest, exact } = this.compiled!;
    const ahead = this.ahead;
    const entryInfo = this.entryInfo;
    const { cacheKey, cacheEntry, cacheShift, keyBits } = this;
    for (let i = 0; i < n; i++) {
      if (ahead && (i & (LOOKUP_CHUNK - 1)) === 0) this.lookupChunk(input, i, Math.min(n, i + LOOKUP_CHUNK));
      const kd = kind[i];
      const t = timeNs[i];
      const p = port[i];
      if ((kd & 3) !== PacketType.MC) {
        this.routeOther(input, i, kd & 3, p, t, out);
        continue;
      }
      const k = key[i];
      let e: number;
      if (ahead) e = ent[i & (LOOKUP_CHUNK - 1)];
      else {
        // lookupOne() written out with locals: the hot loop's stores would otherwise make it reload every field.
        e = EMPTY_SLOT;
        if (exact) {
          let s = Math.imul(k | 0, 0x9e3779b1) >>> slotShift;
          e = slots[2 * s + 1];
          while (e !== EMPTY_SLOT && slots[2 * s] !== (k | 0)) {
            s = (s + 1) & slotMask;
            e = slots[2 * s + 1];
          }
        }
        if (e === EMPTY_SLOT && rest !== undefined) {
          const kk = (k & keyBits) >>> 0;
          const h = Math.imul(kk, 0x9e3779b1) >>> cacheShift;
          e = cacheEntry[h];
          if (e === EMPTY || cacheKey[h] !== kk) {
            const r = rest.lookup(kk);
            e = r === HOLE ? -1 : r;
            cacheKey[h] = kk;
            cacheEntry[h] = e;
          }
        }
      }
      let linkBits: number;
      let pePort = -1;
      if (p < 6) externalMc++;
      else localMc++;
      if (e < 0) {
        if (p >= 6) {
          noRoute++;
          continue;
        }
        defaulted++;
        linkBits = 1 << OPPOSITE[p];
      } else {
        const info = ahead ? inf[i & (LOOKUP_CHUNK - 1)] : entryInfo[e];
        linkBits = info & 63;
        pePort = (info >> 6) - 2;
      }
      const words = (kd >>> 2) & 7;
      while (linkBits !== 0) {
        const low = linkBits & -linkBits;
        linkBits ^= low;
        const l = 31 - Math.clz32(low);
        const base = l * LSN;
        const free = linkFreeNs[l];
        const depart = free > t ? free : t;
        if (dead[l] === 1 || depart - t > waitLimitNs) {
          ls[base + LS.dropped]++;
          rs[RS.dropped]++;
          if (reinjection && dead[l] === 0) this.nextQueue.copyFrom(input, i, l, t);
          continue;
        }
        const tx = (packetHeaderBits + 32 + 32 * words) * nsPerBit;
        linkFreeNs[l] = depart + tx;
        ls[base + SENT]++;
        if (depart !== t) ls[base + WAIT] += depart - t;
        ls[base + BUSY] += tx;
        const ob = outLinks[l];
        if (ob.count === ob.capacity) ob.reserve(1);
        const j = ob.count++;
        ob.kind[j] = kd;
        ob.key[j] = k;
        ob.port[j] = OPPOSITE[l];
        ob.timeNs[j] = depart + hopLatencyNs;
        if (words !== 0) ob.payload.set(payload.subarray(i * 4, i * 4 + 4), j * 4);
      }
      if (pePort === -1) continue;
      const arrive = t + localDeliveryNs;
      if (pePort >= 0) {
        if (local.count === local.capacity) local.reserve(1);
        const j = local.count++;
        local.kind[j] = kd;
        local.key[j] = k;
        local.port[j] = pePort;
        local.timeNs[j] = arrive;
        if (words !== 0) local.payload.set(payload.subarray(i * 4, i * 4 + 4), j * 4);
        delivered++;
        continue;
      }
      const at = e * 5;
      for (let w = 0; w < 5; w++) {
        let bits = w === 0 ? routes[at] & ~63 : routes[at + w];
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          if (local.count === local.capacity) local.reserve(1);
          const j = local.count++;
          local.kind[j] = kd;
          local.key[j] = k;
          local.port[j] = w * 32 + (31 - Math.clz32(low));
          local.timeNs[j] = arrive;
          if (words !== 0) local.payload.set(payload.subarray(i * 4, i * 4 + 4), j * 4);
          delivered++;
        }
      }
    }
    rs[RS.localMulticast] += localMc;
    rs[RS.externalMulticast] += externalMc;
    rs[RS.defaultRouted] += defaulted;
    rs[RS.droppedNoRoute] += noRoute;
    rs[RS.deliveredLocal] += delivered;
  }

  private routeOther(input: PacketBatch, i: number, type: number, p: number, t: number, out: RouterOutputs): void {
    const rs = this.counters.router;
    if (type === PacketType.P2P) {
      rs[RS.pointToPoint]++;
      const table = this.options.p2pLinks;
      const dest = p2pDestination(input.key[i]);
      const l = table && dest < table.length ? table[dest] : -1;
      if (l >= 0) this.send(input, i, l, t, out);
      else if (table && dest < table.length) this.deliverTo(input, i, MONITOR_PE, t, out.local);
      else rs[RS.droppedNoRoute]++;
    } else if (type === PacketType.NN) {
      rs[RS.nearestNeighbour]++;
      if (p < LINK_COUNT) this.deliverTo(input, i, MONITOR_PE, t, out.local);
      else {
        const l = input.kind[i] >>> 5;
        if (l === NN_ALL_LINKS) for (let k = 0; k < LINK_COUNT; k++) this.send(input, i, k, t, out);
        else this.send(input, i, l, t, out);
      }
    } else {
      rs[RS.fixedRoute]++;
      const fr = this.options.fixedRoute;
      if (!fr) {
        rs[RS.droppedNoRoute]++;
        return;
      }
      for (let l = 0; l < LINK_COUNT; l++) if ((fr[0] >>> l) & 1) this.send(input, i, l, t, out);
      this.deliver(input, i, fr, 0, t, out.local);
    }
  }

  private deliverTo(input: PacketBatch, i: number, pe: number, t: number, local: PacketBatch): void {
    local.copyFrom(input, i, LINK_COUNT + pe, t + this.params.localDeliveryNs);
    this.counters.router[RS.deliveredLocal]++;
  }
}
