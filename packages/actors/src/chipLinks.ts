import type { MachineSpec } from '@s2sim/hardware';
import { LINK_COUNT } from '@s2sim/router';

/** Link directions of the hexagonal mesh: 0 E, 1 NE, 2 N, 3 W, 4 SW, 5 S [SM, ST]; opposite = (l + 3) mod 6. */
const LINK_DELTAS: ReadonlyArray<readonly [number, number]> = [[1, 0], [1, 1], [0, 1], [-1, 0], [-1, -1], [0, -1]];

/**
 * For each chip index and link, the index of the chip at the other end, or -1 where no chip is. A small adapter:
 * the router package's Topology will take over once it is exported; the rule is the same (wrap when the machine
 * is a torus).
 */
export function chipNeighbours(machine: MachineSpec): Int32Array {
  const index = new Map<string, number>();
  machine.chips.forEach((c, i) => index.set(`${c.x},${c.y}`, i));
  const out = new Int32Array(machine.chips.length * LINK_COUNT).fill(-1);
  machine.chips.forEach((c, i) => {
    for (let l = 0; l < LINK_COUNT; l++) {
      let x = c.x + LINK_DELTAS[l][0];
      let y = c.y + LINK_DELTAS[l][1];
      if (machine.wrapsAround) {
        x = (x + machine.width) % machine.width;
        y = (y + machine.height) % machine.height;
      }
      out[i * LINK_COUNT + l] = index.get(`${x},${y}`) ?? -1;
    }
  });
  return out;
}

/** Hops of the shortest path on the hexagonal mesh (no wrap), for point-to-point latency. */
export function hexDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  return dx * dy >= 0 ? Math.max(Math.abs(dx), Math.abs(dy)) : Math.abs(dx) + Math.abs(dy);
}
