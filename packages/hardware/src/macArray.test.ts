import { describe, expect, it } from 'vitest';
import {
  ACC_MAX, ACC_MIN, conv2dCycles, macConv2dInt16, macConv2dInt8, macMatmulInt16, macMatmulInt8, matmulCycles, quantizeMultiplier, requantize,
} from './macArray';

function randInt8(n: number, seed: number): Int8Array {
  const a = new Int8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = (s >>> 24) - 128; }
  return a;
}

describe('MAC array', () => {
  it('matrix multiply equals the textbook triple loop, accumulating on request', () => {
    const m = 3, k = 37, n = 21;
    const a = randInt8(m * k, 1), b = randInt8(k * n, 2);
    const acc = new Int32Array(m * n);
    const r = macMatmulInt8(a, b, acc, m, k, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
      expect(acc[i * n + j]).toBe(s);
    }
    expect(r.macs).toBe(m * k * n);
    // 4 x 16 blocks: ceil(3/4) * ceil(21/16) = 2 blocks of k cycles each
    expect(r.cycles).toBe(2 * k);
    const before = Array.from(acc);
    macMatmulInt8(a, b, acc, m, k, n, { accumulate: true });
    expect(Array.from(acc)).toEqual(before.map((v) => 2 * v));
  });

  it('int16 multiply runs at 16 MACs per cycle and matches the same loop', () => {
    const a = Int16Array.from([300, -2000, 7]), b = Int16Array.from([1000, -3, 2, 5, 9, 11]);
    const acc = new Int32Array(2);
    const r = macMatmulInt16(a, b, acc, 1, 3, 2);
    expect(Array.from(acc)).toEqual([300 * 1000 + -2000 * 2 + 7 * 9, 300 * -3 + -2000 * 5 + 7 * 11]);
    expect(r.cycles).toBe(3);
    expect(matmulCycles(64, 100, 64, 'int16') * 16).toBe(64 * 100 * 64);
    expect(matmulCycles(64, 100, 64, 'int8') * 64).toBe(64 * 100 * 64);
  });

  it('clips to the 29-bit accumulator and counts each clipped value', () => {
    const k = 20000;
    const a = new Int8Array(k).fill(-128), b = new Int8Array(k * 2);
    for (let t = 0; t < k; t++) { b[t * 2] = -128; b[t * 2 + 1] = 127; }
    const acc = new Int32Array(2);
    const r = macMatmulInt8(a, b, acc, 1, k, 2);
    // 20000 * 16384 = 327,680,000 > 2^28 - 1; 20000 * -16256 = -325,120,000 < -2^28
    expect(Array.from(acc)).toEqual([ACC_MAX, ACC_MIN]);
    expect(r.saturations).toBe(2);
    const a16 = new Int16Array(2).fill(32767), b16 = new Int16Array(2).fill(32767);
    const acc16 = new Int32Array(1);
    expect(macMatmulInt16(a16, b16, acc16, 1, 2, 1).saturations).toBe(1);
    expect(acc16[0]).toBe(ACC_MAX);
  });

  it('convolution equals a direct padded convolution written from the definition', () => {
    // 6 and 11 input channels: the 4- and 8-channel blocked loops and their remainders; 5 and 7 output channels: the
    // channel quads, pairs and a lone last channel; a 3x1 kernel: 1-wide but not 1x1
    for (const [cin, kh, kw, stride, cout] of [[6, 3, 3, 1, 5], [6, 3, 3, 2, 5], [11, 1, 1, 1, 5], [11, 1, 1, 2, 5], [3, 5, 5, 2, 5], [17, 1, 1, 1, 7], [9, 3, 3, 1, 7], [9, 3, 1, 1, 7]]) {
      const h = 9, w = 7, pad = kh >> 1, padX = kw >> 1;
      const input = randInt8(cin * h * w, 3), weights = randInt8(cout * cin * kh * kw, 4);
      const hp = h + 2 * pad, wp = w + 2 * padX;
      const padded = new Int8Array(cin * hp * wp);
      for (let c = 0; c < cin; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) padded[(c * hp + y + pad) * wp + x + padX] = input[(c * h + y) * w + x];
      const ho = Math.floor((h + 2 * pad - kh) / stride) + 1, wo = Math.floor((w + 2 * padX - kw) / stride) + 1;
      const acc = new Int32Array(cout * ho * wo);
      const g = { cin, inRows: hp, inCols: wp, cout, kh, kw, stride, outRows: ho, outCols: wo };
      const r = macConv2dInt8(padded, weights, acc, g);
      for (let co = 0; co < cout; co++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
        let s = 0;
        for (let ci = 0; ci < cin; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
          const y = oy * stride + ky - pad, x = ox * stride + kx - padX;
          if (y >= 0 && y < h && x >= 0 && x < w) s += input[(ci * h + y) * w + x] * weights[((co * cin + ci) * kh + ky) * kw + kx];
        }
        expect(acc[(co * ho + oy) * wo + ox]).toBe(s);
      }
      expect(r.macs).toBe(cout * ho * wo * cin * kh * kw);
      expect(r.cycles).toBe(Math.ceil((ho * wo) / 4) * Math.ceil(cout / 16) * cin * kh * kw);
      expect(conv2dCycles(g, 'int16')).toBe(Math.ceil((ho * wo) / 4) * Math.ceil(cout / 4) * cin * kh * kw);
      const acc16 = new Int32Array(acc.length);
      macConv2dInt16(Int16Array.from(padded), Int16Array.from(weights), acc16, g);
      expect(Array.from(acc16)).toEqual(Array.from(acc));
    }
  });

  it('requantises with round-half-up, per channel, with and without ReLU', () => {
    const { mult, shift } = quantizeMultiplier(0.01);
    expect(Math.abs(mult / 2 ** shift - 0.01) / 0.01).toBeLessThan(2 ** -14);
    const acc = Int32Array.from([50, 150, -250, 100000, 7, -7]);
    const out = new Int8Array(6);
    // channel 0: x/4, channel 1: 3x/2 (exact fixed-point scales)
    requantize(acc, out, 6, [1, 3], [2, 1], 3, false);
    expect(Array.from(out)).toEqual([13, 38, -62, 127, 11, -10]); // floor(x/4+0.5), floor(3x/2+0.5) clamped
    requantize(acc, out, 6, [1, 3], [2, 1], 3, true);
    expect(Array.from(out)).toEqual([13, 38, 0, 127, 11, 0]);
  });
});
