import { and, setup } from 'xstate';
import type { Schedule } from './schedule';

/** Status flags a worker writes into the scheduler's SRAM: (task << 2) | code. */
export const FLAG = { DONE: 0, COMPUTED: 1, FETCHED: 2 } as const;

/** What a worker is doing, as the scheduler tracks it (one byte per worker in the scheduler's SRAM). */
export const WORKER = { IDLE: 0, BUSY: 1, HOLDING: 2, LEADER_WAITING: 3, SENDING: 4 } as const;

/** The scheduler's side effects on the chip: commands to workers, and the completion signal to the host. */
export interface SchedulerIo {
  run(worker: number, task: number): void;
  fetch(leaderWorker: number, leaderTask: number, memberTask: number): void;
  finish(worker: number, task: number): void;
  done(): void;
}

/**
 * The scheduler PE's program state, held in typed arrays over its SRAM: the flag words the workers write, each
 * worker's state and its position in its queue, and the progress of the current layer's accumulation groups.
 */
export class SchedulerCore {
  layer = -1;
  completed = 0;
  private readonly firstGroup: number[] = [];

  constructor(
    readonly schedule: Schedule,
    readonly flags: Int32Array,
    readonly workerState: Uint8Array,
    readonly queuePos: Uint32Array,
    /** Per group of the current layer: partial sums fetched so far, and whether the leader holds its own. */
    readonly groupFetched: Uint16Array,
    readonly groupLeaderReady: Uint8Array,
    readonly io: SchedulerIo,
  ) {
    for (const l of schedule.layers) this.firstGroup.push(l.groups.length ? l.groups[0] : 0);
  }

  startLayer(index: number): void {
    this.layer = index;
    this.completed = 0;
    this.queuePos.fill(0);
    this.groupFetched.fill(0);
    this.groupLeaderReady.fill(0);
    for (let w = 0; w < this.schedule.workers; w++) this.dispatchNext(w);
  }

  private dispatchNext(w: number): void {
    const queue = this.schedule.layers[this.layer].queues[w];
    const pos = this.queuePos[w];
    if (pos >= queue.length) { this.workerState[w] = WORKER.IDLE; return; }
    this.queuePos[w] = pos + 1;
    this.workerState[w] = WORKER.BUSY;
    this.io.run(w, queue[pos]);
  }

  /** Reads worker w's flag word and reacts to it. */
  onFlag(w: number): void {
    const word = this.flags[w];
    const code = word & 3, taskId = word >>> 2;
    const { tasks, groups } = this.schedule;
    const task = tasks[taskId];
    if (code === FLAG.DONE) {
      this.completed++;
      this.dispatchNext(w);
    } else if (code === FLAG.COMPUTED) {
      if (task.leader) {
        this.groupLeaderReady[task.group - this.firstGroup[this.layer]] = 1;
        this.workerState[w] = WORKER.LEADER_WAITING;
      } else {
        this.workerState[w] = WORKER.HOLDING;
      }
      this.pump(task.group);
    } else if (code === FLAG.FETCHED) {
      const member = tasks[taskId];
      const g = groups[member.group];
      this.groupFetched[g.id - this.firstGroup[this.layer]]++;
      this.dispatchNext(member.worker); // its partial sums are safe in the leader: free to go on
      this.workerState[tasks[g.leader].worker] = WORKER.LEADER_WAITING;
      this.pump(g.id);
    }
  }

  /** Tells a waiting leader to fetch the next member's partial sums, or to finish when it has them all. */
  private pump(groupId: number): void {
    const g = this.schedule.groups[groupId];
    const local = groupId - this.firstGroup[this.layer];
    const leader = this.schedule.tasks[g.leader];
    if (!this.groupLeaderReady[local] || this.workerState[leader.worker] !== WORKER.LEADER_WAITING) return;
    for (const m of g.members) {
      const mw = this.schedule.tasks[m].worker;
      if (this.workerState[mw] === WORKER.HOLDING && this.schedule.layers[this.layer].queues[mw][this.queuePos[mw] - 1] === m) {
        this.workerState[mw] = WORKER.SENDING;
        this.workerState[leader.worker] = WORKER.BUSY;
        this.io.fetch(leader.worker, leader.id, m);
        return;
      }
    }
    if (this.groupFetched[local] === g.members.length) {
      this.workerState[leader.worker] = WORKER.BUSY;
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
