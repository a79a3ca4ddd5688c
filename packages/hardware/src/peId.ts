import type { ChipCoord } from './machineSpec';

/** PEs per QPE: four M4F cores share one quad-PE tile. */
export const PES_PER_QPE = 4;

/**
 * SpiNNMachine names a SpiNNaker2 core "qx.qy.qp": the QPE grid is 7x6 without (4,3), (4,4), (7,3) and (7,4),
 * which leaves 38 QPEs. PE p of a chip lives in QPE floor(p / 4) in that order.
 */
export const QPE_COORDS: ReadonlyArray<readonly [number, number]> = (() => {
  const holes = new Set(['4,3', '4,4', '7,3', '7,4']);
  const out: Array<[number, number]> = [];
  for (let qx = 1; qx <= 7; qx++) for (let qy = 1; qy <= 6; qy++) if (!holes.has(`${qx},${qy}`)) out.push([qx, qy]);
  return out;
})();

/** The machine-tree name of a PE, used in statistics and error messages: `chip(1,2).pe(17)`. */
export function peName(chip: ChipCoord, pe: number): string {
  return `chip(${chip.x},${chip.y}).pe(${pe})`;
}

/** SpiNNMachine's "qx.qy.qp" label of a PE. */
export function qpeLabel(pe: number): string {
  const [qx, qy] = QPE_COORDS[Math.floor(pe / PES_PER_QPE)];
  return `${qx}.${qy}.${pe % PES_PER_QPE}`;
}
