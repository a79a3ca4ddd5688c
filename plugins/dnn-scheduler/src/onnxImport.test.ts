import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { InputError } from '@s2sim/actors';
import { importOnnx, runDnn } from './index';
import { cnnModel, encode, int, ints, residualModel, rng, tensor } from './onnxTestModels';

const { onnx } = onnxProto;

/** Float reference of the ONNX semantics of these operators, on the decoded model (independent of the importer). */
function onnxFloat(bytes: Uint8Array, x: Float32Array, shape: number[]): Float32Array {
  const m = onnx.ModelProto.decode(bytes);
  const t = new Map<string, { d: Float32Array; s: number[] }>();
  for (const i of m.graph!.initializer!) t.set(i.name!, { d: Float32Array.from(i.floatData ?? []), s: (i.dims ?? []).map(Number) });
  t.set('x', { d: x, s: shape });
  for (const n of m.graph!.node!) {
    const a = (k: string) => Number((n.attribute ?? []).find((q) => q.name === k)?.i ?? 0);
    const as = (k: string, d: number[]) => ((n.attribute ?? []).find((q) => q.name === k)?.ints ?? d).map(Number);
    const [i0, i1, i2] = (n.input ?? []).map((k) => t.get(k));
    let out: { d: Float32Array; s: number[] };
    switch (n.opType) {
      case 'Conv': case 'MaxPool': case 'AveragePool': {
        const [, C, H, W] = i0!.s;
        const k = as('kernel_shape', [1, 1])[0], st = as('strides', [1, 1])[0], p = as('pads', [0, 0, 0, 0])[0];
        const conv = n.opType === 'Conv';
        const CO = conv ? i1!.s[0] : C;
        const HO = Math.floor((H + 2 * p - k) / st) + 1, WO = Math.floor((W + 2 * p - k) / st) + 1;
        const d = new Float32Array(CO * HO * WO);
        for (let co = 0; co < CO; co++) for (let oy = 0; oy < HO; oy++) for (let ox = 0; ox < WO; ox++) {
          let s = conv ? (i2 ? i2.d[co] : 0) : n.opType === 'MaxPool' ? -Infinity : 0;
          for (let ci = 0; ci < (conv ? C : 1); ci++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
            const y = oy * st + ky - p, xx = ox * st + kx - p;
            if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
            const v = i0!.d[((conv ? ci : co) * H + y) * W + xx];
            if (conv) s += v * i1!.d[((co * C + ci) * k + ky) * k + kx]; else if (n.opType === 'MaxPool') s = Math.max(s, v); else s += v / (k * k);
          }
          d[(co * HO + oy) * WO + ox] = s;
        }
        out = { d, s: [1, CO, HO, WO] };
        break;
      }
      case 'GlobalAveragePool': {
        const [, C, H, W] = i0!.s, d = new Float32Array(C);
        for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) d[c] += i0!.d[c * H * W + i] / (H * W);
        out = { d, s: [1, C, 1, 1] };
        break;
      }
      case 'Flatten': case 'Reshape': out = { d: i0!.d, s: [1, i0!.d.length] }; break;
      case 'Relu': out = { d: i0!.d.map((v) => Math.max(0, v)), s: i0!.s }; break;
      case 'Add': out = { d: i0!.d.map((v, i) => v + i1!.d[i1!.d.length === i0!.d.length ? i : i % i1!.d.length]), s: i0!.s }; break;
      case 'Gemm': case 'MatMul': {
        const tb = n.opType === 'Gemm' && a('transB') === 1;
        const K = i0!.d.length, N = tb ? i1!.s[0] : i1!.s[1], d = new Float32Array(N);
        for (let j = 0; j < N; j++) { let s = i2 ? i2.d[j] : 0; for (let kk = 0; kk < K; kk++) s += i0!.d[kk] * (tb ? i1!.d[j * K + kk] : i1!.d[kk * N + j]); d[j] = s; }
        out = { d, s: [1, N] };
        break;
      }
      default: throw new Error(n.opType!);
    }
    t.set(n.output![0], out);
  }
  return t.get(m.graph!.output![0].name!)!.d;
}

describe('ONNX import and int8 post-training quantisation', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2sim-onnx-'));
  const cases: Array<[string, () => Uint8Array, number[]]> = [['cnn', cnnModel, [2, 10, 10]], ['residual', residualModel, [12]]];
  for (const [name, make, shape] of cases) {
    for (const granularity of ['per-tensor', 'per-channel'] as const) {
      it(`runs the ${name} model on the chip within a few output LSBs of the float model (${granularity})`, () => {
        const bytes = make();
        writeFileSync(join(dir, `${name}.onnx`), bytes);
        const { plan, result } = runDnn({ network: { onnx: `${name}.onnx` }, input: { seed: 4, low: -1, high: 1 }, quantization: { granularity, calibrationSamples: 8 }, chip: { workers: 6 } }, { baseDir: dir });
        const ref = onnxFloat(bytes, plan.input, [1, ...shape]);
        const lsb = plan.net.tensors.get(plan.net.output)!.scale;
        expect(result.output.length).toBe(ref.length);
        let maxErr = 0;
        for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(result.output[i] - ref[i]));
        // Each layer rounds its output to half an LSB and passes earlier rounding on through its weights; over
        // these 4-6 layers that stays within a few LSBs of the output scale (and far below the output range).
        expect(maxErr).toBeLessThanOrEqual(3 * lsb); // measured: 0.75-1.6 LSB
        expect(Math.max(...ref.map(Math.abs))).toBeGreaterThan(20 * lsb);
      });
    }
  }

  it('refuses an unsupported operator, naming the node and the operator', () => {
    const bytes = encode([{ name: 'squash', opType: 'Sigmoid', input: ['x'], output: ['y'] }], [], ['x', [1, 4]], 'y');
    expect(() => importOnnx(bytes, 'net.onnx')).toThrow(InputError);
    expect(() => importOnnx(bytes, 'net.onnx')).toThrow(/node 'squash' uses the operator 'Sigmoid'.*supported operators: Conv, Gemm, MatMul/);
  });

  it('refuses grouped convolutions and garbage files with a clear message', () => {
    const r = rng(1);
    const bytes = encode([{ name: 'dw', opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute: [ints('kernel_shape', [3, 3]), int('group', 2)] }], [tensor('w', [2, 1, 3, 3], r, 1)], ['x', [1, 2, 5, 5]], 'y');
    expect(() => importOnnx(bytes, 'dw.onnx')).toThrow(/node 'dw' \(Conv\) is a grouped convolution/);
    expect(() => importOnnx(new Uint8Array([1, 2, 3, 255, 255]), 'junk.onnx')).toThrow(/junk\.onnx: not an ONNX model/);
  });
});
