import { Topology, board48Offsets, type ChipXY } from './topology';

/** One 48-chip board on its own: an 8x8 box, no wrap-around (its edge links lead off the board). */
export function board48Topology(): Topology {
  return new Topology('board48', 8, 8, board48Offsets(), false);
}

/** Three boards tiled into a 12x12 torus (every link wraps). */
export function triadTopology(): Topology {
  return boardsTopology(3);
}

/** Board origins inside one triad, relative to the triad's corner [SM]. */
const TRIAD_BOARD_ORIGINS: ReadonlyArray<readonly [number, number]> = [[0, 0], [8, 4], [4, 8]];

/**
 * A machine of n boards. n = 1: board48. n = 2: two boards of a triad, without wrap-around (16x12 box). n a
 * multiple of 3: triads tiled into a (12 tw) x (12 th) torus, tw x th = n / 3 chosen as square as possible.
 */
export function boardsTopology(n: number): Topology {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`boards(${n}): the number of boards must be a positive integer`);
  if (n === 1) return board48Topology();
  const offsets = board48Offsets();
  if (n === 2) {
    const chips: ChipXY[] = [];
    for (const [bx, by] of TRIAD_BOARD_ORIGINS.slice(0, 2)) for (const o of offsets) chips.push({ x: bx + o.x, y: by + o.y });
    return new Topology('boards(2)', 16, 12, chips, false);
  }
  if (n % 3 !== 0)
    throw new RangeError(`boards(${n}): use 1, 2 or a multiple of 3 boards (multi-board machines tile triads of 3 boards into a torus)`);
  const triads = n / 3;
  let th = Math.floor(Math.sqrt(triads));
  while (triads % th !== 0) th--;
  const tw = triads / th;
  const width = 12 * tw;
  const height = 12 * th;
  const chips: ChipXY[] = [];
  for (let ty = 0; ty < th; ty++)
    for (let tx = 0; tx < tw; tx++)
      for (const [bx, by] of TRIAD_BOARD_ORIGINS)
        for (const o of offsets) chips.push({ x: (12 * tx + bx + o.x) % width, y: (12 * ty + by + o.y) % height });
  return new Topology(n === 3 ? 'triad' : `boards(${n})`, width, height, chips, true);
}

export type TopologyPreset = 'chip' | 'board48' | 'triad' | `boards(${number})`;

/** The topology of a machine preset: 'chip', 'board48', 'triad' or 'boards(n)'. */
export function topologyPreset(preset: TopologyPreset | string): Topology {
  if (preset === 'chip') return new Topology('chip', 1, 1, [{ x: 0, y: 0 }], false);
  if (preset === 'board48') return board48Topology();
  if (preset === 'triad') return triadTopology();
  const m = /^boards\((\d+)\)$/.exec(preset);
  if (m) return boardsTopology(Number(m[1]));
  throw new RangeError(`unknown machine preset "${preset}": use chip, board48, triad or boards(n)`);
}
