import type { ChipCoord } from './machineSpec';

/**
 * The 48 chips of a SpiNNaker2 board: an 8x8 box with a hexagonal outline (HARDWARE.md, from SpiNNMachine's
 * version_48_chips.py). For each x, the range of y that holds a chip.
 */
const BOARD48_Y_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [1, 7], [2, 7], [3, 7],
];

export function board48Chips(): ChipCoord[] {
  const chips: ChipCoord[] = [];
  BOARD48_Y_RANGES.forEach(([y0, y1], x) => {
    for (let y = y0; y <= y1; y++) chips.push({ x, y });
  });
  return chips;
}
