import { defineProgram, type PeContext } from '@s2sim/actors';
import { ACC_MAX, ACC_MIN, type Sram } from '@s2sim/hardware';
import { CMD, FLAG, FLAG_RING } from './schedulerMachine';
import { tileLayout, type Task, type TileLayout } from './tiles';
import type { DnnProgramPlan } from './programPlan';
import { computeTile, onMacArray, requantiseTile } from './tileCompute';
import { BUSY, recordBusy } from './timeline';

/** DMA-done tags: (slot << 4) | kind. */
const DMA = { QUIET: 0, LOADED: 1, FETCHED: 2, PARAMS: 3, OUT: 4, COMPUTED: 5 } as const;
/** Words of the worker's control region: its slot table, the flag sequence, counters, pending fetches. */
const CTL = { slotTask: 0, flagSeq: 2, saturations: 3, nocBytes: 4, fetching: 5 } as const;
export const WORKER_CTL_BYTES = 4 * 8;

export interface WorkerParams {
  plan: DnnProgramPlan;
  /** This worker's index in plan.workerPes. */
  index: number;
}

interface WorkerState {
  p: DnnProgramPlan;
  index: number;
  arena: Int8Array;
  a16: Int16Array;
  i32: Int32Array;
  /** Byte offset of the arena in SRAM (the same on every worker: the same regions in the same order). */
  arenaOffset: number;
  ctl: Int32Array;
  /** When this PE's DMA engine and MAC array are free again (for the timeline only: the kernel keeps the real queues). */
  dmaFreeNs: number;
  macFreeNs: number;
}

/** A tile held in a slot: the task, its layer's op, its buffers and where the slot starts in the arena. */
function tile(s: WorkerState, task: Task, slot: number): { lay: TileLayout; base: number } {
  const layer = s.p.schedule.layers[task.layer];
  return { lay: tileLayout(layer.op, task), base: slot * layer.slotBytes };
}

/** Starts a DMA and puts its interval on the timeline (the engine serves this PE's transfers in order). */
function dma(s: WorkerState, ctx: PeContext, kind: number, start: () => number): void {
  const from = Math.max(ctx.timeNs, s.dmaFreeNs);
  const done = start();
  s.dmaFreeNs = done;
  recordBusy(ctx, from, done, kind);
}

/** Writes a status flag into the scheduler's SRAM (its ring for this worker) and interrupts it. */
function flag(s: WorkerState, ctx: PeContext, task: number, code: number): void {
  const seq = s.ctl[CTL.flagSeq]++;
  ctx.storeToPe(s.p.schedulerPe, s.p.flagsOffset + 4 * (s.index * FLAG_RING + (seq % FLAG_RING)), (task << 2) | code);
  ctx.raiseUser(s.p.schedulerPe, seq);
}

/** RUN: DMA the tile's input (with halo, padded) and weights, and its output parameters when it finishes alone. */
function run(s: WorkerState, ctx: PeContext, task: Task, slot: number): void {
  const { p } = s;
  const op = p.schedule.layers[task.layer].op;
  const { lay, base } = tile(s, task, slot);
  const e = op.eb ?? 1;
  const at = s.arenaOffset + base;
  const tag = (kind: number) => (slot << 4) | kind;
  const loads: Array<(t: number) => number> = [];
  if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
    // padding: zeros, or the most negative value for max pooling (the DMA fills the valid rows and columns)
    const padValue = op.kind === 'maxpool' ? (e === 2 ? -32768 : -128) : 0;
    if (e === 2) s.a16.fill(padValue, (base + lay.inOff) / 2, (base + lay.inOff + lay.inBytes) / 2);
    else s.arena.fill(padValue, base + lay.inOff, base + lay.inOff + lay.inBytes);
    const [c0, c1] = op.kind === 'conv' ? [task.i0, task.i1] : [task.o0, task.o1];
    const plane = op.h * op.w;
    loads.push((t) => ctx.dmaReadStrided(p.bufferOf[op.input], e * ((c0 * op.h + lay.validRow0) * op.w), at + lay.inOff + e * ((lay.validRow0 - lay.inRow0) * lay.inCols + op.pad), {
      rowBytes: e * op.w, rows: lay.validRow1 - lay.validRow0, srcStrideBytes: e * op.w, dstStrideBytes: e * lay.inCols,
      planes: c1 - c0, srcPlaneBytes: e * plane, dstPlaneBytes: e * lay.inRows * lay.inCols,
    }, t));
    if (op.kind === 'conv') {
      const per = op.kh * op.kw, iT = task.i1 - task.i0;
      loads.push((t) => ctx.dmaReadStrided(`${op.name}.weights`, e * ((task.o0 * op.cin + task.i0) * per), at + lay.wOff, {
        rowBytes: e * iT * per, rows: task.o1 - task.o0, srcStrideBytes: e * op.cin * per, dstStrideBytes: e * iT * per,
      }, t));
    }
  } else if (op.kind === 'dense') {
    const nT = task.o1 - task.o0;
    loads.push((t) => ctx.dmaRead(p.bufferOf[op.input], e * task.i0, at + lay.inOff, e * (task.i1 - task.i0), t));
    loads.push((t) => ctx.dmaReadStrided(`${op.name}.weights`, e * (task.i0 * op.n + task.o0), at + lay.wOff, {
      rowBytes: e * nT, rows: task.i1 - task.i0, srcStrideBytes: e * op.n, dstStrideBytes: e * nT,
    }, t));
  } else {
    const first = op.kind === 'add' ? op.inputs[0] : op.input;
    loads.push((t) => ctx.dmaRead(p.bufferOf[first], e * task.o0, at + lay.inOff, e * (task.o1 - task.o0), t));
    if (op.kind === 'add') loads.push((t) => ctx.dmaRead(p.bufferOf[op.inputs[1]], e * task.o0, at + lay.wOff, e * (task.o1 - task.o0), t));
  }
  if (task.group < 0 && lay.paramBytes) loads.push((t) => loadParams(s, ctx, task, slot, t));
  // the engine completes transfers in order: only the last one's DMA-done interrupt matters
  loads.forEach((load, i) => dma(s, ctx, BUSY.DMA_IN, () => load(tag(i === loads.length - 1 ? DMA.LOADED : DMA.QUIET))));
}

/** DMA of the tile's bias, multiplier and shift (3 int32 per output channel, from three rows of the layer's table). */
function loadParams(s: WorkerState, ctx: PeContext, task: Task, slot: number, t: number): number {
  const op = s.p.schedule.layers[task.layer].op;
  if (op.kind !== 'conv' && op.kind !== 'dense') throw new Error(`layer '${op.name}' has no output parameters`);
  const { lay, base } = tile(s, task, slot);
  const C = op.bias.length, oT = task.o1 - task.o0;
  return ctx.dmaReadStrided(`${op.name}.params`, 4 * task.o0, s.arenaOffset + base + lay.paramOff, { rowBytes: 4 * oT, rows: 3, srcStrideBytes: 4 * C, dstStrideBytes: 4 * oT }, t);
}

/** Requantises a finished tile (bias, ReLU on the array's way out) and DMAs it into the layer's output in DRAM. */
function writeOut(s: WorkerState, ctx: PeContext, task: Task, slot: number): void {
  const op = s.p.schedule.layers[task.layer].op;
  const { lay, base } = tile(s, task, slot);
  const e = op.eb ?? 1;
  s.ctl[CTL.saturations] += requantiseTile(op, task, lay, base, e === 2 ? s.a16 : s.arena, s.i32);
  const src = s.arenaOffset + base + lay.outOff, out = s.p.bufferOf[op.output];
  const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
  const tag = (slot << 4) | DMA.OUT;
  if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
    const rowBytes = e * rT * op.wo;
    dma(s, ctx, BUSY.DMA_OUT, () => ctx.dmaWriteStrided(src, out, e * (task.o0 * op.ho * op.wo + task.r0 * op.wo), { rowBytes, rows: oT, srcStrideBytes: rowBytes, dstStrideBytes: e * op.ho * op.wo }, tag));
  } else {
    dma(s, ctx, BUSY.DMA_OUT, () => ctx.dmaWrite(src, out, e * task.o0, e * oT, tag));
  }
}

function slotOfTask(s: WorkerState, task: number): number {
  if (s.ctl[CTL.slotTask] === task) return 0;
  if (s.ctl[CTL.slotTask + 1] === task) return 1;
  throw new Error(`worker ${s.index} holds no tile ${task}`);
}

/**
 * A worker PE. The scheduler's user interrupts say what to do (run a tile in a slot, fetch a member's partial
 * sums, finish a group); DMA-done interrupts move a tile on (loaded: compute; fetched: accumulate; parameters
 * loaded: requantise and write out; written: flag DONE). The MAC array's cycles are charged to the handler that
 * runs it, so the core is busy meanwhile; the DMA engine works beside it (double buffering overlaps the next
 * tile's DMA with this tile's MAC work).
 */
export const dnnWorkerProgram = defineProgram({
  name: 'dnn-worker',
  attach(sram: Sram, params: unknown): WorkerState {
    const { plan, index } = params as WorkerParams;
    const a = sram.bytes('arena');
    const arena = new Int8Array(a.buffer, a.byteOffset, a.byteLength);
    const ctl = new Int32Array(sram.buffer, sram.region('ctl').offset, WORKER_CTL_BYTES / 4);
    ctl[CTL.slotTask] = ctl[CTL.slotTask + 1] = -1;
    return {
      p: plan, index, arena, a16: new Int16Array(a.buffer, a.byteOffset, a.byteLength >> 1), i32: new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2),
      arenaOffset: a.byteOffset, ctl, dmaFreeNs: 0, macFreeNs: 0,
    };
  },
  user(s, ctx, code) {
    const t0 = ctx.timeNs;
    ctx.charge(s.p.params.irqCycles);
    const cmd = code & 3, slot = (code >>> 2) & 1, task = s.p.schedule.tasks[code >>> 3];
    if (cmd === CMD.RUN) {
      s.ctl[CTL.slotTask + slot] = task.id;
      run(s, ctx, task, slot);
    } else if (cmd === CMD.FETCH) {
      // `task` is the member; its partial sums lie in `slot` of its worker, at the same arena offset as here
      const leader = s.p.schedule.tasks[s.p.schedule.groups[task.group].leader];
      const mine = slotOfTask(s, leader.id);
      const { lay, base } = tile(s, leader, mine);
      const theirs = tile(s, task, slot);
      s.ctl[CTL.fetching + mine] = task.id;
      s.ctl[CTL.nocBytes] += lay.accBytes;
      dma(s, ctx, BUSY.NOC, () => ctx.dmaFromPe(s.p.workerPes[task.worker], s.arenaOffset + theirs.base + theirs.lay.accOff, s.arenaOffset + base + lay.recvOff, lay.accBytes, (mine << 4) | DMA.FETCHED));
    } else if (cmd === CMD.FINISH) {
      const mine = slotOfTask(s, task.id);
      dma(s, ctx, BUSY.DMA_IN, () => loadParams(s, ctx, task, mine, (mine << 4) | DMA.PARAMS));
    } else throw new Error(`worker ${s.index}: unknown command ${cmd}`);
    recordBusy(ctx, t0, ctx.timeNs, BUSY.CPU);
  },
  dma(s, ctx, tag) {
    const kind = tag & 15, slot = tag >>> 4;
    if (kind === DMA.QUIET) return;
    const t0 = ctx.timeNs;
    const task = s.p.schedule.tasks[s.ctl[CTL.slotTask + slot]];
    const op = s.p.schedule.layers[task.layer].op;
    const { lay, base } = tile(s, task, slot);
    if (kind === DMA.LOADED && onMacArray(op)) {
      // a job on the MAC array: the core is free for other interrupts until its completion (DMA.COMPUTED)
      const from = Math.max(ctx.timeNs + (ctx.costs.dmaSetupCycles * 1e9) / ctx.frequencyHz, s.macFreeNs);
      let sat = 0;
      s.macFreeNs = ctx.macJob((slot << 4) | DMA.COMPUTED, (mac) => { sat = computeTile(ctx, mac, s.p.params, op, task, lay, base, s.arena, s.a16, s.i32); });
      s.ctl[CTL.saturations] += sat;
      recordBusy(ctx, from, s.macFreeNs, BUSY.MAC);
    } else if (kind === DMA.LOADED || kind === DMA.COMPUTED) {
      if (kind === DMA.LOADED) s.ctl[CTL.saturations] += computeTile(ctx, ctx.mac, s.p.params, op, task, lay, base, s.arena, s.a16, s.i32); // on the M4F
      if (task.group < 0) writeOut(s, ctx, task, slot);
      else flag(s, ctx, task.id, FLAG.COMPUTED);
    } else if (kind === DMA.FETCHED) {
      const member = s.ctl[CTL.fetching + slot];
      const acc = s.i32.subarray((base + lay.accOff) >> 2, (base + lay.accOff + lay.accBytes) >> 2);
      const recv = s.i32.subarray((base + lay.recvOff) >> 2, (base + lay.recvOff + lay.recvBytes) >> 2);
      let sat = 0;
      for (let i = 0; i < acc.length; i++) {
        const v = acc[i] + recv[i];
        if (v > ACC_MAX) { acc[i] = ACC_MAX; sat++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; sat++; } else acc[i] = v;
      }
      s.ctl[CTL.saturations] += sat;
      ctx.charge(acc.length * s.p.params.accumulateCyclesPerElement);
      flag(s, ctx, member, FLAG.FETCHED);
    } else if (kind === DMA.PARAMS) {
      writeOut(s, ctx, task, slot);
    } else if (kind === DMA.OUT) {
      s.ctl[CTL.slotTask + slot] = -1;
      flag(s, ctx, task.id, FLAG.DONE);
    }
    recordBusy(ctx, t0, ctx.timeNs, BUSY.CPU);
  },
});

/** A worker's counters, read back from its control region after the run. */
export function workerCounters(ctl: Uint8Array): { saturations: number; nocBytes: number } {
  const w = new Int32Array(ctl.buffer, ctl.byteOffset, WORKER_CTL_BYTES / 4);
  return { saturations: w[CTL.saturations], nocBytes: w[CTL.nocBytes] };
}
