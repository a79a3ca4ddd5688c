import type { PeImage } from '@s2sim/actors';
import type { MachineSpec } from '@s2sim/hardware';
import type { PieceRef } from './buildNeuronImage';
import type { ConnectionSet } from './connectionSet';
import { SnnMappingError } from './errors';
import type { SnnModel } from './model';
import type { PopulationSplit } from './splitPopulations';
import { MAX_RING_DELAY } from './synapticMatrix';

const KEY_BITS = 11;
const MASK = (0xffffffff << KEY_BITS) >>> 0;

export interface DelayExtensionPlan {
  /** Per projection, the source index of each connection: the pre neuron, or its copy in a delay stage. */
  src: Int32Array[];
  /** Key spaces of the delay stages (stage k of piece P: P's neurons, sent k x 15 ticks later). */
  spaces: PieceRef[];
  /** Real piece id -> the PE of its delay extension. */
  pePerPiece: Map<number, { chip: { x: number; y: number }; pe: number }>;
  images: PeImage[];
  /** Source indices in all: neurons, then the stage copies. */
  totalSources: number;
}

/**
 * Plans sPyNNaker's delay extensions: a connection of d > 15 ticks is split into stage k = ceil(d / 15) - 1 of its
 * source piece's delay extension and a remaining delay d - 15 k (1..15) in the target's ring; `delayTicks` is
 * rewritten to the remainder. Each source piece with such connections gets one DE PE, placed after the pieces.
 */
export function planDelayExtensions(
  model: SnnModel, sets: ConnectionSet[], delayTicks: Uint8Array[], pieces: PieceRef[], firstPiece: Map<string, number>,
  splits: Map<string, PopulationSplit>, popBase: Map<string, number>, neurons: number, pesPerChip: number, machine: MachineSpec,
): DelayExtensionPlan {
  const stagesOf = new Map<number, { stages: number; mask: Uint32Array }>();
  const pieceOf = (pop: string, i: number) => pieces[firstPiece.get(pop)! + Math.floor(i / splits.get(pop)!.neuronsPerPe)];
  model.projections.forEach((proj, i) => {
    const set = sets[i], ticks = delayTicks[i];
    for (let c = 0; c < set.length; c++) {
      if (ticks[c] <= MAX_RING_DELAY) continue;
      const k = Math.ceil(ticks[c] / MAX_RING_DELAY) - 1;
      const p = pieceOf(proj.pre, set.pre[c]);
      let e = stagesOf.get(p.id);
      if (!e) stagesOf.set(p.id, (e = { stages: 0, mask: new Uint32Array(p.n) }));
      if (k > e.stages) e.stages = k;
      e.mask[set.pre[c] - p.lo] |= 1 << k;
    }
  });
  const spaces: PieceRef[] = [];
  const pePerPiece = new Map<number, { chip: { x: number; y: number }; pe: number }>();
  const images: PeImage[] = [];
  const firstSpace = new Map<number, number>();
  let nextId = pieces.length, nextGlobal = neurons, nextPe = pieces.length;
  for (const p of pieces) {
    const e = stagesOf.get(p.id);
    if (!e) continue;
    // Delay extension PEs follow the pieces in machine order (chip by chip).
    const g = nextPe++;
    const chip = machine.chips[Math.floor(g / pesPerChip)];
    if (!chip) {
      throw new SnnMappingError(
        `the network needs ${pieces.length} PEs for neurons and ${stagesOf.size} for delay extensions, more than machine '${machine.name}' has (${machine.chips.length * pesPerChip})`,
        'use a larger machine, shorten delays to 15 time steps or fewer, or make the network smaller',
      );
    }
    const pe = g % pesPerChip;
    const at = { chip: { x: chip.x, y: chip.y }, pe };
    pePerPiece.set(p.id, at);
    firstSpace.set(p.id, spaces.length);
    const keys = new Uint32Array(e.stages);
    for (let k = 1; k <= e.stages; k++) {
      const id = nextId++;
      keys[k - 1] = (id << KEY_BITS) >>> 0;
      spaces.push({ id, population: `${p.population}.delay${k}`, lo: p.lo, n: p.n, key: keys[k - 1], mask: MASK, chip: at.chip, pe, globalLo: nextGlobal });
      nextGlobal += p.n;
    }
    const slots = MAX_RING_DELAY * e.stages + 1, words = Math.ceil(p.n / 32);
    images.push({
      chip: at.chip, pe, program: 'snn.DelayExtension', label: `${p.population}[${p.lo}:${p.lo + p.n}] delay extension (${e.stages} stages)`,
      regions: [
        { name: 'header', data: Uint32Array.from([p.n, e.stages, slots, words]) },
        { name: 'keys', data: keys },
        { name: 'stage_mask', data: e.mask },
        { name: 'ring', bytes: 4 * slots * words },
      ],
    });
  }
  const src = model.projections.map((proj, i) => {
    const set = sets[i], ticks = delayTicks[i];
    const base = popBase.get(proj.pre)!;
    const out = new Int32Array(set.length);
    for (let c = 0; c < set.length; c++) {
      if (ticks[c] <= MAX_RING_DELAY) {
        out[c] = base + set.pre[c];
        continue;
      }
      const k = Math.ceil(ticks[c] / MAX_RING_DELAY) - 1;
      const p = pieceOf(proj.pre, set.pre[c]);
      out[c] = spaces[firstSpace.get(p.id)! + k - 1].globalLo + (set.pre[c] - p.lo);
      ticks[c] -= MAX_RING_DELAY * k;
    }
    return out;
  });
  return { src, spaces, pePerPiece, images, totalSources: nextGlobal };
}
