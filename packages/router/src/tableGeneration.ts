import { ROUTE_WORDS } from './route';
import { MulticastTable, TableCapacityError, DEFAULT_TABLE_ENTRIES } from './multicastTable';
import type { MulticastTree } from './multicastTree';
import type { Topology } from './topology';
import type { CompressOptions, TableCompressor } from './tableCompressor';

/** A routed source: its tree and the key space whose packets follow it. */
export interface RoutedSource {
  tree: MulticastTree;
  key: number;
  mask: number;
}

/**
 * Turns trees into one table per chip (only chips that some tree visits). An entry is marked defaultable when
 * default routing alone does the same: the route is exactly one link, no PE, and it is the link opposite to the
 * one the packets arrive by. Entries are kept (not dropped here) so that the table lists every key that reaches
 * the chip, which is what lets the compressor treat other keys as never arriving.
 */
export function tablesFromTrees(topo: Topology, sources: readonly RoutedSource[]): Map<number, MulticastTable> {
  const counts = new Map<number, number>();
  for (const s of sources) for (const c of s.tree.chips) counts.set(c, (counts.get(c) ?? 0) + 1);
  const tables = new Map<number, MulticastTable>();
  for (const [c, n] of counts) tables.set(c, new MulticastTable(n, topo.chipName(c)));
  for (const s of sources) {
    const { chips, inLink, routes } = s.tree;
    for (let i = 0; i < chips.length; i++) {
      const r = routes.subarray(i * ROUTE_WORDS, (i + 1) * ROUTE_WORDS);
      let onlyLinks = true;
      for (let w = 1; w < ROUTE_WORDS; w++) if (r[w] !== 0) onlyLinks = false;
      const straight = inLink[i] >= 0 && onlyLinks && r[0] === 1 << ((inLink[i] + 3) % 6);
      tables.get(chips[i])!.add(s.key, s.mask, r, straight);
    }
  }
  return tables;
}

/**
 * Compresses every table and checks it fits: a table still over `capacity` fails with a TableCapacityError that
 * names the chip, the entries before and after compression, and the capacity.
 */
export function fitTables(
  tables: Map<number, MulticastTable>,
  compressor: TableCompressor,
  capacity = DEFAULT_TABLE_ENTRIES,
  options: CompressOptions = {},
): Map<number, MulticastTable> {
  const out = new Map<number, MulticastTable>();
  for (const [chip, table] of tables) {
    const small = table.size === 0 ? table : compressor.compress(table, options);
    if (small.size > capacity) throw new TableCapacityError(table.chipName, small.size, capacity, table.size);
    out.set(chip, small.copy(capacity));
  }
  return out;
}
