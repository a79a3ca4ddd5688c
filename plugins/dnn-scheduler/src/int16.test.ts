import { describe, expect, it } from 'vitest';
import { floatForward, runDnn, type DnnModelInput, type QNet } from './index';

/**
 * A plain int16 reference written here from the definitions (not from the plugin's code). Whole layers, one pass of
 * the MAC array per output (the test checks that no layer splits its inputs): the pass's exact sum is clipped to the
 * 29-bit accumulator, the bias added and clipped again, then y = clamp(floor((acc * mult + 2^(shift-1)) / 2^shift))
 * to int16 (lower bound 0 with a fused ReLU).
 */
const ACC = 2 ** 28;
const clip29 = (v: number) => Math.min(ACC - 1, Math.max(-ACC, v));
const rq16 = (acc: number, mult: number, shift: number, relu: boolean) =>
  Math.min(32767, Math.max(relu ? 0 : -32768, Math.floor((acc * mult + 2 ** (shift - 1)) / 2 ** shift)));

function referenceInt16(net: QNet, input: Int16Array): Int16Array {
  const t = new Map<string, Int16Array>();
  const buf = (name: string) => net.tensors.get(name)!.buffer;
  t.set(buf(net.input), input);
  for (const op of net.ops) {
    const out = new Int16Array(net.tensors.get(op.output)!.size);
    if (op.kind === 'conv') {
      const x = t.get(buf(op.input))!;
      for (let co = 0; co < op.cout; co++) for (let oy = 0; oy < op.ho; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let s = 0;
        for (let ci = 0; ci < op.cin; ci++) for (let ky = 0; ky < op.kh; ky++) for (let kx = 0; kx < op.kw; kx++) {
          const y = oy * op.stride + ky - op.pad, xx = ox * op.stride + kx - op.pad;
          if (y >= 0 && y < op.h && xx >= 0 && xx < op.w) s += x[(ci * op.h + y) * op.w + xx] * op.weights[((co * op.cin + ci) * op.kh + ky) * op.kw + kx];
        }
        out[(co * op.ho + oy) * op.wo + ox] = rq16(clip29(clip29(s) + op.bias[co]), op.mult[co], op.shift[co], op.relu);
      }
    } else if (op.kind === 'dense') {
      const x = t.get(buf(op.input))!;
      for (let j = 0; j < op.n; j++) {
        let s = 0;
        for (let k = 0; k < op.k; k++) s += x[k] * op.weights[k * op.n + j];
        out[j] = rq16(clip29(clip29(s) + op.bias[j]), op.mult[j], op.shift[j], op.relu);
      }
    } else if (op.kind === 'maxpool' || op.kind === 'avgpool') {
      const x = t.get(buf(op.input))!;
      for (let c = 0; c < op.c; c++) for (let oy = 0; oy < op.ho; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let m = -32768, s = 0;
        for (let ky = 0; ky < op.kh; ky++) for (let kx = 0; kx < op.kw; kx++) {
          const y = oy * op.stride + ky - op.pad, xx = ox * op.stride + kx - op.pad;
          if (y < 0 || y >= op.h || xx < 0 || xx >= op.w) continue;
          m = Math.max(m, x[(c * op.h + y) * op.w + xx]);
          s += x[(c * op.h + y) * op.w + xx];
        }
        out[(c * op.ho + oy) * op.wo + ox] = op.kind === 'maxpool' ? m : rq16(s, op.mult, op.shift, false);
      }
    } else if (op.kind === 'add') {
      const a = t.get(buf(op.inputs[0]))!, b = t.get(buf(op.inputs[1]))!;
      for (let i = 0; i < op.size; i++) out[i] = Math.min(32767, Math.max(op.relu ? 0 : -32768, Math.floor((a[i] * op.multA + b[i] * op.multB + 2 ** (op.shift - 1)) / 2 ** op.shift)));
    } else if (op.kind === 'relu') {
      const a = t.get(buf(op.input))!;
      for (let i = 0; i < op.size; i++) out[i] = Math.max(0, a[i]);
    }
    t.set(buf(op.output), out);
  }
  return t.get(buf(net.output))!;
}

const net: DnnModelInput = {
  network: {
    input: [3, 14, 12],
    layers: [
      { type: 'conv2d', name: 'c1', outChannels: 12, kernel: 3, pad: 1, relu: true },
      { type: 'maxpool', name: 'p1', kernel: 2 },
      { type: 'conv2d', name: 'c2', outChannels: 12, kernel: 3, pad: 1, relu: true },
      { type: 'conv2d', name: 'c3', outChannels: 12, kernel: 1 },
      { type: 'residual', name: 'r1', from: 'c2', relu: true },
      { type: 'avgpool', name: 'p2', kernel: 2 },
      { type: 'dense', name: 'fc', units: 10 },
    ],
  },
  input: { seed: 5, low: -1, high: 1 },
  chip: { workers: 8 },
};

describe('int16 execution', () => {
  const int16 = runDnn({ ...net, quantization: { precision: 'int16' } });
  const int8 = runDnn(net);

  it('is bit-exact against a plain int16 reference, with int16 tensors, weights and outputs', () => {
    const { plan, result } = int16;
    expect(plan.net.bits).toBe(16);
    expect(plan.inputQ).toBeInstanceOf(Int16Array);
    expect(result.outputQ).toBeInstanceOf(Int16Array);
    expect(plan.schedule.layers.every((l) => l.tiling.splits === 1)).toBe(true); // one pass per output: the reference's clipping
    const ref = referenceInt16(plan.net, plan.inputQ as Int16Array);
    expect(Array.from(result.outputQ)).toEqual(Array.from(ref));
    expect(ref.some((v) => Math.abs(v) > 127)).toBe(true); // values an int8 network could not hold
  });

  it('runs on the array at 16 MACs per cycle: same MACs, twice the bytes, latency above the int16 roofline', () => {
    const a = int16.result, b = int8.result, f = a.frequencyHz;
    expect(a.macs).toBe(b.macs);
    expect(a.latencyNs).toBeGreaterThanOrEqual((a.macs / (16 * a.workers * f)) * 1e9);
    expect(a.roofline.computeNs).toBeCloseTo(4 * b.roofline.computeNs, 6);
    expect(a.latencyNs).toBeGreaterThanOrEqual(Math.max(a.roofline.computeNs, a.roofline.memoryNs));
    expect(a.macUtilisation).toBeGreaterThan(0);
    expect(a.macUtilisation).toBeLessThanOrEqual(1);
  });

  it('leaves the 29-bit accumulator headroom and lands far closer to the float network than int8', () => {
    const { plan, result } = int16;
    expect(result.saturations).toBe(0);
    const float = floatForward(plan.graph, plan.input).get(plan.graph.output)!;
    const err = (out: Float32Array) => Math.max(...Array.from(out, (v, i) => Math.abs(v - float[i])));
    expect(err(result.output)).toBeLessThan(err(int8.result.output) / 8);
  });
});
