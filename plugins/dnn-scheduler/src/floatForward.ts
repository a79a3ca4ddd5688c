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
          // weight-stationary loops over a zero-padded copy: the inner loop is a contiguous axpy (fast enough to
          // calibrate VGG-16 in seconds)
          const [cin, h, w] = s, [cout, ho, wo] = o;
          const p = n.pad, hp = h + 2 * p, wp = w + 2 * p, st = n.stride;
          const xp = new Float32Array(cin * hp * wp);
          for (let c = 0; c < cin; c++) for (let y = 0; y < h; y++) xp.set(x.subarray((c * h + y) * w, (c * h + y + 1) * w), (c * hp + y + p) * wp + p);
          for (let co = 0; co < cout; co++) out.fill(n.bias[co], co * ho * wo, (co + 1) * ho * wo);
          convFloat(xp, n.weight, out, cin, hp, wp, cout, n.kh, n.kw, st, ho, wo);
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

/** Float convolution over a padded input; 4 input channels per accumulator update (as the int8 array loops do). */
function convFloat(x: Float32Array, wt: Float32Array, out: Float32Array, cin: number, hp: number, wp: number, cout: number, kh: number, kw: number, st: number, ho: number, wo: number): void {
  const plane = ho * wo, inPlane = hp * wp, kk = kh * kw;
  for (let co = 0; co < cout; co++) {
    const ab = co * plane, wCo = co * cin * kk;
    let ci = 0;
    for (; ci + 4 <= cin; ci += 4) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const wb = wCo + ci * kk + ky * kw + kx;
          const a = wt[wb], b = wt[wb + kk], c = wt[wb + 2 * kk], d = wt[wb + 3 * kk];
          for (let oy = 0; oy < ho; oy++) {
            const p0 = ci * inPlane + (oy * st + ky) * wp + kx, dst = ab + oy * wo;
            for (let ox = 0; ox < wo; ox++) {
              const q = p0 + ox * st;
              out[dst + ox] += a * x[q] + b * x[q + inPlane] + c * x[q + 2 * inPlane] + d * x[q + 3 * inPlane];
            }
          }
        }
      }
    }
    for (; ci < cin; ci++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const a = wt[wCo + ci * kk + ky * kw + kx];
          for (let oy = 0; oy < ho; oy++) {
            const p0 = ci * inPlane + (oy * st + ky) * wp + kx, dst = ab + oy * wo;
            for (let ox = 0; ox < wo; ox++) out[dst + ox] += a * x[p0 + ox * st];
          }
        }
      }
    }
  }
}
