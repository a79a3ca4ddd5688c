import { MulticastTable } from './multicastTable';

/**
 * Readers for PACMAN's router-compressor test tables (SpiNNakerManchester/PACMAN, Apache-2.0; copies in
 * shared/fixtures/routing). `spinnaker_route` uses SpiNNaker's layout (bits 0-5 links, 6+p processor p), which is
 * word 0 of an s2sim route, so it is stored as is. Callers gunzip the files (node:zlib) and pass the text.
 */
interface PacmanJsonTable {
  x: number;
  y: number;
  entries: Array<{ key: number; mask: number; defaultable: boolean; spinnaker_route: number }>;
}

const routeWords = (r: number) => Uint32Array.of(r >>> 0, 0, 0, 0, 0);

/** many_to_one.json: one table per chip, named chip(x,y); capacities are the entry counts. */
export function parsePacmanJsonTables(text: string): MulticastTable[] {
  const chips = JSON.parse(text) as PacmanJsonTable[];
  return chips.map((c) => {
    const t = new MulticastTable(Math.max(1, c.entries.length), `chip(${c.x},${c.y})`);
    for (const e of c.entries) t.add(e.key, e.mask, routeWords(e.spinnaker_route), e.defaultable);
    return t;
  });
}

/** table1.csv / table2.csv: rows `key,mask,route` in hex, no defaultable flags. */
export function parsePacmanCsvTable(text: string, chipName = 'chip'): MulticastTable {
  const rows = text.split('\n').filter((l) => l.trim() !== '');
  const t = new MulticastTable(Math.max(1, rows.length), chipName);
  for (const row of rows) {
    const [k, m, r] = row.split(',').map((s) => parseInt(s, 16));
    if (!Number.isFinite(k) || !Number.isFinite(m) || !Number.isFinite(r)) throw new SyntaxError(`bad table row "${row}"`);
    t.add(k & m, m, routeWords(r));
  }
  return t;
}
