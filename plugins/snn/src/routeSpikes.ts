import type { TableImage } from '@s2sim/actors';
import type { ChipCoord, MachineSpec } from '@s2sim/hardware';
import { ROUTE_WORDS, TableCapacityError, Topology, buildMulticastTree, decodeRoute, fitTables, orderedCompressor, tablesFromTrees, type RoutedSource } from '@s2sim/router';
import { SnnMappingError } from './errors';

export interface SpikeSource {
  key: number;
  mask: number;
  from: { chip: ChipCoord; pe: number };
  to: Array<{ chip: ChipCoord; pe: number }>;
}

export interface TablesReport {
  chip: string;
  entries: number;
  /** Entries before compression (one per key space that reaches or leaves the chip). */
  uncompressed: number;
}

/**
 * Routing through the router package (PACMAN's stages): a shortest-path multicast tree per key space over the
 * machine's hexagonal mesh, one table per chip from the trees, compressed by the ordered-layered compressor
 * (default-routable entries dropped, as the router forwards unmatched packets straight on) and checked against
 * the chip's router capacity.
 */
export function routeSpikes(machine: MachineSpec, sources: SpikeSource[]): { tables: TableImage[]; report: TablesReport[] } {
  const topo = new Topology(machine.name, machine.width, machine.height, machine.chips.map((c) => ({ x: c.x, y: c.y })), (machine as { wrapsAround?: boolean }).wrapsAround ?? false);
  const at = (c: ChipCoord) => topo.index(c.x, c.y);
  const routed: RoutedSource[] = sources.map((s) => ({
    tree: buildMulticastTree(topo, { chip: at(s.from.chip), pe: s.from.pe }, s.to.map((t) => ({ chip: at(t.chip), pe: t.pe }))),
    key: s.key,
    mask: s.mask,
  }));
  const raw = tablesFromTrees(topo, routed);
  let fitted;
  try {
    fitted = fitTables(raw, orderedCompressor, machine.chip.routerEntries);
  } catch (e) {
    if (e instanceof TableCapacityError) throw new SnnMappingError(e.message.replace(/ Hint:.*$/, ''), 'raise neuronsPerPe so that fewer, larger pieces send spikes, or spread the network over more chips');
    throw e;
  }
  const tables: TableImage[] = [];
  const report: TablesReport[] = [];
  for (const [c, table] of fitted) {
    const chip = topo.chips[c];
    const entries = [];
    for (let i = 0; i < table.size; i++) entries.push({ key: table.keys[i], mask: table.masks[i], route: decodeRoute(table.routes, i * ROUTE_WORDS) });
    tables.push({ chip: { x: chip.x, y: chip.y }, entries });
    report.push({ chip: `chip(${chip.x},${chip.y})`, entries: table.size, uncompressed: raw.get(c)!.size });
  }
  return { tables, report };
}
