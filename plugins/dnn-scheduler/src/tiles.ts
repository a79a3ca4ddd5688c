import type { QOp } from './qnet';

/**
 * One tile of a layer: a worker's unit of work. Ranges are half-open. `o` is output channels (conv, pool), output
 * units (dense) or elements (add, relu); `r` output rows (conv, pool); `i` the slice of input channels (conv) or
 * inputs (dense) whose partial sums this tile computes; a layer split along `i` forms accumulation groups.
 */
export interface Task {
  id: number;
  layer: number;
  worker: number;
  /** Accumulation group, or -1 when the tile computes complete sums. */
  group: number;
  leader: boolean;
  o0: number; o1: number;
  r0: number; r1: number;
  i0: number; i1: number;
}

/** A tile's buffers in the worker's SRAM arena (bytes, 8-aligned offsets) and its traffic. */
export interface TileLayout {
  inOff: number; inBytes: number;
  /** Weights (conv, dense) or the second operand (add). */
  wOff: number; wBytes: number;
  accOff: number; accBytes: number;
  recvOff: number; recvBytes: number;
  outOff: number; outBytes: number;
  /** bias, mult, shift: 3 int32 per output channel */
  paramOff: number; paramBytes: number;
  total: number;
  /** Padded input buffer geometry (conv, pool). */
  inRows: number; inCols: number;
  /** First input row the buffer holds (may be negative: padding) and the rows DMA'd from DRAM. */
  inRow0: number; validRow0: number; validRow1: number;
  /** Bytes read from DRAM for inputs and weights (params are read when the tile finishes). */
  dramInBytes: number;
  macs: number;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Buffer layout of a tile; the mapper (to check the fit) and the worker (to place data) both use it. */
export function tileLayout(op: QOp, t: Pick<Task, 'o0' | 'o1' | 'r0' | 'r1' | 'i0' | 'i1' | 'group'>): TileLayout {
  const oT = t.o1 - t.o0, rT = t.r1 - t.r0, iT = t.i1 - t.i0;
  const grouped = t.group >= 0;
  const eb = op.eb ?? 1; // activations and weights are int8 or int16; accumulators and params int32 either way
  let inBytes = 0, wBytes = 0, accBytes = 0, outBytes = 0, paramBytes = 0, inRows = 0, inCols = 0, inRow0 = 0, validRow0 = 0, validRow1 = 0, dramInBytes = 0, macs = 0;
  switch (op.kind) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      const kh = op.kh, stride = op.stride, pad = op.pad, h = op.h, w = op.w;
      const ch = op.kind === 'conv' ? iT : oT;
      inRows = (rT - 1) * stride + kh;
      inCols = w + 2 * pad;
      inRow0 = t.r0 * stride - pad;
      validRow0 = Math.max(0, inRow0);
      validRow1 = Math.min(h, inRow0 + inRows);
      inBytes = eb * ch * inRows * inCols;
      dramInBytes = eb * ch * (validRow1 - validRow0) * w;
      outBytes = eb * oT * rT * op.wo;
      if (op.kind === 'conv') {
        wBytes = eb * oT * iT * op.kh * op.kw;
        accBytes = 4 * oT * rT * op.wo;
        paramBytes = 12 * oT;
        dramInBytes += wBytes;
        macs = oT * rT * op.wo * iT * op.kh * op.kw;
      } else if (op.kind === 'avgpool') {
        accBytes = 4 * oT * rT * op.wo;
      }
      break;
    }
    case 'dense':
      inBytes = eb * iT;
      wBytes = eb * iT * oT;
      accBytes = 4 * oT;
      outBytes = eb * oT;
      paramBytes = 12 * oT;
      dramInBytes = inBytes + wBytes;
      macs = iT * oT;
      break;
    case 'add':
      inBytes = eb * oT;
      wBytes = eb * oT;
      outBytes = eb * oT;
      dramInBytes = 2 * eb * oT;
      break;
    case 'relu':
      inBytes = eb * oT;
      outBytes = eb * oT;
      dramInBytes = eb * oT;
      break;
  }
  const recvBytes = grouped ? accBytes : 0;
  const inOff = 0;
  const wOff = align8(inOff + inBytes);
  const accOff = align8(wOff + wBytes);
  const recvOff = align8(accOff + accBytes);
  const outOff = align8(recvOff + recvBytes);
  const paramOff = align8(outOff + outBytes);
  const total = paramOff + paramBytes;
  return { inOff, inBytes, wOff, wBytes, accOff, accBytes, recvOff, recvBytes, outOff, outBytes, paramOff, paramBytes, total, inRows, inCols, inRow0, validRow0, validRow1, dramInBytes, macs };
}
