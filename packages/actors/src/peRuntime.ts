import {
  Prng, acceleratorExp, acceleratorLn, dmaTransferNs, macConv2dInt16, macConv2dInt8, macMatmulInt16, macMatmulInt8,
  peName, type ChipCoord, type CostModel, type Dram, type MacResult, type Sram,
} from '@s2sim/hardware';
import { cyclesPerOperation, OPERATIONS, type Operation } from '@s2sim/power';
import { F, OP, PACKET_MC, PACKET_P2P, PeBlock } from './peBlock';
import type { MacUnit, PeContext, PeProgram, StridedShape } from './program';
import { dramPortTransfer } from './dramPort';
import type { ChipKernel } from './chipKernel';
import { EV } from './eventHeap';
import { floatToPayload } from './payload';

/**
 * A loaded PE as the kernel runs it: program, SRAM, block of shared state, and the context its handlers see.
 * Fields that change per handler (start time, cycles so far, tick) are plain properties: they matter only while a
 * handler runs, never between events, so they need no shared memory.
 */
export class PeRuntime implements PeContext {
  readonly peName: string;
  readonly rng: Prng;
  readonly costs: CostModel;
  readonly tickNs: number;
  readonly mac: MacUnit;
  programState: unknown;
  tick = 0;
  startNs = 0;
  cycles = 0;
  frequencyHz = 1;
  sentTick = 0;
  packetKind: 'multicast' | 'p2p' = 'multicast';
  haltRequested = false;
  /** The program declares its packet handler local (PeProgram.packetIsLocal). */
  readonly packetIsLocal: boolean;
  /** True while a local packet handler runs: the calls it must not make fault the PE. */
  inLocalPacket = false;
  /**
   * Start times of packet handlers the kernel ran ahead of the chip's event order (FIFO, increasing): until the
   * chip's clock passes them, those packets still occupy the mailbox in modelled time.
   */
  readonly aheadStarts = new Float64Array(AHEAD_LIMIT);
  aheadHead = 0;
  aheadCount = 0;
  /** Core cycles of one operation, in OPERATIONS order (the cost model's, for chargeOp). */
  private readonly opCycles: number[];

  constructor(
    readonly kernel: ChipKernel,
    readonly pe: number,
    readonly globalPe: number,
    readonly sram: Sram,
    readonly block: PeBlock,
    readonly program: PeProgram,
    readonly label: string,
  ) {
    this.peName = peName(kernel.coord, pe);
    this.rng = new Prng(block.prngState);
    this.costs = kernel.env.costs;
    this.tickNs = kernel.env.tickNs;
    this.opCycles = OPERATIONS.map((op) => cyclesPerOperation(this.costs, op));
    this.packetIsLocal = program.packetIsLocal === true;
    const f = block.f;
    const charge = (r: MacResult) => ((this.cycles += r.cycles), (f[F.macs] += r.macs), (f[F.tickOps + OP.mac] += r.macs), r);
    this.mac = {
      matmulInt8: (a, b, acc, m, k, n, o) => charge(macMatmulInt8(a, b, acc, m, k, n, o)),
      matmulInt16: (a, b, acc, m, k, n, o) => charge(macMatmulInt16(a, b, acc, m, k, n, o)),
      conv2dInt8: (i, w, acc, g, o) => charge(macConv2dInt8(i, w, acc, g, o)),
      conv2dInt16: (i, w, acc, g, o) => charge(macConv2dInt16(i, w, acc, g, o)),
    };
  }

  get chip(): ChipCoord {
    return this.kernel.coord;
  }

  get timeNs(): number {
    return this.startNs + (this.cycles * 1e9) / this.frequencyHz;
  }

  /** Records a packet handler run ahead of the chip's clock, starting at `startNs` (the kernel checks the room). */
  pushAhead(startNs: number): void {
    this.aheadStarts[(this.aheadHead + this.aheadCount) % AHEAD_LIMIT] = startNs;
    this.aheadCount++;
  }

  /** Packets run ahead whose start is still after `nowNs`: they count as waiting in the mailbox at `nowNs`. */
  aheadAfter(nowNs: number): number {
    const a = this.aheadStarts;
    while (this.aheadCount > 0 && a[this.aheadHead] <= nowNs) {
      this.aheadHead = (this.aheadHead + 1) % AHEAD_LIMIT;
      this.aheadCount--;
    }
    return this.aheadCount;
  }

  private notLocal(what: string): void {
    if (this.inLocalPacket) {
      throw new Error(`${what} in the packet handler of '${this.program.name}', which declares packetIsLocal (a local handler only changes its own PE's state); drop packetIsLocal from the program or move the call to another handler`);
    }
  }

  sendMulticast(key: number, payload = 0): void {
    this.notLocal('sendMulticast');
    this.cycles += this.costs.packetSendCycles;
    const f = this.block.f;
    f[F.packetsSent]++;
    f[F.tickOps + OP.packetSent]++;
    this.kernel.sendMulticast(this, key >>> 0, payload >>> 0);
  }

  sendMulticastFloat(key: number, value: number): void {
    this.sendMulticast(key, floatToPayload(value));
  }

  sendPointToPoint(chip: ChipCoord, pe: number, key: number, payload = 0): void {
    this.notLocal('sendPointToPoint');
    this.cycles += this.costs.packetSendCycles;
    this.block.f[F.packetsSent]++;
    this.block.f[F.tickOps + OP.packetSent]++;
    this.kernel.sendPointToPoint(this, chip, pe, key >>> 0, payload >>> 0);
  }

  raiseUser(pe: number, code: number): void {
    this.notLocal('raiseUser');
    this.cycles += this.costs.packetSendCycles;
    const k = this.kernel;
    if (!k.pes[pe]) throw new Error(`${this.peName}: user interrupt to PE ${pe}, which runs no program`);
    k.block.heap.push(this.timeNs + k.env.routerLatencyNs, EV.user, k.block.nextEventSeq(), EV.user, pe, code >>> 0, this.pe, this.tick);
  }

  /** `dram`: 0 between SRAMs, 1 a DRAM read, 2 a DRAM write (through the chip's shared DRAM port). Returns when it is done. */
  private startDma(bytes: number, dram: 0 | 1 | 2, tag: number, copy: () => void): number {
    this.notLocal('a DMA');
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`${this.peName}: DMA of ${bytes} bytes`);
    this.cycles += this.costs.dmaSetupCycles;
    const f = this.block.f;
    // Data moves when the transfer starts: a program must not touch the buffers before its DMA-done interrupt.
    copy();
    const start = Math.max(this.timeNs, f[F.dmaBusyUntilNs]);
    const engineNs = dmaTransferNs(bytes, this.frequencyHz, this.costs, false);
    const k = this.kernel;
    const done = dram === 0 ? start + engineNs : dramPortTransfer(k.block.meta, start, engineNs, bytes, k.env.dramBytesPerNs, dram === 2);
    f[F.dmaBusyUntilNs] = done; // one engine per PE: transfers queue
    f[F.dmaTransfers]++;
    f[F.dmaBytes] += bytes;
    f[F.tickOps + OP.dmaByte] += bytes;
    k.block.heap.push(done, EV.dma, k.block.nextEventSeq(), EV.dma, this.pe, tag >>> 0, 0, this.tick);
    return done;
  }

  private dram(name: string): Dram['regions'][number] {
    return this.kernel.dram.region(name);
  }

  dmaRead(dramRegion: string, dramOffset: number, sramOffset: number, bytes: number, tag = 0): number {
    const r = this.dram(dramRegion);
    checkRange(this.peName, `DRAM region '${dramRegion}'`, dramOffset, bytes, r.bytes);
    checkRange(this.peName, 'SRAM', sramOffset, bytes, this.sram.sramBytes);
    return this.startDma(bytes, 1, tag, () => new Uint8Array(this.sram.buffer, sramOffset, bytes).set(new Uint8Array(r.buffer, dramOffset, bytes)));
  }

  dmaWrite(sramOffset: number, dramRegion: string, dramOffset: number, bytes: number, tag = 0): number {
    const r = this.dram(dramRegion);
    checkRange(this.peName, `DRAM region '${dramRegion}'`, dramOffset, bytes, r.bytes);
    checkRange(this.peName, 'SRAM', sramOffset, bytes, this.sram.sramBytes);
    return this.startDma(bytes, 2, tag, () => new Uint8Array(r.buffer, dramOffset, bytes).set(new Uint8Array(this.sram.buffer, sramOffset, bytes)));
  }

  dmaReadStrided(dramRegion: string, dramOffset: number, sramOffset: number, shape: StridedShape, tag = 0): number {
    const r = this.dram(dramRegion);
    const s = checkStrided(this.peName, shape);
    checkStridedRange(this.peName, `DRAM region '${dramRegion}'`, dramOffset, s.rowBytes, s.rows, s.planes, s.srcStrideBytes, s.srcPlaneBytes, r.bytes);
    checkStridedRange(this.peName, 'SRAM', sramOffset, s.rowBytes, s.rows, s.planes, s.dstStrideBytes, s.dstPlaneBytes, this.sram.sramBytes);
    const src = new Uint8Array(r.buffer), dst = new Uint8Array(this.sram.buffer);
    return this.startDma(s.rowBytes * s.rows * s.planes, 1, tag, () => copyStrided(src, dramOffset, dst, sramOffset, s));
  }

  dmaWriteStrided(sramOffset: number, dramRegion: string, dramOffset: number, shape: StridedShape, tag = 0): number {
    const r = this.dram(dramRegion);
    const s = checkStrided(this.peName, shape);
    checkStridedRange(this.peName, 'SRAM', sramOffset, s.rowBytes, s.rows, s.planes, s.srcStrideBytes, s.srcPlaneBytes, this.sram.sramBytes);
    checkStridedRange(this.peName, `DRAM region '${dramRegion}'`, dramOffset, s.rowBytes, s.rows, s.planes, s.dstStrideBytes, s.dstPlaneBytes, r.bytes);
    const src = new Uint8Array(this.sram.buffer), dst = new Uint8Array(r.buffer);
    return this.startDma(s.rowBytes * s.rows * s.planes, 2, tag, () => copyStrided(src, sramOffset, dst, dramOffset, s));
  }

  dmaToPe(pe: number, srcOffset: number, dstOffset: number, bytes: number, tag = 0): number {
    return this.dmaBetweenPes(this, srcOffset, this.otherPe(pe, 'to'), dstOffset, bytes, tag);
  }

  dmaFromPe(pe: number, srcOffset: number, dstOffset: number, bytes: number, tag = 0): number {
    return this.dmaBetweenPes(this.otherPe(pe, 'from'), srcOffset, this, dstOffset, bytes, tag);
  }

  private otherPe(pe: number, direction: 'to' | 'from'): PeRuntime {
    const other = this.kernel.pes[pe];
    if (!other) throw new Error(`${this.peName}: DMA ${direction} PE ${pe}, which runs no program`);
    return other;
  }

  /** An SRAM-to-SRAM copy on this PE's engine (no DRAM end), checked against both PEs' SRAM. */
  private dmaBetweenPes(src: PeRuntime, srcOffset: number, dst: PeRuntime, dstOffset: number, bytes: number, tag: number): number {
    checkRange(src.peName, 'SRAM', srcOffset, bytes, src.sram.sramBytes);
    checkRange(dst.peName, 'SRAM', dstOffset, bytes, dst.sram.sramBytes);
    return this.startDma(bytes, 0, tag, () => new Uint8Array(dst.sram.buffer, dstOffset, bytes).set(new Uint8Array(src.sram.buffer, srcOffset, bytes)));
  }

  storeToPe(pe: number, sramOffset: number, value: number): void {
    this.notLocal('storeToPe');
    const dst = this.kernel.pes[pe];
    if (!dst) throw new Error(`${this.peName}: store to PE ${pe}, which runs no program`);
    if (!Number.isInteger(sramOffset) || sramOffset % 4 !== 0) throw new RangeError(`${this.peName}: store to ${dst.peName} at offset ${sramOffset}: the offset must be a multiple of 4`);
    checkRange(dst.peName, 'SRAM', sramOffset, 4, dst.sram.sramBytes);
    this.cycles += this.costs.packetSendCycles; // assumption: a posted NoC write costs the core what sending a packet does
    new DataView(dst.sram.buffer).setInt32(sramOffset, value | 0, true);
  }

  macJob(tag: number, work: (mac: MacUnit) => void): number {
    this.notLocal('macJob');
    this.cycles += this.costs.dmaSetupCycles;
    const before = this.cycles;
    work(this.mac); // the MAC unit adds the array's cycles to this.cycles: move them from the core to the job
    const jobCycles = this.cycles - before;
    this.cycles = before;
    const f = this.block.f;
    const start = Math.max(this.timeNs, f[F.macBusyUntilNs]);
    const done = start + (jobCycles * 1e9) / this.frequencyHz;
    f[F.macBusyUntilNs] = done;
    const k = this.kernel;
    k.block.heap.push(done, EV.dma, k.block.nextEventSeq(), EV.dma, this.pe, tag >>> 0, 0, this.tick);
    return done;
  }

  exp(x: number): number {
    this.cycles += this.costs.expLogCycles;
    this.block.f[F.expLogCalls]++;
    this.block.f[F.tickOps + OP.expLog]++;
    return acceleratorExp(x);
  }

  ln(x: number): number {
    this.cycles += this.costs.expLogCycles;
    this.block.f[F.expLogCalls]++;
    this.block.f[F.tickOps + OP.expLog]++;
    return acceleratorLn(x);
  }

  charge(cycles: number): void {
    this.cycles += cycles;
  }

  chargeOp(op: Operation, n = 1): void {
    const i = opIndex(op);
    if (i < 0) throw new RangeError(`${this.peName}: chargeOp('${String(op)}'): no such operation; use one of ${OPERATIONS.join(', ')}`);
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`${this.peName}: chargeOp('${op}', ${n}): the count must be a finite number >= 0`);
    this.cycles += this.opCycles[i] * n;
    this.block.f[F.tickOps + i] += n;
  }

  record(channel: string, value: number): void {
    this.kernel.env.recorder.append(channel, this.tick, this.globalPe, value);
  }

  halt(): void {
    this.notLocal('halt');
    this.haltRequested = true;
  }
}

/** Validated strided shape with its defaults filled in. */
function checkStrided(pe: string, s: StridedShape): Required<StridedShape> {
  const planes = s.planes ?? 1;
  const out = { ...s, planes, srcPlaneBytes: s.srcPlaneBytes ?? 0, dstPlaneBytes: s.dstPlaneBytes ?? 0 };
  for (const [k, v] of Object.entries(out)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${pe}: strided DMA with ${k} = ${v}: every field must be an integer >= 0`);
  }
  return out;
}

function checkStridedRange(pe: string, what: string, offset: number, rowBytes: number, rows: number, planes: number, stride: number, planeStride: number, size: number): void {
  if (rowBytes * rows * planes === 0) return checkRange(pe, what, offset, 0, size);
  const last = offset + (planes - 1) * planeStride + (rows - 1) * stride;
  if (!Number.isInteger(offset) || offset < 0 || last + rowBytes > size) {
    throw new RangeError(`${pe}: strided DMA of ${planes} x ${rows} rows of ${rowBytes} bytes at offset ${offset} (strides ${stride}, ${planeStride}) leaves ${what} (${size} bytes)`);
  }
}

/** Copies planes x rows rows of rowBytes from src to dst with each side's strides. */
function copyStrided(src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, s: Required<StridedShape>): void {
  for (let p = 0; p < s.planes; p++) {
    let a = srcOffset + p * s.srcPlaneBytes, b = dstOffset + p * s.dstPlaneBytes;
    for (let r = 0; r < s.rows; r++, a += s.srcStrideBytes, b += s.dstStrideBytes) dst.set(src.subarray(a, a + s.rowBytes), b);
  }
}

/**
 * OP[op] by a switch: programs call chargeOp with several operation names from one call site, and a keyed lookup
 * with a varying string key goes megamorphic in V8 (tens of ns per call, in the synaptic hot path).
 */
function opIndex(op: string): number {
  switch (op) {
    case 'synapticEvent': return OP.synapticEvent;
    case 'neuronUpdate': return OP.neuronUpdate;
    case 'mac': return OP.mac;
    case 'expLog': return OP.expLog;
    case 'dmaByte': return OP.dmaByte;
    case 'packetSent': return OP.packetSent;
    default: return -1;
  }
}

/** Packet handlers a PE may run ahead of its chip's event order before it waits for the chip's clock again. */
export const AHEAD_LIMIT = 128;

function checkRange(pe: string, what: string, offset: number, bytes: number, size: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + bytes > size) {
    throw new RangeError(`${pe}: DMA of ${bytes} bytes at offset ${offset} leaves ${what} (${size} bytes)`);
  }
}

export { PACKET_MC, PACKET_P2P };
