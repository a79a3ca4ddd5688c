import { board48Chips } from '@s2sim/hardware';
import { LINK_COUNT } from './route';

/**
 * Chip coordinates and links of SpiNNaker2 machines (HARDWARE.md, from SpiNNMachine): links 0 E (+1,0), 1 NE
 * (+1,+1), 2 N (0,+1), 3 W (-1,0), 4 SW (-1,-1), 5 S (0,-1); the opposite of link L is (L+3) mod 6. A board holds
 * 48 chips in an 8x8 box with a hexagonal outline; three boards tile a 12x12 torus (a triad), with board origins
 * (0,0), (8,4), (4,8), which are also the Ethernet chips (x % 4 == 0 and (x + y) % 12 == 0).
 */
export const LINK_DELTAS: ReadonlyArray<readonly [number, number]> = [[1, 0], [1, 1], [0, 1], [-1, 0], [-1, -1], [0, -1]];

export const oppositeLink = (link: number): number => (link + 3) % LINK_COUNT;

export interface ChipXY {
  x: number;
  y: number;
}

/** The 48 chip offsets of one board, relative to its Ethernet chip: the hardware package holds the outline once. */
export function board48Offsets(): ChipXY[] {
  return board48Chips();
}

/** A machine's chips and links. Chip indices follow `chips`; links that leave the machine lead nowhere (-1). */
export class Topology {
  readonly chips: readonly ChipXY[];
  private readonly indexOfXY: Int32Array;
  /** neighbours[chip * 6 + link]: index of the chip at the other end of the link, or -1. */
  readonly neighbours: Int32Array;

  constructor(
    readonly name: string,
    readonly width: number,
    readonly height: number,
    chips: ChipXY[],
    readonly wrap: boolean,
  ) {
    this.chips = chips;
    this.indexOfXY = new Int32Array(width * height).fill(-1);
    chips.forEach(({ x, y }, i) => {
      if (x < 0 || y < 0 || x >= width || y >= height) throw new RangeError(`chip (${x},${y}) lies outside ${width}x${height}`);
      if (this.indexOfXY[y * width + x] !== -1) throw new RangeError(`chip (${x},${y}) is listed twice`);
      this.indexOfXY[y * width + x] = i;
    });
    this.neighbours = new Int32Array(chips.length * LINK_COUNT).fill(-1);
    chips.forEach(({ x, y }, i) => {
      for (let l = 0; l < LINK_COUNT; l++) {
        const n = this.neighbour(x, y, l);
        if (n) this.neighbours[i * LINK_COUNT + l] = this.index(n.x, n.y);
      }
    });
  }

  get size(): number {
    return this.chips.length;
  }

  /** Index of chip (x, y), or -1 if the machine has no such chip. */
  index(x: number, y: number): number {
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= this.width || y >= this.height) return -1;
    return this.indexOfXY[y * this.width + x];
  }

  /** The chip at the other end of `link` from (x, y), wrapping on a torus; null where the link leaves the machine. */
  neighbour(x: number, y: number, link: number): ChipXY | null {
    const [dx, dy] = LINK_DELTAS[link];
    let nx = x + dx;
    let ny = y + dy;
    if (this.wrap) {
      nx = (nx + this.width) % this.width;
      ny = (ny + this.height) % this.height;
    }
    return this.index(nx, ny) === -1 ? null : { x: nx, y: ny };
  }

  chipName(chip: number): string {
    const c = this.chips[chip];
    return `chip(${c.x},${c.y})`;
  }

  /** Hops from `from` to every chip (breadth first over existing links); -1 where unreachable. */
  hopDistances(from: number): Int32Array {
    const dist = new Int32Array(this.size).fill(-1);
    const queue = new Int32Array(this.size);
    let head = 0;
    let tail = 0;
    dist[from] = 0;
    queue[tail++] = from;
    while (head < tail) {
      const c = queue[head++];
      for (let l = 0; l < LINK_COUNT; l++) {
        const n = this.neighbours[c * LINK_COUNT + l];
        if (n >= 0 && dist[n] < 0) {
          dist[n] = dist[c] + 1;
          queue[tail++] = n;
        }
      }
    }
    return dist;
  }

  /** Ethernet chips: board origins, x % 4 == 0 and (x + y) % 12 == 0 [SM]. */
  ethernetChips(): ChipXY[] {
    return this.chips.filter((c) => c.x % 4 === 0 && (c.x + c.y) % 12 === 0);
  }
}
