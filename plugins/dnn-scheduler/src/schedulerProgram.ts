import { createActor, type Actor } from 'xstate';
import { defineProgram, type PeContext } from '@s2sim/actors';
import type { Sram } from '@s2sim/hardware';
import type { DnnProgramPlan } from './programPlan';
import { CMD, FLAG_RING, SchedulerCore, dnnSchedulerMachine, type SchedulerViews } from './schedulerMachine';
import type { Schedule } from './schedule';
import { BUSY, recordBusy } from './timeline';

/** Recording channels the scheduler writes: when each layer started, and when the run was done (ns). */
export const LAYER_CHANNEL = 'dnn.layerStartNs';
export const DONE_CHANNEL = 'dnn.doneNs';

/** SRAM regions of the scheduler PE for a schedule (the mapper puts them in the machine image). */
export function schedulerRegions(schedule: Schedule): Array<{ name: string; bytes: number }> {
  const groups = Math.max(1, ...schedule.layers.map((l) => l.groups.length));
  const tiles = Math.max(1, ...schedule.layers.map((l) => l.tasks.length));
  const w = schedule.workers;
  return [
    { name: 'flags', bytes: 4 * FLAG_RING * w },
    { name: 'flagRead', bytes: 4 * w },
    { name: 'slots', bytes: 8 * w },
    { name: 'queuePos', bytes: 4 * w },
    { name: 'inFlight', bytes: w },
    { name: 'groupFetched', bytes: 2 * groups },
    { name: 'tileState', bytes: tiles },
  ];
}

interface SchedulerState {
  plan: DnnProgramPlan;
  core: SchedulerCore;
  actor: Actor<typeof dnnSchedulerMachine>;
  /** The context of the handler that is running: the io callbacks act through it. */
  hold: { ctx: PeContext | null };
  workerOfPe: Map<number, number>;
}

function views(sram: Sram): SchedulerViews {
  const v = <T>(name: string, C: new (b: ArrayBufferLike, o: number, n: number) => T, size: number) => {
    const r = sram.region(name);
    return new C(sram.buffer, r.offset, r.bytes / size);
  };
  return {
    flags: v('flags', Int32Array, 4), flagRead: v('flagRead', Uint32Array, 4), slots: v('slots', Int32Array, 4),
    queuePos: v('queuePos', Uint32Array, 4), inFlight: v('inFlight', Uint8Array, 1), groupFetched: v('groupFetched', Uint16Array, 2), tileState: v('tileState', Uint8Array, 1),
  };
}

/**
 * The scheduler PE. attach() builds the SchedulerCore over typed arrays on its SRAM regions and starts the xstate
 * machine; its io sends commands through the running handler's context (a command costs dispatchCycles and is a
 * user interrupt on the worker). The host's one start packet is HOST_START; each worker's user interrupt means
 * "a flag is in your ring": the handler reads it from SRAM and feeds the machine. When the machine reaches `done`
 * the scheduler records the time and halts, which ends the run.
 */
export const dnnSchedulerProgram = defineProgram({
  name: 'dnn-scheduler',
  attach(sram: Sram, params: unknown): SchedulerState {
    const plan = params as DnnProgramPlan;
    const v = views(sram);
    v.slots.fill(-1);
    const hold: { ctx: PeContext | null } = { ctx: null };
    const p = plan.params;
    const command = (w: number, code: number) => {
      const ctx = hold.ctx!;
      ctx.charge(p.dispatchCycles);
      ctx.raiseUser(plan.workerPes[w], code);
    };
    const core = new SchedulerCore(plan.schedule, v, {
      run: (w, task, slot) => command(w, (task << 3) | (slot << 2) | CMD.RUN),
      fetch: (w, _leader, member, memberSlot) => command(w, (member << 3) | (memberSlot << 2) | CMD.FETCH),
      finish: (w, task) => command(w, (task << 3) | CMD.FINISH),
      layerStarted: () => hold.ctx!.record(LAYER_CHANNEL, hold.ctx!.timeNs),
      done: () => {
        hold.ctx!.record(DONE_CHANNEL, hold.ctx!.timeNs);
        hold.ctx!.halt();
      },
    });
    const actor = createActor(dnnSchedulerMachine, { input: { core } }).start();
    return { plan, core, actor, hold, workerOfPe: new Map(plan.workerPes.map((pe, i) => [pe, i])) };
  },
  packet(s, ctx) {
    // the host's start interrupt
    const t0 = ctx.timeNs;
    s.hold.ctx = ctx;
    ctx.charge(s.plan.params.irqCycles);
    s.actor.send({ type: 'HOST_START' });
    recordBusy(ctx, t0, ctx.timeNs, BUSY.SCHED);
  },
  user(s, ctx, code, fromPe) {
    const t0 = ctx.timeNs;
    const w = s.workerOfPe.get(fromPe);
    if (w === undefined) throw new Error(`user interrupt from PE ${fromPe}, which is not a worker`);
    // the worker numbers its flags; the ring must not have overrun
    if (code !== s.core.v.flagRead[w]) throw new Error(`worker ${w}'s flag ${code} arrived when flag ${s.core.v.flagRead[w]} was due (flag ring of ${FLAG_RING} overrun)`);
    s.hold.ctx = ctx;
    ctx.charge(s.plan.params.flagCycles);
    s.actor.send({ type: 'FLAG', worker: w });
    recordBusy(ctx, t0, ctx.timeNs, BUSY.SCHED);
  },
});

