import type { ChipCoord } from '@s2sim/hardware';
import { MulticastTable, ROUTE_WORDS, LINK_COUNT } from '@s2sim/router';
import type { PeSlot } from './peSlot';

/** Packets written by a chip's PEs during a phase, waiting for the router: parallel typed arrays. */
export class Outbox {
  keys = new Uint32Array(256);
  payloads = new Uint32Array(256);
  sources = new Uint16Array(256);
  length = 0;

  push(key: number, payload: number, source: number): void {
    if (this.length === this.keys.length) this.grow();
    this.keys[this.length] = key;
    this.payloads[this.length] = payload;
    this.sources[this.length] = source;
    this.length++;
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const k = new Uint32Array(n), p = new Uint32Array(n), s = new Uint16Array(n);
    k.set(this.keys);
    p.set(this.payloads);
    s.set(this.sources);
    this.keys = k;
    this.payloads = p;
    this.sources = s;
  }
}

export interface RouterCounters {
  localMulticast: number;
  /** Locally sourced packets that matched no entry: dropped, as the hardware does. */
  droppedNoRoute: number;
  /** Packets whose route names a chip link; inter-chip links are not modelled by this kernel yet. */
  droppedLinkNotModelled: number;
  /** Packets routed to a PE that runs no program. */
  droppedNoTarget: number;
}

/** One chip: its router table, the PEs loaded on it and the packets in flight. */
export class ChipState {
  readonly table: MulticastTable;
  readonly pes: Array<PeSlot | undefined>;
  readonly outbox = new Outbox();
  readonly counters: RouterCounters = { localMulticast: 0, droppedNoRoute: 0, droppedLinkNotModelled: 0, droppedNoTarget: 0 };

  constructor(
    readonly coord: ChipCoord,
    readonly index: number,
    peCount: number,
    tableCapacity: number,
  ) {
    this.table = new MulticastTable(tableCapacity, `chip(${coord.x},${coord.y})`);
    this.pes = new Array(peCount);
  }

  /** Routes every packet in the outbox to the mailboxes of its target PEs (first match wins). */
  routeOutbox(): void {
    const { outbox, table, pes } = this;
    const routes = table.routes;
    for (let i = 0; i < outbox.length; i++) {
      const key = outbox.keys[i];
      const entry = table.lookup(key);
      if (entry < 0) {
        this.counters.droppedNoRoute++;
        continue;
      }
      this.counters.localMulticast++;
      const base = entry * ROUTE_WORDS;
      if ((routes[base] & ((1 << LINK_COUNT) - 1)) !== 0) this.counters.droppedLinkNotModelled++;
      for (let w = 0; w < ROUTE_WORDS; w++) {
        let bits = routes[base + w];
        if (w === 0) bits &= ~((1 << LINK_COUNT) - 1);
        while (bits !== 0) {
          const low = bits & -bits;
          const pe = w * 32 + (31 - Math.clz32(low)) - LINK_COUNT;
          bits ^= low;
          const slot = pes[pe];
          if (!slot) {
            this.counters.droppedNoTarget++;
            continue;
          }
          if (slot.mailbox.push(key, outbox.payloads[i])) slot.counters.packetsReceived++;
          else slot.counters.mailboxOverflows++;
        }
      }
    }
    outbox.length = 0;
  }
}
