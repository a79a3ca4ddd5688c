import { board48Chips } from './board48';
import { machineSpecSchema, type MachineSpec } from './machineSpec';

export const MACHINE_PRESETS = ['chip', 'board48', 'triad'] as const;
export type MachinePreset = (typeof MACHINE_PRESETS)[number];

/** Overrides a user may apply on top of a preset: everything but the geometry. */
export interface MachineOverrides {
  pe?: Record<string, unknown>;
  chip?: Record<string, unknown>;
  costs?: Record<string, unknown>;
}

function geometry(preset: MachinePreset) {
  switch (preset) {
    case 'chip':
      return { width: 1, height: 1, chips: [{ x: 0, y: 0 }], wrapsAround: false, boards: [] };
    case 'board48':
      return { width: 8, height: 8, chips: board48Chips(), wrapsAround: false, boards: [{ x: 0, y: 0 }] };
    case 'triad':
      return triadGeometry(1, 1);
  }
}

/**
 * Three boards tile a 12x12 torus (SpiNNMachine): their Ethernet chips sit at (0,0), (8,4) and (4,8) of the triad,
 * i.e. where x % 4 == 0 and (x + y) % 12 == 0. Triads tile a (12w x 12h) torus in which every chip exists.
 */
function triadGeometry(w: number, h: number) {
  const width = 12 * w;
  const height = 12 * h;
  const chips = [];
  const boards = [];
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) {
      chips.push({ x, y });
      if (x % 4 === 0 && (x + y) % 12 === 0) boards.push({ x, y });
    }
  return { width, height, chips, wrapsAround: true, boards };
}

/**
 * A machine of n boards: one board (no wrap), or n/3 triads arranged as the squarest rectangle (w >= h), as
 * SpiNNaker's tools build the "squarest" system for a number of boards.
 */
export function boardsMachine(n: number, overrides: MachineOverrides = {}): MachineSpec {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`boards(${n}): the number of boards is a whole number >= 1`);
  if (n === 1) return machinePreset('board48', overrides);
  if (n % 3 !== 0) throw new RangeError(`boards(${n}): multi-board machines are built from triads, so use a multiple of 3 boards`);
  const triads = n / 3;
  let h = Math.floor(Math.sqrt(triads));
  while (triads % h !== 0) h--;
  return machineSpecSchema.parse({ name: `boards(${n})`, ...triadGeometry(triads / h, h), ...overrides });
}

/** Builds a validated machine spec from a preset name and optional overrides (which zod checks strictly). */
export function machinePreset(preset: MachinePreset, overrides: MachineOverrides = {}): MachineSpec {
  return machineSpecSchema.parse({ name: preset, ...geometry(preset), ...overrides });
}
