/**
 * The quantised network that runs on the chip: int8 tensors with one symmetric scale each (real = scale * q, zero
 * point 0), int8 weights with per-tensor or per-output-channel scales, int32 biases, and the fixed-point
 * requantisation (mult / 2^shift) the MAC array applies on the way out.
 */
export interface QTensor {
  name: string;
  shape: number[];
  size: number;
  scale: number;
  /** DRAM buffer holding it: a reshape (flatten) shares its input's buffer. */
  buffer: string;
}

interface QBase { name: string; output: string }

export interface QConv extends QBase {
  kind: 'conv';
  input: string;
  cin: number; h: number; w: number; cout: number; kh: number; kw: number; stride: number; pad: number; ho: number; wo: number;
  /** cout x cin x kh x kw */
  weights: Int8Array;
  bias: Int32Array;
  mult: Int32Array;
  shift: Int32Array;
  relu: boolean;
}

export interface QDense extends QBase {
  kind: 'dense';
  input: string;
  k: number; n: number;
  /** k x n */
  weights: Int8Array;
  bias: Int32Array;
  mult: Int32Array;
  shift: Int32Array;
  relu: boolean;
}

export interface QPool extends QBase {
  kind: 'maxpool' | 'avgpool';
  input: string;
  c: number; h: number; w: number; kh: number; kw: number; stride: number; pad: number; ho: number; wo: number;
  /** avgpool: sum * mult / 2^shift (1 / window, rescaled); maxpool keeps the input scale. */
  mult: number;
  shift: number;
}

export interface QAdd extends QBase {
  kind: 'add';
  inputs: [string, string];
  size: number;
  /** y = (a * multA + b * multB) / 2^shift */
  multA: number;
  multB: number;
  shift: number;
  relu: boolean;
}

export interface QRelu extends QBase {
  kind: 'relu';
  input: string;
  size: number;
}

export type QOp = QConv | QDense | QPool | QAdd | QRelu;

export interface QNet {
  input: string;
  output: string;
  tensors: Map<string, QTensor>;
  ops: QOp[];
  granularity: 'per-tensor' | 'per-channel';
}

export const opInputs = (op: QOp): string[] => (op.kind === 'add' ? op.inputs : [op.input]);

/** MACs of an op on the MAC array (conv and dense). */
export function opMacs(op: QOp): number {
  if (op.kind === 'conv') return op.cout * op.ho * op.wo * op.cin * op.kh * op.kw;
  if (op.kind === 'dense') return op.k * op.n;
  return 0;
}

/** Quantises a float tensor with a scale (round half away from zero, clamp to int8). */
export function quantizeTensor(x: Float32Array, scale: number): Int8Array {
  const q = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(Math.abs(x[i]) / scale) * Math.sign(x[i]);
    q[i] = v > 127 ? 127 : v < -128 ? -128 : v;
  }
  return q;
}

export function dequantize(q: Int8Array, scale: number): Float32Array {
  const x = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) x[i] = q[i] * scale;
  return x;
}
