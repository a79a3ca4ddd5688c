import { MAX_ACCUMULATION_INT8, matmulCycles } from '@s2sim/hardware';
import type { QOp } from './qnet';
import { tileLayout, type Task } from './tiles';

/** How a layer is cut: tile sizes along outputs, rows and the accumulation (input) dimension. */
export interface Tiling {
  oTile: number;
  rTile: number;
  /** Number of accumulation groups' members per output tile (1: no partial sums). */
  splits: number;
  tiles: number;
  /** Largest arena the layer's tiles need, bytes. */
  arenaBytes: number;
  estimateNs: number;
}

export interface TilerParams {
  workers: number;
  /** Bytes a tile may use. */
  arenaBytes: number;
  /** Double buffering: a worker's DMA overlaps its MAC work, so a tile costs max(compute, transfer), not the sum. */
  overlap: boolean;
  frequencyHz: number;
  dramBytesPerNs: number;
  peDmaBytesPerNs: number;
  nocBytesPerNs: number;
  /** Scheduler cycles per tile (reading its flags, starting it): the scheduler serves tiles one at a time. */
  schedulerCyclesPerTile: number;
  /** Fixed cost of one tile (interrupts, flags, DMA set-up), ns: weighs against tiny tiles. */
  tileOverheadNs: number;
}

export type TileRange = Pick<Task, 'o0' | 'o1' | 'r0' | 'r1' | 'i0' | 'i1' | 'group'>;

/** ceil(n / d) for every d: the distinct even splits of n. */
function splitSizes(n: number, multipleOf = 1): number[] {
  const s = new Set<number>();
  for (let d = 1; d <= n; d++) {
    const v = Math.ceil(n / d);
    s.add(Math.min(n, Math.ceil(v / multipleOf) * multipleOf));
    if (v === 1) break;
  }
  return [...s];
}

/** Dimensions of an op for tiling: outputs, rows, accumulation length. */
function dims(op: QOp): { o: number; r: number; i: number; perI: number } {
  switch (op.kind) {
    case 'conv': return { o: op.cout, r: op.ho, i: op.cin, perI: op.kh * op.kw };
    case 'dense': return { o: op.n, r: 1, i: op.k, perI: 1 };
    case 'maxpool':
    case 'avgpool': return { o: op.c, r: op.ho, i: 1, perI: 1 };
    case 'add':
    case 'relu': return { o: op.size, r: 1, i: 1, perI: 1 };
  }
}

/**
 * Picks the tiling of one layer that the cost model predicts fastest: every candidate (output tile x row tile x
 * input splits) whose buffers fit the arena is scored as max(waves x tile time, layer DRAM bytes / bandwidth), the
 * roofline of the layer with tiles run in waves over the workers. Returns null when no tile fits.
 */
export function chooseTiling(op: QOp, p: TilerParams): Tiling | null {
  const d = dims(op);
  const isMac = op.kind === 'conv' || op.kind === 'dense';
  const oSizes = splitSizes(d.o, isMac && d.o >= 16 ? 16 : 1);
  const rSizes = splitSizes(d.r);
  const splitCounts = isMac ? [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64].filter((s) => s <= d.i && s <= p.workers) : [1];
  let best: Tiling | null = null;
  const nsPerCycle = 1e9 / p.frequencyHz;
  for (const splits of splitCounts) {
    const iT = Math.ceil(d.i / splits);
    if (iT * d.perI > MAX_ACCUMULATION_INT8) continue;
    for (const oT of oSizes) {
      for (const rT of rSizes) {
        const lay = tileLayout(op, { o0: 0, o1: oT, r0: 0, r1: rT, i0: 0, i1: iT, group: splits > 1 ? 0 : -1 });
        if (lay.total > p.arenaBytes) continue;
        const tilesOut = Math.ceil(d.o / oT) * Math.ceil(d.r / rT);
        const tiles = tilesOut * splits;
        const waves = Math.ceil(tiles / p.workers);
        const prec = op.eb === 2 ? 'int16' : 'int8';
        const cycles = op.kind === 'conv' ? matmulCycles(rT * op.wo, iT * d.perI, oT, prec)
          : op.kind === 'dense' ? matmulCycles(1, iT, oT, prec) : lay.outBytes * 4;
        const accumulateNs = splits > 1 ? (splits - 1) * (lay.accBytes / p.nocBytesPerNs + (lay.accBytes / 4) * nsPerCycle) : 0;
        const computeNs = cycles * nsPerCycle, transferNs = (lay.dramInBytes + lay.outBytes) / p.peDmaBytesPerNs;
        const tileNs = (p.overlap ? Math.max(computeNs, transferNs) : computeNs + transferNs) + p.tileOverheadNs;
        const layerBytes = tiles * lay.dramInBytes + tilesOut * (lay.outBytes + lay.paramBytes);
        const schedulerNs = (tiles + (splits > 1 ? tiles : 0)) * p.schedulerCyclesPerTile * nsPerCycle;
        const estimateNs = Math.max(waves * tileNs + accumulateNs, layerBytes / p.dramBytesPerNs, schedulerNs);
        if (!best || estimateNs < best.estimateNs || (estimateNs === best.estimateNs && tiles < best.tiles)) {
          best = { oTile: oT, rTile: rT, splits, tiles, arenaBytes: lay.total, estimateNs };
        }
      }
    }
  }
  return best;
}

/** The tiles of a layer under a tiling, grouped: each output tile's `splits` members share one group. */
export function layerTiles(op: QOp, t: Tiling): TileRange[][] {
  const d = dims(op);
  const groups: TileRange[][] = [];
  const iT = Math.ceil(d.i / t.splits);
  for (let o0 = 0; o0 < d.o; o0 += t.oTile) {
    for (let r0 = 0; r0 < d.r; r0 += t.rTile) {
      const members: TileRange[] = [];
      for (let i0 = 0; i0 < d.i; i0 += iT) {
        members.push({ o0, o1: Math.min(d.o, o0 + t.oTile), r0, r1: Math.min(d.r, r0 + t.rTile), i0, i1: Math.min(d.i, i0 + iT), group: members.length });
      }
      if (members.length === 1) members[0].group = -1;
      groups.push(members);
    }
  }
  return groups;
}
