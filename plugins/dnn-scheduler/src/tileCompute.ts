import type { MacUnit, PeContext } from '@s2sim/actors';
import { ACC_MAX, ACC_MIN, requantize } from '@s2sim/hardware';
import type { DnnChipParams } from './chipParams';
import type { QArray, QOp } from './qnet';
import type { Task, TileLayout } from './tiles';

/** Whether a layer's tiles run on the MAC array (conv, dense) rather than the M4F. */
export const onMacArray = (op: QOp) => op.kind === 'conv' || op.kind === 'dense';

/**
 * Runs a loaded tile: conv and dense on the MAC array `mac` (it counts their cycles: 64 int8 or 16 int16 MACs per
 * cycle), pooling, residual adds and lone ReLUs on the M4F at modelled cycles per element. Returns saturations.
 */
export function computeTile(ctx: PeContext, mac: MacUnit, params: DnnChipParams, op: QOp, task: Task, lay: TileLayout, base: number, arena: Int8Array, a16: Int16Array, i32: Int32Array): number {
  const e = op.eb ?? 1;
  const a: QArray = e === 2 ? a16 : arena;
  const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
  const inOff = (base + lay.inOff) / e, wOff = (base + lay.wOff) / e, out = (base + lay.outOff) / e;
  const hi = e === 2 ? 32767 : 127;
  const acc = i32.subarray((base + lay.accOff) >> 2, (base + lay.accOff + lay.accBytes) >> 2);
  if (op.kind === 'conv' || op.kind === 'dense') {
    const input = a.subarray(inOff, inOff + lay.inBytes / e), w = a.subarray(wOff, wOff + lay.wBytes / e);
    const g = op.kind === 'conv' ? { cin: task.i1 - task.i0, inRows: lay.inRows, inCols: lay.inCols, cout: oT, kh: op.kh, kw: op.kw, stride: op.stride, outRows: rT, outCols: op.wo } : undefined;
    const r = e === 2
      ? (g ? mac.conv2dInt16(input as Int16Array, w as Int16Array, acc, g) : mac.matmulInt16(input as Int16Array, w as Int16Array, acc, 1, task.i1 - task.i0, oT))
      : (g ? mac.conv2dInt8(input as Int8Array, w as Int8Array, acc, g) : mac.matmulInt8(input as Int8Array, w as Int8Array, acc, 1, task.i1 - task.i0, oT));
    return r.saturations;
  }
  if (op.kind === 'maxpool' || op.kind === 'avgpool') {
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
    ctx.charge(oT * rT * op.wo * op.kh * op.kw * params.poolCyclesPerInput);
    return 0;
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
  ctx.charge(oT * params.eltwiseCyclesPerElement);
  return 0;
}

/** Adds the bias to a finished conv/dense tile's sums and requantises them (with ReLU) into its output buffer. */
export function requantiseTile(op: QOp, task: Task, lay: TileLayout, base: number, a: QArray, i32: Int32Array): number {
  if (op.kind !== 'conv' && op.kind !== 'dense') return 0;
  const e = op.eb ?? 1;
  const oT = task.o1 - task.o0, rT = task.r1 - task.r0;
  const acc = i32.subarray((base + lay.accOff) >> 2, (base + lay.accOff + lay.accBytes) >> 2);
  const at = (base + lay.paramOff) >> 2, per = op.kind === 'conv' ? rT * op.wo : 1;
  const bias = i32.subarray(at, at + oT), mult = i32.subarray(at + oT, at + 2 * oT), shift = i32.subarray(at + 2 * oT, at + 3 * oT);
  let sat = 0;
  for (let c = 0; c < oT; c++) for (let i = c * per; i < (c + 1) * per; i++) {
    const v = acc[i] + bias[c];
    if (v > ACC_MAX) { acc[i] = ACC_MAX; sat++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; sat++; } else acc[i] = v;
  }
  requantize(acc, a, oT * per, mult, shift, per, op.relu, e === 2 ? 16 : 8, 0, (base + lay.outOff) / e);
  return sat;
}
