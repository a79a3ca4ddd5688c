/**
 * The PE's MAC array as pure functions over typed arrays [FAQ, G23]: 64 int8 MACs per cycle as 4 rows x 16 columns,
 * or 16 int16 MACs per cycle (4 int8 units combine; modelled here as 4 x 4, an assumption). Accumulators are 29 bits
 * wide in hardware; we accumulate in int32 and, at the end of each pass, clip to the 29-bit range and count every
 * clipped value (a sum that leaves the range and comes back inside one pass is not clipped: rare, and reported by
 * nothing on the chip either). Requantisation and ReLU are free on the array (G23) and cost no cycles here.
 *
 * The loops are written for speed: the innermost loop streams one row of weights or inputs against a scalar, so V8
 * keeps it in registers (the simulator's throughput target is 1e9 simulated MACs per wall-clock second per core).
 */

export type MacPrecision = 'int8' | 'int16';

/** Geometry of the array per precision: output rows x output columns computed per cycle. */
export const MAC_ARRAY_GEOMETRY: Record<MacPrecision, { rows: number; cols: number; macsPerCycle: number }> = {
  int8: { rows: 4, cols: 16, macsPerCycle: 64 },
  int16: { rows: 4, cols: 4, macsPerCycle: 16 },
};

/** Signed 29-bit accumulator range. */
export const ACC_MAX = 2 ** 28 - 1;
export const ACC_MIN = -(2 ** 28);
/** Longest int8 accumulation that the int32 scratch holds without wrapping: 131071 x 2^14 < 2^31. */
export const MAX_ACCUMULATION_INT8 = 131071;

export interface MacResult {
  /** Multiply-accumulates performed (useful work, no padding). */
  macs: number;
  /** Array cycles, including the idle lanes of partly filled 4 x 16 blocks and the per-pass setup. */
  cycles: number;
  /** Accumulators clipped to the 29-bit range in this pass. */
  saturations: number;
}

/** Array cycles of an (m x k) . (k x n) product: every 4 x 16 block of outputs takes k cycles. */
export function matmulCycles(m: number, k: number, n: number, precision: MacPrecision = 'int8', setupCycles = 0): number {
  const g = MAC_ARRAY_GEOMETRY[precision];
  return Math.ceil(m / g.rows) * Math.ceil(n / g.cols) * k + setupCycles;
}

/** Clips a pass of accumulators to 29 bits; returns how many were clipped. */
export function saturateAcc29(acc: Int32Array, start = 0, end = acc.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const v = acc[i];
    if (v > ACC_MAX) { acc[i] = ACC_MAX; n++; } else if (v < ACC_MIN) { acc[i] = ACC_MIN; n++; }
  }
  return n;
}

type IntArray = Int8Array | Int16Array;

function matmulLoop(a: IntArray, b: IntArray, acc: Int32Array, m: number, k: number, n: number, aOff: number, bOff: number, accOff: number): void {
  // eight rows of b per pass: eight MACs per accumulator read-modify-write, which is what bounds this loop in V8
  const k8 = k - (k % 8);
  for (let i = 0; i < m; i++) {
    const arow = aOff + i * k;
    const crow = accOff + i * n;
    for (let kk = 0; kk < k8; kk += 8) {
      const a0 = a[arow + kk], a1 = a[arow + kk + 1], a2 = a[arow + kk + 2], a3 = a[arow + kk + 3];
      const a4 = a[arow + kk + 4], a5 = a[arow + kk + 5], a6 = a[arow + kk + 6], a7 = a[arow + kk + 7];
      if ((a0 | a1 | a2 | a3 | a4 | a5 | a6 | a7) === 0) continue; // zero inputs (after a ReLU) add nothing
      const b0 = bOff + kk * n;
      for (let j = 0; j < n; j++) {
        const x = b0 + j;
        acc[crow + j] += a0 * b[x] + a1 * b[x + n] + a2 * b[x + 2 * n] + a3 * b[x + 3 * n] + a4 * b[x + 4 * n] + a5 * b[x + 5 * n] + a6 * b[x + 6 * n] + a7 * b[x + 7 * n];
      }
    }
    for (let kk = k8; kk < k; kk++) {
      const av = a[arow + kk];
      if (av === 0) continue;
      const brow = bOff + kk * n;
      for (let j = 0; j < n; j++) acc[crow + j] += av * b[brow + j];
    }
  }
}

/**
 * acc[m x n] += a[m x k] . b[k x n] (row-major), int8 operands. With `accumulate` false the accumulators start at
 * zero. The result is clipped to 29 bits.
 */
export function macMatmulInt8(
  a: Int8Array, b: Int8Array, acc: Int32Array, m: number, k: number, n: number,
  opts: { accumulate?: boolean; aOffset?: number; bOffset?: number; accOffset?: number } = {},
): MacResult {
  return matmul(a, b, acc, m, k, n, 'int8', opts);
}

/** As macMatmulInt8 with int16 operands (16 MACs per cycle). */
export function macMatmulInt16(
  a: Int16Array, b: Int16Array, acc: Int32Array, m: number, k: number, n: number,
  opts: { accumulate?: boolean; aOffset?: number; bOffset?: number; accOffset?: number } = {},
): MacResult {
  return matmul(a, b, acc, m, k, n, 'int16', opts);
}

function matmul(
  a: IntArray, b: IntArray, acc: Int32Array, m: number, k: number, n: number, precision: MacPrecision,
  opts: { accumulate?: boolean; aOffset?: number; bOffset?: number; accOffset?: number },
): MacResult {
  const accOff = opts.accOffset ?? 0;
  const aOff = opts.aOffset ?? 0, bOff = opts.bOffset ?? 0;
  if (!opts.accumulate) acc.fill(0, accOff, accOff + m * n);
  let saturations: number;
  if (precision === 'int8') {
    checkAccumulation(k);
    matmulLoop(a, b, acc, m, k, n, aOff, bOff, accOff);
    saturations = saturateAcc29(acc, accOff, accOff + m * n);
  } else {
    // int16 products reach 2^30: sum each output in a double (exact below 2^53), then clip once.
    saturations = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = acc[accOff + i * n + j];
        for (let kk = 0; kk < k; kk++) s += a[aOff + i * k + kk] * b[bOff + kk * n + j];
        acc[accOff + i * n + j] = clip29(s);
        if (s > ACC_MAX || s < ACC_MIN) saturations++;
      }
    }
  }
  return { macs: m * k * n, cycles: matmulCycles(m, k, n, precision), saturations };
}

function clip29(s: number): number {
  return s > ACC_MAX ? ACC_MAX : s < ACC_MIN ? ACC_MIN : s;
}

function checkAccumulation(k: number): void {
  // int32 scratch: |k * max product| must stay below 2^31 so that clipping to 29 bits afterwards is exact.
  if (k > MAX_ACCUMULATION_INT8) throw new RangeError(`MAC array: an accumulation of ${k} products may overflow the int32 model of the 29-bit accumulator (at most ${MAX_ACCUMULATION_INT8}); split it`);
}

/** A valid (unpadded) 2-D convolution on a buffer that already holds any zero padding. */
export interface ConvGeometry {
  cin: number;
  /** Rows and columns of the (padded) input buffer. */
  inRows: number;
  inCols: number;
  cout: number;
  kh: number;
  kw: number;
  stride: number;
  /** Output rows and columns computed (must fit in the buffer). */
  outRows: number;
  outCols: number;
}

/** Array cycles of a convolution pass: output pixels over the 4 rows, output channels over the 16 columns. */
export function conv2dCycles(g: ConvGeometry, precision: MacPrecision = 'int8'): number {
  return matmulCycles(g.outRows * g.outCols, g.cin * g.kh * g.kw, g.cout, precision);
}

/**
 * acc[cout][outRows][outCols] += conv(input[cin][inRows][inCols], weights[cout][cin][kh][kw]), int8, channel-major
 * (the ONNX/NCHW order). The result is clipped to 29 bits.
 */
export function macConv2dInt8(input: Int8Array, weights: Int8Array, acc: Int32Array, g: ConvGeometry, opts: { accumulate?: boolean } = {}): MacResult {
  return conv(input, weights, acc, g, 'int8', opts.accumulate ?? false);
}

export function macConv2dInt16(input: Int16Array, weights: Int16Array, acc: Int32Array, g: ConvGeometry, opts: { accumulate?: boolean } = {}): MacResult {
  return conv(input, weights, acc, g, 'int16', opts.accumulate ?? false);
}

function conv(input: IntArray, weights: IntArray, acc: Int32Array, g: ConvGeometry, precision: MacPrecision, accumulate: boolean): MacResult {
  const { cin, inRows, inCols, cout, kh, kw, stride, outRows, outCols } = g;
  if ((outRows - 1) * stride + kh > inRows || (outCols - 1) * stride + kw > inCols) {
    throw new RangeError(`MAC array: ${outRows}x${outCols} outputs of a ${kh}x${kw} stride-${stride} kernel need more than the ${inRows}x${inCols} input buffer`);
  }
  const plane = outRows * outCols;
  if (!accumulate) acc.fill(0, 0, cout * plane);
  const inPlane = inRows * inCols;
  if (precision === 'int16') return conv16(input, weights, acc, g);
  checkAccumulation(cin * kh * kw);
  const kk = kh * kw;
  // 1x1 kernels: all output channels at once, in pairs, for the input channels that fill blocks of 8
  const ci1x1 = kw === 1 ? conv1x1Pairs(input, weights, acc, g) : 0;
  // 3x3 stride 1: output channels in pairs over blocks of 4 input channels (the odd last one goes the single way)
  const pairs3 = kw === 3 && kh === 3 ? conv3x3Pairs(input, weights, acc, g) : 0;
  for (let co = 0; co < cout; co++) {
    const accBase = co * plane;
    const wCo = co * cin * kk;
    let ci = 0;
    // Register blocking: each accumulator update sums 4 input channels x kw taps (12 MACs for 3x3, 4 for 1x1),
    // because the accumulator's load and store, not the multiply, bound the loop.
    if (kw === 3) {
      if (co < pairs3) ci = cin - (cin % 4);
      for (; ci + 4 <= cin; ci += 4) {
        for (let ky = 0; ky < kh; ky++) {
          const wb = wCo + ci * kk + ky * 3;
          const a0 = weights[wb], a1 = weights[wb + 1], a2 = weights[wb + 2];
          const b0 = weights[wb + kk], b1 = weights[wb + kk + 1], b2 = weights[wb + kk + 2];
          const c0 = weights[wb + 2 * kk], c1 = weights[wb + 2 * kk + 1], c2 = weights[wb + 2 * kk + 2];
          const d0 = weights[wb + 3 * kk], d1 = weights[wb + 3 * kk + 1], d2 = weights[wb + 3 * kk + 2];
          for (let oy = 0; oy < outRows; oy++) {
            const p0 = ci * inPlane + (oy * stride + ky) * inCols, p1 = p0 + inPlane, p2 = p1 + inPlane, p3 = p2 + inPlane;
            const dst = accBase + oy * outCols;
            if (stride === 1) {
              // sliding window: each input is loaded once and kept for the next two outputs
              let x0 = input[p0], x1 = input[p0 + 1], y0 = input[p1], y1 = input[p1 + 1];
              let z0 = input[p2], z1 = input[p2 + 1], u0 = input[p3], u1 = input[p3 + 1];
              for (let ox = 0; ox < outCols; ox++) {
                const x2 = input[p0 + ox + 2], y2 = input[p1 + ox + 2], z2 = input[p2 + ox + 2], u2 = input[p3 + ox + 2];
                acc[dst + ox] += a0 * x0 + a1 * x1 + a2 * x2 + b0 * y0 + b1 * y1 + b2 * y2 + c0 * z0 + c1 * z1 + c2 * z2 + d0 * u0 + d1 * u1 + d2 * u2;
                x0 = x1; x1 = x2; y0 = y1; y1 = y2; z0 = z1; z1 = z2; u0 = u1; u1 = u2;
              }
            } else {
              for (let ox = 0; ox < outCols; ox++) {
                const x = ox * stride;
                acc[dst + ox] +=
                  a0 * input[p0 + x] + a1 * input[p0 + x + 1] + a2 * input[p0 + x + 2] +
                  b0 * input[p1 + x] + b1 * input[p1 + x + 1] + b2 * input[p1 + x + 2] +
                  c0 * input[p2 + x] + c1 * input[p2 + x + 1] + c2 * input[p2 + x + 2] +
                  d0 * input[p3 + x] + d1 * input[p3 + x + 1] + d2 * input[p3 + x + 2];
              }
            }
          }
        }
      }
    } else if (kw === 1) {
      ci = ci1x1;
    }
    if (kw > 1) {
      // any kernel width: the kw taps of a row are summed in a register before the accumulator is touched
      for (; ci < cin; ci++) {
        const inBase = ci * inPlane;
        for (let ky = 0; ky < kh; ky++) {
          const wb = wCo + ci * kk + ky * kw;
          for (let oy = 0; oy < outRows; oy++) {
            const src = inBase + (oy * stride + ky) * inCols;
            const dst = accBase + oy * outCols;
            for (let ox = 0; ox < outCols; ox++) {
              const x = src + ox * stride;
              let sum = 0;
              for (let kx = 0; kx < kw; kx++) sum += weights[wb + kx] * input[x + kx];
              acc[dst + ox] += sum;
            }
          }
        }
      }
    }
    for (; ci < cin; ci++) {
      const wBase = wCo + ci * kk;
      const inBase = ci * inPlane;
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const w = weights[wBase + ky * kw + kx];
          if (w === 0) continue;
          for (let oy = 0; oy < outRows; oy++) {
            const src = inBase + (oy * stride + ky) * inCols + kx;
            const dst = accBase + oy * outCols;
            if (stride === 1) {
              for (let ox = 0; ox < outCols; ox++) acc[dst + ox] += w * input[src + ox];
            } else {
              for (let ox = 0; ox < outCols; ox++) acc[dst + ox] += w * input[src + ox * stride];
            }
          }
        }
      }
    }
  }
  return { macs: cout * plane * cin * kh * kw, cycles: conv2dCycles(g, precision), saturations: saturateAcc29(acc, 0, cout * plane) };
}

/**
 * 3x3 kernels, two output channels x 4 input channels per step (stride 1 on a sliding window): each input loaded
 * once feeds the taps of two accumulators (24 MACs per 4 input loads and 2 accumulator updates). Returns the number of
 * output channels it covered (for blocks of 4 input channels; the rest go through the single-channel loops).
 */
function conv3x3Pairs(input: IntArray, weights: IntArray, acc: Int32Array, g: ConvGeometry): number {
  const { cin, inRows, inCols, cout, outRows, outCols, stride } = g;
  const inPlane = inRows * inCols, plane = outRows * outCols;
  let co = 0;
  for (; co + 2 <= cout; co += 2) {
    const accA = co * plane, accB = accA + plane;
    for (let ci = 0; ci + 4 <= cin; ci += 4) {
      for (let ky = 0; ky < 3; ky++) {
        const wa = (co * cin + ci) * 9 + ky * 3, wb = wa + cin * 9;
        const a0 = weights[wa], a1 = weights[wa + 1], a2 = weights[wa + 2], a3 = weights[wa + 9], a4 = weights[wa + 10], a5 = weights[wa + 11];
        const a6 = weights[wa + 18], a7 = weights[wa + 19], a8 = weights[wa + 20], a9 = weights[wa + 27], a10 = weights[wa + 28], a11 = weights[wa + 29];
        const b0 = weights[wb], b1 = weights[wb + 1], b2 = weights[wb + 2], b3 = weights[wb + 9], b4 = weights[wb + 10], b5 = weights[wb + 11];
        const b6 = weights[wb + 18], b7 = weights[wb + 19], b8 = weights[wb + 20], b9 = weights[wb + 27], b10 = weights[wb + 28], b11 = weights[wb + 29];
        for (let oy = 0; oy < outRows; oy++) {
          const p0 = ci * inPlane + (oy * stride + ky) * inCols, p1 = p0 + inPlane, p2 = p1 + inPlane, p3 = p2 + inPlane;
          const dA = accA + oy * outCols, dB = accB + oy * outCols;
          if (stride !== 1) {
            for (let ox = 0; ox < outCols; ox++) {
              const x = ox * stride;
              const x0 = input[p0 + x], x1 = input[p0 + x + 1], x2 = input[p0 + x + 2], y0 = input[p1 + x], y1 = input[p1 + x + 1], y2 = input[p1 + x + 2];
              const z0 = input[p2 + x], z1 = input[p2 + x + 1], z2 = input[p2 + x + 2], u0 = input[p3 + x], u1 = input[p3 + x + 1], u2 = input[p3 + x + 2];
              acc[dA + ox] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * y0 + a4 * y1 + a5 * y2 + a6 * z0 + a7 * z1 + a8 * z2 + a9 * u0 + a10 * u1 + a11 * u2;
              acc[dB + ox] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * y0 + b4 * y1 + b5 * y2 + b6 * z0 + b7 * z1 + b8 * z2 + b9 * u0 + b10 * u1 + b11 * u2;
            }
            continue;
          }
          let x0 = input[p0], x1 = input[p0 + 1], y0 = input[p1], y1 = input[p1 + 1];
          let z0 = input[p2], z1 = input[p2 + 1], u0 = input[p3], u1 = input[p3 + 1];
          for (let ox = 0; ox < outCols; ox++) {
            const x2 = input[p0 + ox + 2], y2 = input[p1 + ox + 2], z2 = input[p2 + ox + 2], u2 = input[p3 + ox + 2];
            acc[dA + ox] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * y0 + a4 * y1 + a5 * y2 + a6 * z0 + a7 * z1 + a8 * z2 + a9 * u0 + a10 * u1 + a11 * u2;
            acc[dB + ox] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * y0 + b4 * y1 + b5 * y2 + b6 * z0 + b7 * z1 + b8 * z2 + b9 * u0 + b10 * u1 + b11 * u2;
            x0 = x1; x1 = x2; y0 = y1; y1 = y2; z0 = z1; z1 = z2; u0 = u1; u1 = u2;
          }
        }
      }
    }
  }
  return co;
}

/**
 * 1x1 kernels (most of ResNet's MACs): four (stride 1) or two output channels x 8 input channels per step, so each
 * input value loaded feeds several accumulators (32 MACs per 8 input loads and 4 accumulator updates); an odd last
 * output channel goes through conv1x1Block8. Returns the first input channel left for the generic loop (the same for every channel).
 */
function conv1x1Pairs(input: IntArray, weights: IntArray, acc: Int32Array, g: ConvGeometry): number {
  const { cin, inRows, inCols, cout, kh, stride, outRows, outCols } = g;
  const inPlane = inRows * inCols, plane = outRows * outCols, kk = kh;
  const flat = stride === 1 && inCols === outCols;
  const rows = flat ? 1 : outRows, len = flat ? plane : outCols;
  const cin8 = cin - (cin % 8);
  let co = 0;
  if (stride === 1 && kh === 1) {
    // four output channels per step where the plane is contiguous: 32 MACs per 8 input loads and 4 accumulator updates
    for (; co + 4 <= cout; co += 4) {
      const accA = co * plane, accB = accA + plane, accC = accB + plane, accD = accC + plane;
      for (let ci = 0; ci < cin8; ci += 8) {
        const wa = co * cin + ci, wb = wa + cin, wc = wb + cin, wd = wc + cin;
        const a0 = weights[wa], a1 = weights[wa + 1], a2 = weights[wa + 2], a3 = weights[wa + 3], a4 = weights[wa + 4], a5 = weights[wa + 5], a6 = weights[wa + 6], a7 = weights[wa + 7];
        const b0 = weights[wb], b1 = weights[wb + 1], b2 = weights[wb + 2], b3 = weights[wb + 3], b4 = weights[wb + 4], b5 = weights[wb + 5], b6 = weights[wb + 6], b7 = weights[wb + 7];
        const c0 = weights[wc], c1 = weights[wc + 1], c2 = weights[wc + 2], c3 = weights[wc + 3], c4 = weights[wc + 4], c5 = weights[wc + 5], c6 = weights[wc + 6], c7 = weights[wc + 7];
        const d0 = weights[wd], d1 = weights[wd + 1], d2 = weights[wd + 2], d3 = weights[wd + 3], d4 = weights[wd + 4], d5 = weights[wd + 5], d6 = weights[wd + 6], d7 = weights[wd + 7];
        for (let oy = 0; oy < rows; oy++) {
          const q0 = ci * inPlane + oy * inCols;
          const q1 = q0 + inPlane, q2 = q1 + inPlane, q3 = q2 + inPlane, q4 = q3 + inPlane, q5 = q4 + inPlane, q6 = q5 + inPlane, q7 = q6 + inPlane;
          const o = oy * outCols;
          for (let ox = 0; ox < len; ox++) {
            const x0 = input[q0 + ox], x1 = input[q1 + ox], x2 = input[q2 + ox], x3 = input[q3 + ox];
            const x4 = input[q4 + ox], x5 = input[q5 + ox], x6 = input[q6 + ox], x7 = input[q7 + ox];
            acc[accA + o + ox] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3 + a4 * x4 + a5 * x5 + a6 * x6 + a7 * x7;
            acc[accB + o + ox] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4 + b5 * x5 + b6 * x6 + b7 * x7;
            acc[accC + o + ox] += c0 * x0 + c1 * x1 + c2 * x2 + c3 * x3 + c4 * x4 + c5 * x5 + c6 * x6 + c7 * x7;
            acc[accD + o + ox] += d0 * x0 + d1 * x1 + d2 * x2 + d3 * x3 + d4 * x4 + d5 * x5 + d6 * x6 + d7 * x7;
          }
        }
      }
    }
  }
  for (; co + 2 <= cout; co += 2) {
    const accA = co * plane, accB = accA + plane, wA = co * cin * kk, wB = wA + cin * kk;
    for (let ci = 0; ci < cin8; ci += 8) {
      for (let ky = 0; ky < kh; ky++) {
        const wa = wA + ci * kk + ky, wb = wB + ci * kk + ky;
        const a0 = weights[wa], a1 = weights[wa + kk], a2 = weights[wa + 2 * kk], a3 = weights[wa + 3 * kk];
        const a4 = weights[wa + 4 * kk], a5 = weights[wa + 5 * kk], a6 = weights[wa + 6 * kk], a7 = weights[wa + 7 * kk];
        const b0 = weights[wb], b1 = weights[wb + kk], b2 = weights[wb + 2 * kk], b3 = weights[wb + 3 * kk];
        const b4 = weights[wb + 4 * kk], b5 = weights[wb + 5 * kk], b6 = weights[wb + 6 * kk], b7 = weights[wb + 7 * kk];
        for (let oy = 0; oy < rows; oy++) {
          const q0 = ci * inPlane + (oy * stride + ky) * inCols;
          const q1 = q0 + inPlane, q2 = q1 + inPlane, q3 = q2 + inPlane, q4 = q3 + inPlane, q5 = q4 + inPlane, q6 = q5 + inPlane, q7 = q6 + inPlane;
          const dA = accA + oy * outCols, dB = accB + oy * outCols;
          if (stride !== 1) {
            for (let ox = 0; ox < len; ox++) {
              const x = ox * stride;
              const x0 = input[q0 + x], x1 = input[q1 + x], x2 = input[q2 + x], x3 = input[q3 + x];
              const x4 = input[q4 + x], x5 = input[q5 + x], x6 = input[q6 + x], x7 = input[q7 + x];
              acc[dA + ox] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3 + a4 * x4 + a5 * x5 + a6 * x6 + a7 * x7;
              acc[dB + ox] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4 + b5 * x5 + b6 * x6 + b7 * x7;
            }
            continue;
          }
          for (let ox = 0; ox < len; ox++) {
            const x = ox;
            const x0 = input[q0 + x], x1 = input[q1 + x], x2 = input[q2 + x], x3 = input[q3 + x];
            const x4 = input[q4 + x], x5 = input[q5 + x], x6 = input[q6 + x], x7 = input[q7 + x];
            acc[dA + ox] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3 + a4 * x4 + a5 * x5 + a6 * x6 + a7 * x7;
            acc[dB + ox] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4 + b5 * x5 + b6 * x6 + b7 * x7;
          }
        }
      }
    }
  }
  if (co < cout) conv1x1Block8(input, weights, acc, g, co * plane, co * cin * kk);
  return cin8;
}

/**
 * 1x1 kernels (most of ResNet's MACs): 8 input channels per accumulator update, over the whole plane at once when
 * rows follow each other in the buffer. Returns the first input channel left for the generic loop.
 */
function conv1x1Block8(input: Int8Array | Int16Array, weights: Int8Array | Int16Array, acc: Int32Array, g: ConvGeometry, accBase: number, wCo: number): number {
  const { cin, inRows, inCols, kh, stride, outRows, outCols } = g;
  const inPlane = inRows * inCols, plane = outRows * outCols, kk = kh;
  const flat = stride === 1 && inCols === outCols;
  const rows = flat ? 1 : outRows, len = flat ? plane : outCols;
  let ci = 0;
  for (; ci + 8 <= cin; ci += 8) {
    for (let ky = 0; ky < kh; ky++) {
      const wb = wCo + ci * kk + ky;
      const w0 = weights[wb], w1 = weights[wb + kk], w2 = weights[wb + 2 * kk], w3 = weights[wb + 3 * kk];
      const w4 = weights[wb + 4 * kk], w5 = weights[wb + 5 * kk], w6 = weights[wb + 6 * kk], w7 = weights[wb + 7 * kk];
      for (let oy = 0; oy < rows; oy++) {
        const q0 = ci * inPlane + (oy * stride + ky) * inCols;
        const q1 = q0 + inPlane, q2 = q1 + inPlane, q3 = q2 + inPlane, q4 = q3 + inPlane, q5 = q4 + inPlane, q6 = q5 + inPlane, q7 = q6 + inPlane;
        const dst = accBase + oy * outCols;
        if (stride === 1) {
          for (let ox = 0; ox < len; ox++) {
            acc[dst + ox] += w0 * input[q0 + ox] + w1 * input[q1 + ox] + w2 * input[q2 + ox] + w3 * input[q3 + ox] +
              w4 * input[q4 + ox] + w5 * input[q5 + ox] + w6 * input[q6 + ox] + w7 * input[q7 + ox];
          }
        } else {
          for (let ox = 0; ox < len; ox++) {
            const x = ox * stride;
            acc[dst + ox] += w0 * input[q0 + x] + w1 * input[q1 + x] + w2 * input[q2 + x] + w3 * input[q3 + x] +
              w4 * input[q4 + x] + w5 * input[q5 + x] + w6 * input[q6 + x] + w7 * input[q7 + x];
          }
        }
      }
    }
  }
  return ci;
}

function conv16(input: IntArray, weights: IntArray, acc: Int32Array, g: ConvGeometry): MacResult {
  const { cin, inRows, inCols, cout, kh, kw, stride, outRows, outCols } = g;
  const plane = outRows * outCols;
  let saturations = 0;
  for (let co = 0; co < cout; co++) {
    for (let oy = 0; oy < outRows; oy++) {
      for (let ox = 0; ox < outCols; ox++) {
        const o = co * plane + oy * outCols + ox;
        let s = acc[o];
        for (let ci = 0; ci < cin; ci++) {
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              s += weights[((co * cin + ci) * kh + ky) * kw + kx] * input[(ci * inRows + oy * stride + ky) * inCols + ox * stride + kx];
            }
          }
        }
        acc[o] = clip29(s);
        if (s > ACC_MAX || s < ACC_MIN) saturations++;
      }
    }
  }
  return { macs: cout * plane * cin * kh * kw, cycles: conv2dCycles(g, 'int16'), saturations };
}

/**
 * Fixed-point requantisation, as the array applies it on the way out: y = clamp(round_half_up(acc * mult / 2^shift),
 * lo, hi), with lo = 0 when ReLU is fused. `mult` < 2^16 and |acc| < 2^29 keep the product exact in a double.
 * Per-channel scales: `mult`/`shift` hold one entry per channel of `channelSize` consecutive accumulators.
 */
export function requantize(
  acc: Int32Array, out: Int8Array | Int16Array, count: number, mult: ArrayLike<number>, shift: ArrayLike<number>,
  channelSize: number, relu: boolean, bits: 8 | 16 = 8, accOffset = 0, outOffset = 0,
): void {
  const hi = bits === 8 ? 127 : 32767;
  const lo = relu ? 0 : -hi - 1;
  const channels = Math.ceil(count / channelSize);
  for (let c = 0; c < channels; c++) {
    const m = mult[c];
    const div = 2 ** shift[c];
    const half = div / 2;
    const end = Math.min(count, (c + 1) * channelSize);
    for (let i = c * channelSize; i < end; i++) {
      let y = Math.floor((acc[accOffset + i] * m + half) / div);
      if (y > hi) y = hi; else if (y < lo) y = lo;
      out[outOffset + i] = y;
    }
  }
}

/** A multiplier and shift with mult / 2^shift ~ scale, mult in [2^14, 2^15) (or 0 for a zero scale). */
export function quantizeMultiplier(scale: number): { mult: number; shift: number } {
  if (!(scale > 0) || !Number.isFinite(scale)) return { mult: 0, shift: 0 };
  let shift = 0;
  let s = scale;
  while (s < 2 ** 14 && shift < 62) { s *= 2; shift++; }
  while (s >= 2 ** 15 && shift > -30) { s /= 2; shift--; }
  if (shift < 0) throw new RangeError(`requantisation scale ${scale} is too large for the fixed-point multiplier`);
  return { mult: Math.round(s), shift };
}
