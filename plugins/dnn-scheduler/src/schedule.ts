import { InputError } from '@s2sim/actors';
import type { QNet, QOp } from './qnet';
import { chooseTiling, layerTiles, type TilerParams, type Tiling } from './tiler';
import { tileLayout, type Task } from './tiles';

export interface Group {
  id: number;
  layer: number;
  leader: number;
  /** Tasks whose partial sums the leader fetches and adds (the leader excluded). */
  members: number[];
}

export interface LayerSchedule {
  index: number;
  op: QOp;
  tiling: Tiling;
  tasks: number[];
  groups: number[];
  /** Tasks that end with a DONE flag (ungrouped tiles and group leaders): the layer is complete when all have. */
  completions: number;
  /** Tiles a worker holds at once in this layer: 2 when double buffering pays off, else 1. */
  slots: number;
  /** Bytes of a tile slot in this layer (the whole arena, or half of it). */
  slotBytes: number;
  /** Per worker, the layer's task ids in the order the scheduler starts them. */
  queues: number[][];
  waves: number;
}

/** The static schedule: what runs where and in which order, fixed by the host before the run. */
export interface Schedule {
  workers: number;
  arenaBytes: number;
  layers: LayerSchedule[];
  tasks: Task[];
  groups: Group[];
}

/**
 * Tiles every layer and assigns tiles to workers in waves: each wave gives every worker at most one tile, and an
 * accumulation group always lies inside one wave (its members run at the same time on different workers, so the
 * leader can fetch their partial sums while they hold them). Workers take their tiles in wave order, without
 * waiting for a wave to end; layers are separated by a barrier (the next layer reads the previous one's output).
 */
export function buildSchedule(net: QNet, p: TilerParams): Schedule {
  const tasks: Task[] = [];
  const groups: Group[] = [];
  const layers: LayerSchedule[] = [];
  let arenaBytes = 0;
  net.ops.forEach((op, index) => {
    // single-buffered tiles may use the whole arena; double-buffered ones half of it but overlap DMA with MAC work:
    // the cost model picks per layer (small layers gain from overlap, large ones from fewer, bigger tiles)
    const single = chooseTiling(op, { ...p, overlap: false });
    const halfBytes = (p.arenaBytes >> 1) & ~7;
    const double = p.overlap ? chooseTiling(op, { ...p, arenaBytes: halfBytes }) : null;
    const useDouble = !!double && (!single || double.estimateNs < single.estimateNs);
    const tiling = useDouble ? double : single;
    if (!tiling) {
      const smallest = tileLayout(op, { o0: 0, o1: 1, r0: 0, r1: 1, i0: 0, i1: 1, group: -1 }).total;
      throw new InputError(
        `layer '${op.name}' (${op.kind}): no tile fits a worker's ${p.arenaBytes.toLocaleString('en-US')}-byte SRAM arena ` +
          `(a one-output tile needs ${smallest.toLocaleString('en-US')} bytes for one input channel)`,
        'use a smaller kernel or input width, or give each PE more SRAM (machine.pe.sramBytes)',
      );
    }
    arenaBytes = Math.max(arenaBytes, tiling.arenaBytes);
    const layer: LayerSchedule = { index, op, tiling, slots: useDouble ? 2 : 1, slotBytes: useDouble ? halfBytes : p.arenaBytes, tasks: [], groups: [], completions: 0, queues: Array.from({ length: p.workers }, () => []), waves: 0 };
    let cursor = 0, wave = 0;
    for (const members of layerTiles(op, tiling)) {
      if (members.length > p.workers) throw new InputError(`layer '${op.name}': an accumulation group of ${members.length} tiles exceeds the ${p.workers} workers`, 'use more workers (chip.workers)');
      if (cursor + members.length > p.workers) { cursor = 0; wave++; }
      const groupId = members.length > 1 ? groups.length : -1;
      const ids: number[] = [];
      for (const m of members) {
        const task: Task = { ...m, id: tasks.length, layer: index, worker: cursor, group: groupId, leader: ids.length === 0 };
        tasks.push(task);
        layer.tasks.push(task.id);
        layer.queues[cursor].push(task.id);
        ids.push(task.id);
        cursor++;
      }
      if (groupId >= 0) {
        groups.push({ id: groupId, layer: index, leader: ids[0], members: ids.slice(1) });
        layer.groups.push(groupId);
      }
      layer.completions++;
      if (cursor === p.workers) { cursor = 0; wave++; }
    }
    layer.waves = wave + (cursor > 0 ? 1 : 0);
    layers.push(layer);
  });
  return { workers: p.workers, arenaBytes, layers, tasks, groups };
}
