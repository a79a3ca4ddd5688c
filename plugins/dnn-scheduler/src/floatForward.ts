import { inferShapes, type FloatGraph } from './graph';

/**
 * The float32 forward pass of a graph, as the host runs it for calibration (activation ranges). Returns every
 * tensor by name. Plain loops: used on a few calibration samples, never on the chip's hot path.
 */
export function floatForward(g: FloatGraph, input: Float32Array): Map<string, Float32Array> {
  const shapes = inferShapes(g);
  const t = new Map<string, Float32Array>([[g.input.name, input]]);
  for (const n of g.nodes) {
    const out = new Float32Array(shapes.get(n.output)!.reduce((a, b) => a * b, 1));
    if (n.op === 'add') {
      const a = t.get(n.inputs[0])!, b = t.get(n.inputs[1])!;
      for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    } else {
      const x = t.get(n.input)!;
      const s = shapes.get(n.input)!;
      const o = shapes.get(n.output)!;
      switch (n.op) {
        case 'relu':
          for (let i = 0; i < out.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
          break;
        case 'flatten':
          out.set(x);
          break;
        case 'dense':
          for (let j = 0; j < n.n; j++) out[j] = n.bias[j];
          for (let k = 0; k < x.length; k++) { const v = x[k]; if (v !== 0) for (let j = 0; j < n.n; j++) out[j] += v * n.weight[k * n.n + j]; }
          break;
        case 'conv': {
          const [cin, h, w] = s, [cout, ho, wo] = o;
          for (let co = 0; co < cout; co++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
            let acc = n.bias[co];
            for (let ci = 0; ci < cin; ci++) for (let ky = 0; ky < n.kh; ky++) {
              const y = oy * n.stride + ky - n.pad;
              if (y < 0 || y >= h) continue;
              for (let kx = 0; kx < n.kw; kx++) {
                const xx = ox * n.stride + kx - n.pad;
                if (xx >= 0 && xx < w) acc += x[(ci * h + y) * w + xx] * n.weight[((co * cin + ci) * n.kh + ky) * n.kw + kx];
              }
            }
            out[(co * ho + oy) * wo + ox] = acc;
          }
          break;
        }
        case 'maxpool':
        case 'avgpool': {
          const [c, h, w] = s, [, ho, wo] = o;
          for (let ch = 0; ch < c; ch++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
            let m = -Infinity, sum = 0;
            for (let ky = 0; ky < n.kernel; ky++) for (let kx = 0; kx < n.kernel; kx++) {
              const y = oy * n.stride + ky - n.pad, xx = ox * n.stride + kx - n.pad;
              if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
              const v = x[(ch * h + y) * w + xx];
              if (v > m) m = v;
              sum += v;
            }
            out[(ch * ho + oy) * wo + ox] = n.op === 'maxpool' ? m : sum / (n.kernel * n.kernel);
          }
          break;
        }
        case 'globalavgpool': {
          const [c, h, w] = s;
          for (let ch = 0; ch < c; ch++) { let sum = 0; for (let i = 0; i < h * w; i++) sum += x[ch * h * w + i]; out[ch] = sum / (h * w); }
          break;
        }
      }
    }
    t.set(n.output, out);
  }
  return t;
}
