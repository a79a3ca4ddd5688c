import { quantizeMultiplier } from '@s2sim/hardware';
import { InputError } from '@s2sim/actors';
import { floatForward } from './floatForward';
import { inferShapes, nodeInputs, type FloatGraph, type FloatNode } from './graph';
import { qArray, qMax, type QNet, type QOp, type QTensor } from './qnet';

export interface QuantizeOptions {
  granularity: 'per-tensor' | 'per-channel';
  /** 8 (default) or 16: activations and weights in the MAC array's int8 or int16 mode. */
  bits?: 8 | 16;
}

const maxAbs = (x: Float32Array, from = 0, to = x.length, step = 1) => {
  let m = 0;
  for (let i = from; i < to; i += step) { const a = Math.abs(x[i]); if (a > m) m = a; }
  return m;
};

/**
 * Post-training quantisation from calibration data: every activation gets the scale max|x| / Q seen over the
 * calibration inputs; weights max|w| / Q per tensor or per output channel (Q = 127 for int8, 32767 for int16);
 * biases int32 at the product scale.
 * A ReLU whose input is read by nobody else is fused into the conv, dense or add before it (free on the array).
 */
export function quantizeGraph(g: FloatGraph, calibration: Float32Array[], opts: QuantizeOptions): QNet {
  if (calibration.length === 0) throw new InputError('quantisation needs at least one calibration input', 'set quantization.calibrationSamples to 1 or more', 'model.quantization');
  const shapes = inferShapes(g);
  const bits = opts.bits ?? 8, Q = qMax(bits), eb = bits === 16 ? { eb: 2 as const } : {};
  const range = new Map<string, number>();
  for (const x of calibration) {
    for (const [name, t] of floatForward(g, x)) range.set(name, Math.max(range.get(name) ?? 0, maxAbs(t)));
  }
  const readers = new Map<string, number>();
  for (const n of g.nodes) for (const t of nodeInputs(n)) readers.set(t, (readers.get(t) ?? 0) + 1);
  readers.set(g.output, (readers.get(g.output) ?? 0) + 1);

  const tensors = new Map<string, QTensor>();
  const scaleOf = (name: string) => { const r = range.get(name)!; return r > 0 ? r / Q : 1 / Q; };
  const addTensor = (name: string, scale: number, buffer = name) => {
    const shape = shapes.get(name)!;
    tensors.set(name, { name, shape, size: shape.reduce((a, b) => a * b, 1), scale, buffer });
  };
  addTensor(g.input.name, scaleOf(g.input.name));

  const ops: QOp[] = [];
  const fused = new Set<FloatNode>();
  const fusedReluAfter = (n: FloatNode): FloatNode | undefined => {
    const r = g.nodes.find((m) => m.op === 'relu' && m.input === n.output);
    return r && readers.get(n.output) === 1 ? r : undefined;
  };
  for (const n of g.nodes) {
    if (fused.has(n)) continue;
    if (n.op === 'conv' || n.op === 'dense' || n.op === 'add') {
      const relu = fusedReluAfter(n);
      if (relu) fused.add(relu);
      const output = relu ? relu.output : n.output;
      const sOut = scaleOf(output);
      addTensor(output, sOut);
      if (n.op === 'add') {
        const sa = tensors.get(n.inputs[0])!.scale, sb = tensors.get(n.inputs[1])!.scale;
        const big = quantizeMultiplier(Math.max(sa, sb) / sOut);
        ops.push({
          ...eb, kind: 'add', name: n.name, inputs: n.inputs, output, size: tensors.get(output)!.size,
          multA: Math.round((sa / sOut) * 2 ** big.shift), multB: Math.round((sb / sOut) * 2 ** big.shift), shift: big.shift, relu: !!relu,
        });
        continue;
      }
      const sIn = tensors.get(n.input)!.scale;
      const channels = n.op === 'conv' ? n.cout : n.n;
      const wq = qArray(bits, n.weight.length);
      const bias = new Int32Array(channels), mult = new Int32Array(channels), shift = new Int32Array(channels);
      const per = n.op === 'conv' ? n.weight.length / n.cout : 0;
      const wScale = (c: number) => {
        const m = opts.granularity === 'per-tensor' ? maxAbs(n.weight)
          : n.op === 'conv' ? maxAbs(n.weight, c * per, (c + 1) * per) : maxAbs(n.weight, c, n.weight.length, n.n);
        const sw = m > 0 ? m / Q : 1;
        // int16: full-range activations times full-range weights overflow the 29-bit accumulator at once, so the
        // weight scale is widened until the layer's calibrated output (before any fused ReLU) needs at most 2^27 in
        // the accumulator (one bit of margin); int8 never comes near that (127 x 127 x fan-in), so it is left alone.
        return bits === 16 ? Math.max(sw, (range.get(n.output) ?? 0) / (sIn * 2 ** 27)) : sw;
      };
      for (let c = 0; c < channels; c++) {
        const sw = wScale(c);
        const q = (i: number) => { const v = Math.round(n.weight[i] / sw); wq[i] = v > Q ? Q : v < -Q ? -Q : v; };
        if (n.op === 'conv') for (let i = c * per; i < (c + 1) * per; i++) q(i);
        else for (let i = c; i < n.weight.length; i += n.n) q(i);
        bias[c] = Math.round(n.bias[c] / (sIn * sw));
        const m = quantizeMultiplier((sIn * sw) / sOut);
        mult[c] = m.mult;
        shift[c] = m.shift;
      }
      const [cin, h, w] = shapes.get(n.input)!;
      if (n.op === 'conv') {
        const [, ho, wo] = shapes.get(n.output)!;
        ops.push({ ...eb, kind: 'conv', name: n.name, input: n.input, output, cin, h, w, cout: n.cout, kh: n.kh, kw: n.kw, stride: n.stride, pad: n.pad, ho, wo, weights: wq, bias, mult, shift, relu: !!relu });
      } else {
        ops.push({ ...eb, kind: 'dense', name: n.name, input: n.input, output, k: cin, n: n.n, weights: wq, bias, mult, shift, relu: !!relu });
      }
    } else if (n.op === 'flatten') {
      const src = tensors.get(n.input)!;
      addTensor(n.output, src.scale, src.buffer);
    } else if (n.op === 'relu') {
      addTensor(n.output, tensors.get(n.input)!.scale);
      ops.push({ ...eb, kind: 'relu', name: n.name, input: n.input, output: n.output, size: tensors.get(n.output)!.size });
    } else {
      const [c, h, w] = shapes.get(n.input)!;
      const [, ho, wo] = shapes.get(n.output)!;
      const sIn = tensors.get(n.input)!.scale;
      const isMax = n.op === 'maxpool';
      const sOut = isMax ? sIn : scaleOf(n.output);
      addTensor(n.output, sOut);
      const win = n.op === 'maxpool' || n.op === 'avgpool' ? n : { kernel: 0, stride: 1, pad: 0 };
      const global = n.op === 'globalavgpool';
      const kh = global ? h : win.kernel, kw = global ? w : win.kernel;
      const stride = win.stride, pad = win.pad;
      const m = isMax ? { mult: 1, shift: 0 } : quantizeMultiplier(sIn / (sOut * kh * kw));
      ops.push({ ...eb, kind: isMax ? 'maxpool' : 'avgpool', name: n.name, input: n.input, output: n.output, c, h, w, kh, kw, stride, pad, ho, wo, mult: m.mult, shift: m.shift });
    }
  }
  return { input: g.input.name, output: g.output, tensors, ops, granularity: opts.granularity, bits };
}
