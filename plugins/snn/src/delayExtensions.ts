import type { PeImage } from '@s2sim/actors';
import type { MachineSpec } from '@s2sim/hardware';
import type { PieceRef } from './buildNeuronImage';
import type { ConnectionSet } from './connectionSet';
import { SnnMappingError } from './errors';
import type { SnnModel } from './model';
import type { PopulationSplit } from './splitPopulations';
import { MAX_RING_DELAY } from './synapticMatrix';


export interface DelayExtensionPlan {
  /**
   * Per piece id, the global source index of neuron 0 of the piece's stage-1 copy (stage k: + (k - 1) x piece.n),
   * or -1: a connection of d > 15 ticks comes from stage ceil(d / 15) - 1 with d - 15 k ticks left.
   */
  stageBase: Int32Array;
  /** Key spaces of the delay stages (stage k of piece P: P's neurons, sent k x 15 ticks later). */
  spaces: PieceRef[];
  /** Real piece id -> the PE of its delay extension. */
  pePerPiece: Map<number, { chip: { x: number; y: number }; pe: number }>;
  images: PeImage[];
  /** Each DE image's `keys` region and the index in `spaces` of its stage 1, for writeStageKeys. */
  stageKeys: Array<{ keys: Uint32Array; first: number }>;
  /** Source indices in all: neurons, then the stage copies. */
  totalSources: number;
}

/**
 * Plans sPyNNaker's delay extensions: a connection of d > 15 ticks is split into stage k = ceil(d / 15) - 1 of its
 * source piece's delay extension and a remaining delay d - 15 k (1..15) in the target's ring (see sourceOf). Each
 * source piece with such connections gets one DE PE, placed after the pieces.
 */
export function planDelayExtensions(
  model: SnnModel, sets: ConnectionSet[], pieces: PieceRef[], firstPiece: Map<string, number>,
  splits: Map<string, PopulationSplit>, neurons: number, pesPerChip: number, machine: MachineSpec,
): DelayExtensionPlan {
  // Per piece id: its deepest stage and, per neuron, the stages it needs (bit k); arrays, as this visits every synapse.
  const stagesOf = new Int32Array(pieces.length);
  const masks: Array<Uint32Array | undefined> = new Array(pieces.length);
  model.projections.forEach((proj, i) => {
    const { pre, delayTicks: ticks, length } = sets[i];
    const first = firstPiece.get(proj.pre)!, per = splits.get(proj.pre)!.neuronsPerPe;
    for (let c = 0; c < length; c++) {
      const t = ticks[c];
      if (t <= MAX_RING_DELAY) continue;
      const k = Math.ceil(t / MAX_RING_DELAY) - 1;
      const local = (pre[c] / per) | 0;
      const id = first + local;
      const mask = masks[id] ?? (masks[id] = new Uint32Array(pieces[id].n));
      if (k > stagesOf[id]) stagesOf[id] = k;
      mask[pre[c] - local * per] |= 1 << k;
    }
  });
  const withStages = stagesOf.reduce((n, k) => n + (k > 0 ? 1 : 0), 0);
  const spaces: PieceRef[] = [];
  const pePerPiece = new Map<number, { chip: { x: number; y: number }; pe: number }>();
  const images: PeImage[] = [];
  const stageKeys: DelayExtensionPlan['stageKeys'] = [];
  const stageBase = new Int32Array(pieces.length).fill(-1);
  let nextId = pieces.length, nextGlobal = neurons, nextPe = pieces.length;
  for (const p of pieces) {
    if (stagesOf[p.id] === 0) continue;
    const e = { stages: stagesOf[p.id], mask: masks[p.id]! };
    // Delay extension PEs follow the pieces in machine order (chip by chip).
    const g = nextPe++;
    const chip = machine.chips[Math.floor(g / pesPerChip)];
    if (!chip) {
      throw new SnnMappingError(
        `the network needs ${pieces.length} PEs for neurons and ${withStages} for delay extensions, more than machine '${machine.name}' has (${machine.chips.length * pesPerChip})`,
        'use a larger machine, shorten delays to 15 time steps or fewer, or make the network smaller',
      );
    }
    const pe = g % pesPerChip;
    const at = { chip: { x: chip.x, y: chip.y }, pe };
    pePerPiece.set(p.id, at);
    stageBase[p.id] = nextGlobal;
    const keys = new Uint32Array(e.stages);
    stageKeys.push({ keys, first: spaces.length });
    for (let k = 1; k <= e.stages; k++) {
      // Keys come later, from allocateSpikeKeys (writeStageKeys copies them into the DE's keys region).
      spaces.push({ id: nextId++, population: `${p.population}.delay${k}`, lo: p.lo, n: p.n, key: 0, mask: 0, chip: at.chip, pe, globalLo: nextGlobal });
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
  return { stageBase, spaces, pePerPiece, images, stageKeys, totalSources: nextGlobal };
}

/** Copies the stage spaces' keys (once allocated) into each delay extension's `keys` region. */
export function writeStageKeys(plan: DelayExtensionPlan): void {
  for (const { keys, first } of plan.stageKeys) for (let k = 0; k < keys.length; k++) keys[k] = plan.spaces[first + k].key;
}
