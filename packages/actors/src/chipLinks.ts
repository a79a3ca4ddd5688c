import type { MachineSpec } from '@s2sim/hardware';
import { Topology } from '@s2sim/router';

/**
 * The machine's chips and links as the router package models them: link directions 0 E, 1 NE, 2 N, 3 W, 4 SW, 5 S
 * [SM, ST], and links that wrap around the edges when the machine is a torus (`wrapsAround`, triads of boards).
 */
export function machineTopology(machine: MachineSpec): Topology {
  return new Topology(machine.name, machine.width, machine.height, machine.chips.map((c) => ({ x: c.x, y: c.y })), machine.wrapsAround);
}

/** For each chip index and link, the index of the chip at the other end, or -1 where no chip is. */
export function chipNeighbours(machine: MachineSpec): Int32Array {
  return machineTopology(machine).neighbours;
}

/** Statistics kept per chip and link, named as the router package's LINK_STATISTICS. */
export const LINK_STATS = ['sent', 'dropped'] as const;
export const LINK_STAT_COUNT = LINK_STATS.length;
