import { LINK_COUNT, LINK_NAMES } from './route';

/** Statistics of a router, declared as data (name, unit, description) beside the code that counts them. */
export const ROUTER_STATISTICS = [
  { name: 'localMulticast', unit: 'packets', description: 'multicast packets sent by local PEs' },
  { name: 'externalMulticast', unit: 'packets', description: 'multicast packets that arrived by a link' },
  { name: 'pointToPoint', unit: 'packets', description: 'point-to-point packets routed' },
  { name: 'nearestNeighbour', unit: 'packets', description: 'nearest-neighbour packets routed' },
  { name: 'fixedRoute', unit: 'packets', description: 'fixed-route packets routed' },
  { name: 'defaultRouted', unit: 'packets', description: 'packets from a link that matched no entry and left by the opposite link' },
  { name: 'droppedNoRoute', unit: 'packets', description: 'locally sourced multicast packets that matched no entry (dropped)' },
  { name: 'dropped', unit: 'packets', description: 'packet copies dropped after waiting longer than waitLimitNs for a link' },
  { name: 'reinjected', unit: 'packets', description: 'dropped packet copies sent again in the next window' },
  { name: 'deliveredLocal', unit: 'packets', description: 'packet copies delivered to local PEs' },
] as const;

export const LINK_STATISTICS = [
  { name: 'sent', unit: 'packets', description: 'packets sent on the link' },
  { name: 'dropped', unit: 'packets', description: 'packets dropped waiting for the link' },
  { name: 'waitNs', unit: 'ns', description: 'total time packets waited for the link to be free' },
  { name: 'busyNs', unit: 'ns', description: 'total time the link was transmitting' },
] as const;

export type RouterStatisticName = (typeof ROUTER_STATISTICS)[number]['name'];
export type LinkStatisticName = (typeof LINK_STATISTICS)[number]['name'];

/** Indices into the counter arrays, so the hot path writes numbers, not properties. */
export const RS = Object.fromEntries(ROUTER_STATISTICS.map((s, i) => [s.name, i])) as Record<RouterStatisticName, number>;
export const LS = Object.fromEntries(LINK_STATISTICS.map((s, i) => [s.name, i])) as Record<LinkStatisticName, number>;

/** Router and per-link counters in two Float64Arrays (optionally over a SharedArrayBuffer for workers). */
export class RouterCounters {
  readonly router: Float64Array;
  readonly links: Float64Array;

  constructor(buffer?: SharedArrayBuffer | ArrayBuffer, offsetBytes = 0) {
    const n = ROUTER_STATISTICS.length;
    const m = LINK_COUNT * LINK_STATISTICS.length;
    this.router = buffer ? new Float64Array(buffer, offsetBytes, n) : new Float64Array(n);
    this.links = buffer ? new Float64Array(buffer, offsetBytes + n * 8, m) : new Float64Array(m);
  }

  static readonly bytes = (ROUTER_STATISTICS.length + LINK_COUNT * LINK_STATISTICS.length) * 8;

  get(name: RouterStatisticName): number {
    return this.router[RS[name]];
  }

  link(link: number, name: LinkStatisticName): number {
    return this.links[link * LINK_STATISTICS.length + LS[name]];
  }

  /** Every statistic, named along the machine tree: `chip(1,2).router.dropped`, `chip(1,2).link(NE).sent`. */
  report(prefix: string): Array<{ name: string; value: number; unit: string; description: string }> {
    const out: Array<{ name: string; value: number; unit: string; description: string }> = ROUTER_STATISTICS.map((s, i) => ({ name: `${prefix}.router.${s.name}`, value: this.router[i], unit: s.unit, description: s.description }));
    for (let l = 0; l < LINK_COUNT; l++)
      LINK_STATISTICS.forEach((s, i) =>
        out.push({ name: `${prefix}.link(${LINK_NAMES[l]}).${s.name}`, value: this.links[l * LINK_STATISTICS.length + i], unit: s.unit, description: s.description }),
      );
    return out;
  }

  reset(): void {
    this.router.fill(0);
    this.links.fill(0);
  }
}
