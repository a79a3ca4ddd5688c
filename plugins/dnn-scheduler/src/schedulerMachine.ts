import { and, setup } from 'xstate';
import type { Schedule } from './schedule';

/** Status flags a worker writes into the scheduler's SRAM: (task << 2) | code. */
export const FLAG = { DONE: 0, COMPUTED: 1, FETCHED: 2 } as const;

/**
 * Flag words per worker in the scheduler's SRAM: a ring the worker writes in order and the scheduler reads in
 * order, so a flag that lands while the scheduler still handles an earlier one is not overwritten. A worker has at
 * most two tiles and a fetch in flight, so it never has more than 3 flags unread.
 */
export const FLAG_RING = 8;

/** Commands the scheduler sends a worker as its user-interrupt code: (task << 3) | (slot << 2) | command. */
export const CMD = { RUN: 0, FETCH: 1, FINISH: 2 } as const;

/** A tile's state as the scheduler tracks it (one byte per tile of the current layer, in its SRAM). */
export const TILE = { WAITING: 0, RUNNING: 1, HOLDING: 2, SENDING: 3, LEADER_READY: 4, LEADER_BUSY: 5, DONE: 6 } as const;

/** The scheduler's side effects on the chip: commands to workers, and the completion signal to the host. */
export interface SchedulerIo {
  /** Start `task` on `worker` in its tile slot `slot`. */
  run(worker: number, task: number, slot: number): void;
  /** Tell the leader's worker to fetch `memberTask`'s partial sums, which lie in slot `memberSlot` of the member's worker. */
  fetch(leaderWorker: number, leaderTask: number, memberTask: number, memberSlot: number): void;
  finish(worker: number, task: number): void;
  /** A layer starts (for the results' per-layer times). */
  layerStarted?(layer: number): void;
  done(): void;
}

/** Typed-array views over the scheduler PE's SRAM regions. */
export interface SchedulerViews {
  /** Flag words, FLAG_RING per worker, written in order by the worker: (task << 2) | code. */
  flags: Int32Array;
  /** Flags of each worker read so far (the next is flags[w * FLAG_RING + flagRead[w] % FLAG_RING]). */
  flagRead: Uint32Array;
  /** Per worker and tile slot: the task in the slot, or -1. */
  slots: Int32Array;
  /** Tiles each worker holds (started and not yet written out or taken by a leader). */
  inFlight: Uint8Array;
  /** Position of each worker in its queue of the current layer. */
  queuePos: Uint32Array;
  /** Per group of the current layer: partial sums fetched so far. */
  groupFetched: Uint16Array;
  /** Per tile of the current layer: TILE state. */
  tileState: Uint8Array;
}

/**
 * The scheduler PE's program state and logic. Its state lives in typed arrays over its SRAM; the xstate machine
 * below decides when each part runs.
 */
export class SchedulerCore {
  layer = -1;
  completed = 0;
  private readonly firstGroup: number[] = [];
  private readonly firstTask: number[] = [];

  constructor(
    readonly schedule: Schedule,
    readonly v: SchedulerViews,
    readonly io: SchedulerIo,
  ) {
    for (const l of schedule.layers) {
      this.firstGroup.push(l.groups.length ? l.groups[0] : 0);
      this.firstTask.push(l.tasks.length ? l.tasks[0] : 0);
    }
  }

  get flags(): Int32Array {
    return this.v.flags;
  }

  startLayer(index: number): void {
    this.layer = index;
    this.completed = 0;
    this.v.queuePos.fill(0);
    this.v.groupFetched.fill(0);
    this.v.tileState.fill(TILE.WAITING);
    this.io.layerStarted?.(index);
    for (let w = 0; w < this.schedule.workers; w++) this.dispatch(w);
  }

  /** Starts the worker's next tiles while it has a free slot. */
  private dispatch(w: number): void {
    const layer = this.schedule.layers[this.layer];
    const queue = layer.queues[w];
    while (this.v.inFlight[w] < layer.slots && this.v.queuePos[w] < queue.length) {
      const task = queue[this.v.queuePos[w]++];
      this.v.inFlight[w]++;
      this.setTile(task, TILE.RUNNING);
      const slot = this.v.slots[2 * w] < 0 ? 0 : 1;
      if (this.v.slots[2 * w + slot] >= 0) throw new Error(`worker ${w} has no free tile slot for tile ${task} (a scheduler bug)`);
      this.v.slots[2 * w + slot] = task;
      this.io.run(w, task, slot);
    }
  }

  private setTile(task: number, state: number): void {
    this.v.tileState[task - this.firstTask[this.layer]] = state;
  }

  private tileState(task: number): number {
    return this.v.tileState[task - this.firstTask[this.layer]];
  }

  private freeSlot(w: number, task: number): void {
    const s = this.v.slots;
    if (s[2 * w] === task) s[2 * w] = -1;
    else if (s[2 * w + 1] === task) s[2 * w + 1] = -1;
    else throw new Error(`worker ${w} holds no tile ${task} (a scheduler bug)`);
  }

  private slotOf(w: number, task: number): number {
    return this.v.slots[2 * w] === task ? 0 : 1;
  }

  /** Reads worker w's next flag word from its ring in SRAM and reacts to it. */
  onFlag(w: number): void {
    const word = this.v.flags[w * FLAG_RING + (this.v.flagRead[w]++ % FLAG_RING)];
    const code = word & 3, taskId = word >>> 2;
    const { tasks, groups } = this.schedule;
    const task = tasks[taskId];
    if (code === FLAG.DONE) {
      this.setTile(taskId, TILE.DONE);
      this.completed++;
      this.v.inFlight[w]--;
      this.freeSlot(w, taskId);
      this.dispatch(w);
    } else if (code === FLAG.COMPUTED) {
      this.setTile(taskId, task.leader ? TILE.LEADER_READY : TILE.HOLDING);
      this.pump(task.group);
    } else if (code === FLAG.FETCHED) {
      const g = groups[task.group];
      this.setTile(taskId, TILE.DONE);
      this.v.groupFetched[g.id - this.firstGroup[this.layer]]++;
      this.v.inFlight[task.worker]--; // its partial sums are safe in the leader: the member's slot is free
      this.freeSlot(task.worker, taskId);
      this.dispatch(task.worker);
      this.setTile(g.leader, TILE.LEADER_READY);
      this.pump(g.id);
    }
  }

  /** Tells a ready leader to fetch the next held partial sums, or to finish when it has them all. */
  private pump(groupId: number): void {
    const g = this.schedule.groups[groupId];
    if (this.tileState(g.leader) !== TILE.LEADER_READY) return;
    const leader = this.schedule.tasks[g.leader];
    for (const m of g.members) {
      if (this.tileState(m) === TILE.HOLDING) {
        this.setTile(m, TILE.SENDING);
        this.setTile(g.leader, TILE.LEADER_BUSY);
        this.io.fetch(leader.worker, leader.id, m, this.slotOf(this.schedule.tasks[m].worker, m));
        return;
      }
    }
    if (this.v.groupFetched[groupId - this.firstGroup[this.layer]] === g.members.length) {
      this.setTile(g.leader, TILE.LEADER_BUSY);
      this.io.finish(leader.worker, leader.id);
    }
  }

  layerComplete(): boolean {
    return this.completed === this.schedule.layers[this.layer].completions;
  }

  isLastLayer(): boolean {
    return this.layer === this.schedule.layers.length - 1;
  }
}

/**
 * The scheduler PE as an xstate machine. One interrupt from the host starts it; from then on it runs the whole
 * schedule on chip: it starts workers by interrupt, reads the status flags they write into its SRAM, tells leaders
 * to fetch members' partial sums over the NoC, advances through the layers behind a barrier, and signals completion.
 */
export const dnnSchedulerMachine = setup({
  types: {
    context: {} as { core: SchedulerCore },
    input: {} as { core: SchedulerCore },
    events: {} as { type: 'HOST_START' } | { type: 'FLAG'; worker: number },
  },
  actions: {
    startFirstLayer: ({ context }) => context.core.startLayer(0),
    readFlag: ({ context, event }) => { if (event.type === 'FLAG') context.core.onFlag(event.worker); },
    advanceLayer: ({ context }) => context.core.startLayer(context.core.layer + 1),
    signalDone: ({ context }) => context.core.io.done(),
  },
  guards: {
    layerComplete: ({ context }) => context.core.layerComplete(),
    lastLayer: ({ context }) => context.core.isLastLayer(),
  },
}).createMachine({
  id: 'dnnScheduler',
  initial: 'idle',
  context: ({ input }) => ({ core: input.core }),
  states: {
    idle: { on: { HOST_START: { target: 'runningLayer', actions: 'startFirstLayer' } } },
    runningLayer: { on: { FLAG: { target: 'checkingLayer', actions: 'readFlag' } } },
    checkingLayer: {
      always: [
        { guard: and(['layerComplete', 'lastLayer']), target: 'done' },
        { guard: 'layerComplete', target: 'runningLayer', actions: 'advanceLayer' },
        { target: 'runningLayer' },
      ],
    },
    done: { type: 'final', entry: 'signalDone' },
  },
});
