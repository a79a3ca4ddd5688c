import { ACC_MAX, ACC_MIN, macConv2dInt16, macConv2dInt8, macMatmulInt16, macMatmulInt8, requantize } from '@s2sim/hardware';
import type { Dram, DramPort } from './dram';
import type { EventQueue } from './eventQueue';
import type { QArray, QNet, QOp } from './qnet';
import type { Schedule } from './schedule';
import { FLAG } from './schedulerMachine';
import { tileLayout, type Task, type TileLayout } from './tiles';
import type { DnnChipParams } from './chipParams';
import { BUSY, type Timeline } from './timeline';

/** What the worker programs share on the chip: time, DRAM, the scheduler's flag words, counters. */
export interface ChipEnv {
  q: EventQueue;
  dram: Dram;
  port: DramPort;
  params: DnnChipParams;
  nsPerCycle: number;
  peDmaBytesPerNs: number;
  net: QNet;
  schedule: Schedule;
  workers: WorkerPe[];
  timeline: Timeline;
  stats: { macs: number; saturations: number; nocBytes: number };
  /** A worker's flag word lands in the scheduler's SRAM (after the NoC latency) and wakes it. */
  flag(worker: number, word: number): void;
}

interface Tile { op: QOp; lay: TileLayout; base: number }

/**
 * A worker PE's program. Each command from the scheduler (run a tile, fetch a member's partial sums, finish a group)
 * is a user interrupt. The PE has three resources that work in parallel, each serving its requests in order: the
 * M4F core (interrupt handlers, pooling, adds), the MAC array, and the DMA engine (DRAM and NoC transfers). A tile
 * lives in one of the arena's slots; with two slots the next tile's DMA overlaps this tile's MAC work.
 */
export class WorkerPe {
  busyCycles = 0;
  private coreFreeAt = 0;
  private macFreeAt = 0;
  private dmaFreeAt = 0;
  private readonly i32: Int32Array;
  /** The arena as int16 elements, for int16 networks (offsets in elements are byte offsets / 2: all 8-aligned). */
  private readonly a16: Int16Array;
  private readonly slotOf = new Map<number, number>();
  private readonly slotTask: number[];

  constructor(
    readonly index: number,
    readonly pe: number,
    /** The SRAM region the tiles live in (8-aligned). */
    readonly arena: Int8Array,
    private readonly env: ChipEnv,
  ) {
    this.i32 = new Int32Array(arena.buffer, arena.byteOffset, arena.byteLength >> 2);
    this.a16 = new Int16Array(arena.buffer, arena.byteOffset, arena.byteLength >> 1);
    this.slotTask = [-1, -1]; // two tile slots; single-buffered layers use only the first
  }

  private tile(task: Task): Tile {
    const layer = this.env.schedule.layers[task.layer];
    const slot = this.slotOf.get(task.id);
    if (slot === undefined) throw new Error(`worker ${this.index} holds no tile ${task.id}`);
    return { op: layer.op, lay: tileLayout(layer.op, task), base: slot * layer.slotBytes };
  }

  /** Frees the tile's slot (its output is in DRAM, or a leader has taken its partial sums). */
  release(task: Task): void {
    const slot = this.slotOf.get(task.id)!;
    this.slotTask[slot] = -1;
    this.slotOf.delete(task.id);
  }

  /** Work on the core (or the MAC array): starts when that resource is free; returns when it ends. */
  private busy(cycles: number, kind: number): number {
    const { q, nsPerCycle, timeline } = this.env;
    const onMac = kind === BUSY.MAC;
    const start = Math.max(q.now, onMac ? this.macFreeAt : this.coreFreeAt);
    const end = start + cycles * nsPerCycle;
    if (onMac) this.macFreeAt = end; else this.coreFreeAt = end;
    this.busyCycles += cycles;
    timeline.add(this.pe, start, end, kind);
    return end;
  }

  /** Queues a transfer on the PE's DMA engine; `then` runs when it completes. DRAM requests reach the shared port in time order. */
  private dma(kind: number, bytes: number, then: () => void): void {
    const { q, port, peDmaBytesPerNs, params, timeline } = this.env;
    const go = () => {
      if (this.dmaFreeAt > q.now) { q.post(this.dmaFreeAt, go); return; }
      const end = kind === BUSY.NOC
        ? q.now + params.nocLatencyNs + bytes / params.nocBytesPerNs
        : port.transfer(q.now, bytes, peDmaBytesPerNs, kind === BUSY.DMA_OUT);
      this.dmaFreeAt = end;
      timeline.add(this.pe, q.now, end, kind);
      q.post(end, then);
    };
    go();
  }

  /** The arena as elements of the layer's precision and bytes per element. */
  private els(op: QOp): { a: QArray; e: number } {
    return op.eb === 2 ? { a: this.a16, e: 2 } : { a: this.arena, e: 1 };
  }

  /** A DRAM buffer as elements of the layer's precision. */
  private dramEls(name: string, e: number): QArray {
    return e === 2 ? this.env.dram.get16(name) : this.env.dram.get(name);
  }

  private acc(t: Tile): Int32Array {
    return this.i32.subarray((t.base + t.lay.accOff) >> 2, (t.base + t.lay.accOff + t.lay.accBytes) >> 2);
  }

  /** Interrupt: run a tile in a free slot. Loads inputs and weights (and the output parameters when it finishes alone). */
  run(task: Task): void {
    const { q, params } = this.env;
    const slot = this.slotTask.indexOf(-1);
    if (slot < 0) throw new Error(`worker ${this.index}: tile ${task.id} started with no free slot (a scheduler bug)`);
    this.slotTask[slot] = task.id;
    this.slotOf.set(task.id, slot);
    const t = this.tile(task);
    const alone = task.group < 0;
    this.loadInputs(t, task);
    if (alone && t.lay.paramBytes) this.loadParams(t, task);
    q.post(this.busy(params.irqCycles, BUSY.CPU), () =>
      this.dma(BUSY.DMA_IN, t.lay.dramInBytes + (alone ? t.lay.paramBytes : 0), () => {
        q.post(this.compute(t, task), () => (alone ? this.writeOut(t, task) : this.env.flag(this.index, (task.id << 2) | FLAG.COMPUTED)));
      }),
    );
  }

  /** Interrupt: fetch `member`'s partial sums from its SRAM over the NoC and add them to this leader's. */
  fetch(leader: Task, member: Task, from: WorkerPe): void {
    const { q, params, stats } = this.env;
    const t = this.tile(leader);
    const theirs = from.tile(member); // a member's buffers sit where its own slot and input-slice layout put them
    q.post(this.busy(params.irqCycles, BUSY.CPU), () =>
      this.dma(BUSY.NOC, t.lay.accBytes, () => {
        const recv = this.i32.subarray((t.base + t.lay.recvOff) >> 2, (t.base + t.lay.recvOff + t.lay.recvBytes) >> 2);
        recv.set(from.i32.subarray((theirs.base + theirs.lay.accOff) >> 2, (theirs.base + theirs.lay.accOff + theirs.lay.accBytes) >> 2));
        from.release(member);
        stats.nocBytes += t.lay.accBytes;
        const acc = this.acc(t);
        let sat = 0;
        for (let i = 0; i < acc.length; i++) {
          const v = acc[i] + recv[i];
          if (v > ACC_MAX) { acc[i] = ACC_MAX; sat++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; sat++; } else acc[i] = v;
        }
        stats.saturations += sat;
        q.post(this.busy(acc.length * params.accumulateCyclesPerElement, BUSY.CPU), () => this.env.flag(this.index, (member.id << 2) | FLAG.FETCHED));
      }),
    );
  }

  /** Interrupt: a leader has every partial sum; load the output parameters, requantise and write out. */
  finish(task: Task): void {
    const { q, params } = this.env;
    const t = this.tile(task);
    this.loadParams(t, task);
    q.post(this.busy(params.irqCycles, BUSY.CPU), () => this.dma(BUSY.DMA_IN, t.lay.paramBytes, () => this.writeOut(t, task)));
  }

  private loadInputs(t: Tile, task: Task): void {
    const { net } = this.env;
    const { op, lay, base } = t;
    const { a, e } = this.els(op);
    const dram = { get: (name: string) => this.dramEls(name, e) };
    const inOff = (base + lay.inOff) / e, wOff = (base + lay.wOff) / e;
    if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
      const src = dram.get(net.tensors.get(op.input)!.buffer);
      const c0 = op.kind === 'conv' ? task.i0 : task.o0, c1 = op.kind === 'conv' ? task.i1 : task.o1;
      a.fill(op.kind === 'maxpool' ? (e === 2 ? -32768 : -128) : 0, inOff, inOff + lay.inBytes / e); // padding: zeros, or -inf for max
      for (let c = c0; c < c1; c++) {
        for (let y = lay.validRow0; y < lay.validRow1; y++) {
          const dst = inOff + ((c - c0) * lay.inRows + (y - lay.inRow0)) * lay.inCols + op.pad;
          a.set(src.subarray((c * op.h + y) * op.w, (c * op.h + y + 1) * op.w), dst);
        }
      }
      if (op.kind === 'conv') {
        const per = op.kh * op.kw, iT = task.i1 - task.i0;
        const w = dram.get(`${op.name}.weights`);
        for (let co = task.o0; co < task.o1; co++) {
          a.set(w.subarray((co * op.cin + task.i0) * per, (co * op.cin + task.i1) * per), wOff + (co - task.o0) * iT * per);
        }
      }
    } else if (op.kind === 'dense') {
      const src = dram.get(net.tensors.get(op.input)!.buffer);
      a.set(src.subarray(task.i0, task.i1), inOff);
      const w = dram.get(`${op.name}.weights`), nT = task.o1 - task.o0;
      for (let k = task.i0; k < task.i1; k++) a.set(w.subarray(k * op.n + task.o0, k * op.n + task.o1), wOff + (k - task.i0) * nT);
    } else {
      const first = op.kind === 'add' ? op.inputs[0] : op.input;
      a.set(dram.get(net.tensors.get(first)!.buffer).subarray(task.o0, task.o1), inOff);
      if (op.kind === 'add') a.set(dram.get(net.tensors.get(op.inputs[1])!.buffer).subarray(task.o0, task.o1), wOff);
    }
  }

  private loadParams(t: Tile, task: Task): void {
    const { op, lay, base } = t;
    if (op.kind !== 'conv' && op.kind !== 'dense') return;
    const p = this.env.dram.get(`${op.name}.params`);
    const all = new Int32Array(p.buffer, p.byteOffset, p.byteLength >> 2);
    const C = all.length / 3, oT = task.o1 - task.o0, at = (base + lay.paramOff) >> 2;
    for (let k = 0; k < 3; k++) this.i32.set(all.subarray(k * C + task.o0, k * C + task.o1), at + k * oT);
  }

  /** Runs the tile on the MAC array (conv, dense) or the M4F (pooling, add, ReLU); returns when it ends. */
  private compute(t: Tile, task: Task): number {
    const { params, stats } = this.env;
    const { op, lay, base } = t;
    const { a, e } = this.els(op);
    const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
    const inOff = (base + lay.inOff) / e, wOff = (base + lay.wOff) / e, out = (base + lay.outOff) / e;
    const hi = e === 2 ? 32767 : 127;
    if (op.kind === 'conv' || op.kind === 'dense') {
      const input = a.subarray(inOff, inOff + lay.inBytes / e), w = a.subarray(wOff, wOff + lay.wBytes / e);
      const g = op.kind === 'conv' ? { cin: task.i1 - task.i0, inRows: lay.inRows, inCols: lay.inCols, cout: oT, kh: op.kh, kw: op.kw, stride: op.stride, outRows: rT, outCols: op.wo } : undefined;
      const r = e === 2
        ? (g ? macConv2dInt16(input as Int16Array, w as Int16Array, this.acc(t), g) : macMatmulInt16(input as Int16Array, w as Int16Array, this.acc(t), 1, task.i1 - task.i0, oT))
        : (g ? macConv2dInt8(input as Int8Array, w as Int8Array, this.acc(t), g) : macMatmulInt8(input as Int8Array, w as Int8Array, this.acc(t), 1, task.i1 - task.i0, oT));
      stats.macs += r.macs;
      stats.saturations += r.saturations;
      return this.busy(r.cycles, BUSY.MAC);
    }
    if (op.kind === 'maxpool' || op.kind === 'avgpool') {
      const acc = this.acc(t);
      for (let c = 0; c < oT; c++) for (let oy = 0; oy < rT; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let m = -hi - 1, s = 0;
        for (let ky = 0; ky < op.kh; ky++) {
          const row = inOff + (c * lay.inRows + oy * op.stride + ky) * lay.inCols + ox * op.stride;
          for (let kx = 0; kx < op.kw; kx++) { const v = a[row + kx]; if (v > m) m = v; s += v; }
        }
        const o = (c * rT + oy) * op.wo + ox;
        if (op.kind === 'maxpool') a[out + o] = m; else acc[o] = s;
      }
      if (op.kind === 'avgpool') requantize(acc, a, oT * rT * op.wo, [op.mult], [op.shift], oT * rT * op.wo, false, e === 2 ? 16 : 8, 0, out);
      return this.busy(oT * rT * op.wo * op.kh * op.kw * params.poolCyclesPerInput, BUSY.CPU);
    }
    if (op.kind === 'add') {
      const div = 2 ** op.shift, half = div / 2, lo = op.relu ? 0 : -hi - 1;
      for (let i = 0; i < oT; i++) {
        let y = Math.floor((a[inOff + i] * op.multA + a[wOff + i] * op.multB + half) / div);
        if (y > hi) y = hi; else if (y < lo) y = lo;
        a[out + i] = y;
      }
    } else {
      for (let i = 0; i < oT; i++) { const v = a[inOff + i]; a[out + i] = v > 0 ? v : 0; }
    }
    return this.busy(oT * params.eltwiseCyclesPerElement, BUSY.CPU);
  }

  /** Adds the bias, requantises (with ReLU) on the array's way out, writes the tile to DRAM, frees the slot, flags DONE. */
  private writeOut(t: Tile, task: Task): void {
    const { net, stats } = this.env;
    const { op, lay, base } = t;
    const { a, e } = this.els(op);
    const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
    if (op.kind === 'conv' || op.kind === 'dense') {
      const acc = this.acc(t), at = (base + lay.paramOff) >> 2, per = op.kind === 'conv' ? rT * op.wo : 1;
      const bias = this.i32.subarray(at, at + oT), mult = this.i32.subarray(at + oT, at + 2 * oT), shift = this.i32.subarray(at + 2 * oT, at + 3 * oT);
      for (let c = 0; c < oT; c++) for (let i = c * per; i < (c + 1) * per; i++) {
        const v = acc[i] + bias[c];
        if (v > ACC_MAX) { acc[i] = ACC_MAX; stats.saturations++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; stats.saturations++; } else acc[i] = v;
      }
      requantize(acc, a, oT * per, mult, shift, per, op.relu, e === 2 ? 16 : 8, 0, (base + lay.outOff) / e);
    }
    const dst = this.dramEls(net.tensors.get(op.output)!.buffer, e);
    const out = a.subarray((base + lay.outOff) / e, (base + lay.outOff + lay.outBytes) / e);
    if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
      const plane = op.ho * op.wo, tileRows = rT * op.wo;
      for (let c = 0; c < oT; c++) dst.set(out.subarray(c * tileRows, (c + 1) * tileRows), (task.o0 + c) * plane + task.r0 * op.wo);
    } else {
      dst.set(out, task.o0);
    }
    this.dma(BUSY.DMA_OUT, lay.outBytes, () => {
      this.release(task);
      this.env.flag(this.index, (task.id << 2) | FLAG.DONE);
    });
  }
}
