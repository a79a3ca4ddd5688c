import { ACC_MAX, ACC_MIN, macConv2dInt8, macMatmulInt8, requantize } from '@s2sim/hardware';
import type { Dram, DramPort } from './dram';
import type { EventQueue } from './eventQueue';
import type { QNet, QOp } from './qnet';
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

/**
 * A worker PE's program. Each command (run a tile, fetch a member's partial sums, finish a group) is one user
 * interrupt; the handler programs DMA, runs the MAC array on the tile's buffers in the PE's SRAM arena, and ends by
 * writing a status flag into the scheduler's SRAM. Time advances through the chip's event queue, so DMA transfers
 * of all PEs compete for DRAM in the order they are issued.
 */
export class WorkerPe {
  busyCycles = 0;
  private readonly i32: Int32Array;

  constructor(
    readonly index: number,
    readonly pe: number,
    /** The SRAM region the tiles live in (8-aligned). */
    readonly arena: Int8Array,
    private readonly env: ChipEnv,
  ) {
    this.i32 = new Int32Array(arena.buffer, arena.byteOffset, arena.byteLength >> 2);
  }

  private layoutOf(task: Task): { op: QOp; lay: TileLayout } {
    const op = this.env.schedule.layers[task.layer].op;
    return { op, lay: tileLayout(op, task) };
  }

  private cpu(cycles: number, kind: number): number {
    const start = this.env.q.now;
    this.busyCycles += cycles;
    const end = start + cycles * this.env.nsPerCycle;
    this.env.timeline.add(this.pe, start, end, kind);
    return end;
  }

  private dram(bytes: number, write: boolean): number {
    const { q, port, peDmaBytesPerNs, timeline } = this.env;
    const end = port.transfer(q.now, bytes, peDmaBytesPerNs, write);
    timeline.add(this.pe, q.now, end, write ? BUSY.DMA_OUT : BUSY.DMA_IN);
    return end;
  }

  private acc(lay: TileLayout): Int32Array {
    return this.i32.subarray(lay.accOff >> 2, (lay.accOff + lay.accBytes) >> 2);
  }

  /** Interrupt: run a tile. Loads inputs and weights (and the output parameters when it finishes alone). */
  run(task: Task): void {
    const { q, params } = this.env;
    const { op, lay } = this.layoutOf(task);
    const t = this.cpu(params.irqCycles, BUSY.CPU);
    const alone = task.group < 0;
    this.loadInputs(op, task, lay);
    if (alone && lay.paramBytes) this.loadParams(op, task, lay);
    q.post(t, () => {
      const tIn = this.dram(lay.dramInBytes + (alone ? lay.paramBytes : 0), false);
      q.post(tIn, () => {
        const tC = this.compute(op, task, lay);
        q.post(tC, () => (alone ? this.writeOut(op, task, lay) : this.env.flag(this.index, (task.id << 2) | FLAG.COMPUTED)));
      });
    });
  }

  /** Interrupt: fetch `member`'s partial sums from its SRAM over the NoC and add them to this leader's. */
  fetch(leader: Task, member: Task, from: WorkerPe): void {
    const { q, params, stats } = this.env;
    const { lay } = this.layoutOf(leader);
    const theirs = this.layoutOf(member).lay; // a member's buffers sit where its own (input-slice) layout put them
    const t = this.cpu(params.irqCycles, BUSY.CPU);
    const src = from.i32.subarray(theirs.accOff >> 2, (theirs.accOff + theirs.accBytes) >> 2);
    const recv = this.i32.subarray(lay.recvOff >> 2, (lay.recvOff + lay.recvBytes) >> 2);
    recv.set(src);
    stats.nocBytes += lay.accBytes;
    const tNoc = t + params.nocLatencyNs + lay.accBytes / params.nocBytesPerNs;
    q.post(tNoc, () => {
      this.env.timeline.add(this.pe, t, tNoc, BUSY.NOC);
      const acc = this.acc(lay);
      let sat = 0;
      for (let i = 0; i < acc.length; i++) {
        const v = acc[i] + recv[i];
        if (v > ACC_MAX) { acc[i] = ACC_MAX; sat++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; sat++; } else acc[i] = v;
      }
      stats.saturations += sat;
      const tA = this.cpu(acc.length * params.accumulateCyclesPerElement, BUSY.CPU);
      q.post(tA, () => this.env.flag(this.index, (member.id << 2) | FLAG.FETCHED));
    });
  }

  /** Interrupt: a leader has every partial sum; load the output parameters, requantise and write out. */
  finish(task: Task): void {
    const { q, params } = this.env;
    const { op, lay } = this.layoutOf(task);
    const t = this.cpu(params.irqCycles, BUSY.CPU);
    this.loadParams(op, task, lay);
    q.post(t, () => {
      const tP = this.dram(lay.paramBytes, false);
      q.post(tP, () => this.writeOut(op, task, lay));
    });
  }

  private loadInputs(op: QOp, task: Task, lay: TileLayout): void {
    const { dram, net } = this.env;
    const a = this.arena;
    if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
      const src = dram.get(net.tensors.get(op.input)!.buffer);
      const c0 = op.kind === 'conv' ? task.i0 : task.o0, c1 = op.kind === 'conv' ? task.i1 : task.o1;
      a.fill(op.kind === 'maxpool' ? -128 : 0, lay.inOff, lay.inOff + lay.inBytes); // padding: zeros, or -inf for max
      for (let c = c0; c < c1; c++) {
        for (let y = lay.validRow0; y < lay.validRow1; y++) {
          const dst = lay.inOff + ((c - c0) * lay.inRows + (y - lay.inRow0)) * lay.inCols + op.pad;
          a.set(src.subarray((c * op.h + y) * op.w, (c * op.h + y + 1) * op.w), dst);
        }
      }
      if (op.kind === 'conv') {
        const per = op.kh * op.kw, iT = task.i1 - task.i0;
        const w = dram.get(`${op.name}.weights`);
        for (let co = task.o0; co < task.o1; co++) {
          a.set(w.subarray((co * op.cin + task.i0) * per, (co * op.cin + task.i1) * per), lay.wOff + (co - task.o0) * iT * per);
        }
      }
    } else if (op.kind === 'dense') {
      const src = dram.get(net.tensors.get(op.input)!.buffer);
      a.set(src.subarray(task.i0, task.i1), lay.inOff);
      const w = dram.get(`${op.name}.weights`), nT = task.o1 - task.o0;
      for (let k = task.i0; k < task.i1; k++) a.set(w.subarray(k * op.n + task.o0, k * op.n + task.o1), lay.wOff + (k - task.i0) * nT);
    } else {
      const first = op.kind === 'add' ? op.inputs[0] : op.input;
      a.set(dram.get(net.tensors.get(first)!.buffer).subarray(task.o0, task.o1), lay.inOff);
      if (op.kind === 'add') a.set(dram.get(net.tensors.get(op.inputs[1])!.buffer).subarray(task.o0, task.o1), lay.wOff);
    }
  }

  private loadParams(op: QOp, task: Task, lay: TileLayout): void {
    if (op.kind !== 'conv' && op.kind !== 'dense') return;
    const p = this.env.dram.get(`${op.name}.params`);
    const all = new Int32Array(p.buffer, p.byteOffset, p.byteLength >> 2);
    const C = all.length / 3, oT = task.o1 - task.o0, base = lay.paramOff >> 2;
    for (let k = 0; k < 3; k++) this.i32.set(all.subarray(k * C + task.o0, k * C + task.o1), base + k * oT);
  }

  /** Runs the tile on the MAC array (conv, dense) or the M4F (pooling, add, ReLU); returns when it ends. */
  private compute(op: QOp, task: Task, lay: TileLayout): number {
    const { params, stats } = this.env;
    const a = this.arena;
    const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
    if (op.kind === 'conv' || op.kind === 'dense') {
      const input = a.subarray(lay.inOff, lay.inOff + lay.inBytes), w = a.subarray(lay.wOff, lay.wOff + lay.wBytes);
      const r = op.kind === 'conv'
        ? macConv2dInt8(input, w, this.acc(lay), { cin: task.i1 - task.i0, inRows: lay.inRows, inCols: lay.inCols, cout: oT, kh: op.kh, kw: op.kw, stride: op.stride, outRows: rT, outCols: op.wo })
        : macMatmulInt8(input, w, this.acc(lay), 1, task.i1 - task.i0, oT);
      stats.macs += r.macs;
      stats.saturations += r.saturations;
      return this.cpu(r.cycles, BUSY.MAC);
    }
    const out = lay.outOff;
    if (op.kind === 'maxpool' || op.kind === 'avgpool') {
      const acc = this.acc(lay);
      for (let c = 0; c < oT; c++) for (let oy = 0; oy < rT; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let m = -128, s = 0;
        for (let ky = 0; ky < op.kh; ky++) {
          const row = lay.inOff + (c * lay.inRows + oy * op.stride + ky) * lay.inCols + ox * op.stride;
          for (let kx = 0; kx < op.kw; kx++) { const v = a[row + kx]; if (v > m) m = v; s += v; }
        }
        const o = (c * rT + oy) * op.wo + ox;
        if (op.kind === 'maxpool') a[out + o] = m; else acc[o] = s;
      }
      if (op.kind === 'avgpool') requantize(acc, a, oT * rT * op.wo, [op.mult], [op.shift], oT * rT * op.wo, false, 8, 0, out);
      return this.cpu(oT * rT * op.wo * op.kh * op.kw * params.poolCyclesPerInput, BUSY.CPU);
    }
    if (op.kind === 'add') {
      const div = 2 ** op.shift, half = div / 2, lo = op.relu ? 0 : -128;
      for (let i = 0; i < oT; i++) {
        let y = Math.floor((a[lay.inOff + i] * op.multA + a[lay.wOff + i] * op.multB + half) / div);
        if (y > 127) y = 127; else if (y < lo) y = lo;
        a[out + i] = y;
      }
    } else {
      for (let i = 0; i < oT; i++) { const v = a[lay.inOff + i]; a[out + i] = v > 0 ? v : 0; }
    }
    return this.cpu(oT * params.eltwiseCyclesPerElement, BUSY.CPU);
  }

  /** Adds the bias, requantises (with ReLU) on the array's way out, and writes the tile to DRAM; then flags DONE. */
  private writeOut(op: QOp, task: Task, lay: TileLayout): void {
    const { q, dram, net, stats } = this.env;
    const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
    if (op.kind === 'conv' || op.kind === 'dense') {
      const acc = this.acc(lay), base = lay.paramOff >> 2, per = op.kind === 'conv' ? rT * op.wo : 1;
      const bias = this.i32.subarray(base, base + oT), mult = this.i32.subarray(base + oT, base + 2 * oT), shift = this.i32.subarray(base + 2 * oT, base + 3 * oT);
      for (let c = 0; c < oT; c++) for (let i = c * per; i < (c + 1) * per; i++) {
        const v = acc[i] + bias[c];
        if (v > ACC_MAX) { acc[i] = ACC_MAX; stats.saturations++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; stats.saturations++; } else acc[i] = v;
      }
      requantize(acc, this.arena, oT * per, mult, shift, per, op.relu, 8, 0, lay.outOff);
    }
    const dst = dram.get(net.tensors.get(op.output)!.buffer);
    const out = this.arena.subarray(lay.outOff, lay.outOff + lay.outBytes);
    if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
      const plane = op.ho * op.wo, tileRows = rT * op.wo;
      for (let c = 0; c < oT; c++) dst.set(out.subarray(c * tileRows, (c + 1) * tileRows), (task.o0 + c) * plane + task.r0 * op.wo);
    } else {
      dst.set(out, task.o0);
    }
    const tOut = this.dram(lay.outBytes, true);
    q.post(tOut, () => this.env.flag(this.index, (task.id << 2) | FLAG.DONE));
  }
}
