import type { NirArray, NirNode } from './readNirGraph';
import { NirError } from './nirErrors';

/** A sparse linear map between flat (C-order) index spaces, with a bias on its outputs and delays (steps) per entry. */
export interface SparseMap {
  from: Int32Array;
  to: Int32Array;
  w: Float64Array;
  delay?: Int32Array;
  bias?: Float64Array;
  outShape: number[];
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
export const LINEAR_TYPES = new Set(['Affine', 'Linear', 'Scale', 'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten', 'Delay', 'Identity']);

/** Growable entry list, so expansions never hold JS objects per connection. */
class Entries {
  from = new Int32Array(256);
  to = new Int32Array(256);
  w = new Float64Array(256);
  n = 0;
  constructor(private readonly limit: number, private readonly where: string) {}
  push(f: number, t: number, w: number): void {
    if (this.n === this.from.length) {
      if (this.n >= this.limit) throw new NirError(`${this.where}: more than ${this.limit} connections`, 'the graph is too large to import');
      const g = <T extends Int32Array | Float64Array>(a: T, b: T) => (b.set(a), b);
      this.from = g(this.from, new Int32Array(this.n * 2));
      this.to = g(this.to, new Int32Array(this.n * 2));
      this.w = g(this.w, new Float64Array(this.n * 2));
    }
    this.from[this.n] = f;
    this.to[this.n] = t;
    this.w[this.n++] = w;
  }
  done(outShape: number[], bias?: Float64Array, delay?: Int32Array): SparseMap {
    return { from: this.from.subarray(0, this.n), to: this.to.subarray(0, this.n), w: this.w.subarray(0, this.n), outShape, bias, delay };
  }
}

function need(node: NirNode, key: string, where: string): NirArray {
  const a = node.params[key];
  if (!a) throw new NirError(`${where}: missing field '${key}' of ${node.type}`, `a ${node.type} node needs ${key}`);
  return a;
}
const int2 = (a: NirArray | undefined, dflt: number): [number, number] => (!a ? [dflt, dflt] : a.data.length === 1 ? [a.data[0], a.data[0]] : [a.data[0], a.data[1]]);

/** The sparse map of a NIR linear node applied to an input of shape inShape; dtMs converts Delay's seconds to steps. */
export function linearMap(node: NirNode, inShape: number[], where: string, dtMs: number, limit: number): SparseMap {
  const nin = prod(inShape);
  const e = new Entries(limit, where);
  switch (node.type) {
    case 'Affine':
    case 'Linear': {
      const W = need(node, 'weight', where);
      if (W.shape.length !== 2 || W.shape[1] !== nin) throw new NirError(`${where}: weight has shape [${W.shape}] but its input has ${nin} values (shape [${inShape}])`, 'weight is [out, in]');
      const [out, inn] = W.shape;
      for (let o = 0; o < out; o++) for (let i = 0; i < inn; i++) if (W.data[o * inn + i] !== 0) e.push(i, o, W.data[o * inn + i]);
      const b = node.type === 'Affine' ? node.params.bias : undefined;
      if (b && b.data.length !== out) throw new NirError(`${where}: bias has ${b.data.length} values for ${out} outputs`, 'bias is [out]');
      return e.done([out], b?.data);
    }
    case 'Scale': {
      const s = need(node, 'scale', where);
      if (s.data.length !== nin) throw new NirError(`${where}: scale has ${s.data.length} values for an input of ${nin}`, 'scale is one value per input');
      for (let i = 0; i < nin; i++) e.push(i, i, s.data[i]);
      return e.done(inShape);
    }
    case 'Flatten':
    case 'Identity': {
      for (let i = 0; i < nin; i++) e.push(i, i, 1);
      return e.done(node.type === 'Flatten' ? [nin] : inShape);
    }
    case 'Delay': {
      const d = need(node, 'delay', where);
      if (d.data.length !== nin) throw new NirError(`${where}: delay has ${d.data.length} values for an input of ${nin}`, 'delay is one value (seconds) per input');
      const steps = new Int32Array(nin);
      for (let i = 0; i < nin; i++) {
        e.push(i, i, 1);
        steps[i] = Math.round((d.data[i] * 1000) / dtMs);
        if (steps[i] < 0 || steps[i] > 4096) throw new NirError(`${where}: delay[${i}] = ${d.data[i]} s is ${steps[i]} steps`, 'delays are 0 to 4096 steps');
      }
      return e.done(inShape, undefined, steps);
    }
    case 'Conv1d':
    case 'Conv2d': {
      const two = node.type === 'Conv2d';
      const W = need(node, 'weight', where);
      if (W.shape.length !== (two ? 4 : 3)) throw new NirError(`${where}: weight has shape [${W.shape}]`, two ? 'Conv2d weight is [out, in/groups, kh, kw]' : 'Conv1d weight is [out, in/groups, k]');
      const groups = node.params.groups?.data[0] ?? 1;
      const [OC, ICg] = W.shape;
      const IC = ICg * groups;
      const spatial = two ? 2 : 1;
      if (inShape.length !== spatial + 1 || inShape[0] !== IC) throw new NirError(`${where}: input shape [${inShape}] does not match weight [${W.shape}] with ${groups} group(s)`, two ? 'input is [channels, height, width]' : 'input is [channels, length]');
      const H = two ? inShape[1] : 1, Wd = two ? inShape[2] : inShape[1];
      const KH = two ? W.shape[2] : 1, KW = two ? W.shape[3] : W.shape[2];
      const [sy, sx] = two ? int2(node.params.stride, 1) : [1, int2(node.params.stride, 1)[0]];
      const [py, px] = two ? int2(node.params.padding, 0) : [0, int2(node.params.padding, 0)[0]];
      const [dy, dx] = two ? int2(node.params.dilation, 1) : [1, int2(node.params.dilation, 1)[0]];
      const OH = Math.floor((H + 2 * py - dy * (KH - 1) - 1) / sy) + 1;
      const OW = Math.floor((Wd + 2 * px - dx * (KW - 1) - 1) / sx) + 1;
      if (OH < 1 || OW < 1) throw new NirError(`${where}: the kernel does not fit the input [${inShape}]`, 'check padding and stride');
      const ocPerGroup = OC / groups;
      for (let oc = 0; oc < OC; oc++) {
        const g = Math.floor(oc / ocPerGroup);
        for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
          const to = (oc * OH + oy) * OW + ox;
          for (let icg = 0; icg < ICg; icg++) {
            const ic = g * ICg + icg;
            for (let ky = 0; ky < KH; ky++) {
              const iy = oy * sy - py + ky * dy;
              if (iy < 0 || iy >= H) continue;
              for (let kx = 0; kx < KW; kx++) {
                const ix = ox * sx - px + kx * dx;
                if (ix < 0 || ix >= Wd) continue;
                const w = W.data[((oc * ICg + icg) * KH + ky) * KW + kx];
                if (w !== 0) e.push((ic * H + iy) * Wd + ix, to, w);
              }
            }
          }
        }
      }
      const b = node.params.bias;
      let bias: Float64Array | undefined;
      if (b && b.data.some((x) => x !== 0)) {
        bias = new Float64Array(OC * OH * OW);
        for (let oc = 0; oc < OC; oc++) bias.fill(b.data[oc], oc * OH * OW, (oc + 1) * OH * OW);
      }
      return e.done(two ? [OC, OH, OW] : [OC, OW], bias);
    }
    case 'SumPool2d':
    case 'AvgPool2d': {
      if (inShape.length !== 3) throw new NirError(`${where}: input shape [${inShape}] is not [channels, height, width]`, 'pooling works on 2-D maps');
      const [C, H, Wd] = inShape;
      const [KH, KW] = int2(need(node, 'kernel_size', where), 1);
      const [sy, sx] = int2(node.params.stride, KH);
      const [py, px] = int2(node.params.padding, 0);
      const OH = Math.floor((H + 2 * py - KH) / sy) + 1, OW = Math.floor((Wd + 2 * px - KW) / sx) + 1;
      const w = node.type === 'AvgPool2d' ? 1 / (KH * KW) : 1;
      for (let c = 0; c < C; c++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
        for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) {
          const iy = oy * sy - py + ky, ix = ox * sx - px + kx;
          if (iy >= 0 && iy < H && ix >= 0 && ix < Wd) e.push((c * H + iy) * Wd + ix, (c * OH + oy) * OW + ox, w);
        }
      }
      return e.done([C, OH, OW]);
    }
  }
  throw new NirError(`${where}: ${node.type} is not a linear node`, 'internal');
}
