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

interface QBase {
  name: string;
  output: string;
  /** Bytes per activation and weight element: 2 when the network runs in int16 (absent: int8). */
  eb?: 2;
}

/** Element arrays of a layer's activations and weights: int8, or int16 when the network runs in int16. */
export type QArray = Int8Array | Int16Array;

export interface QConv extends QBase {
  kind: 'conv';
  input: string;
  cin: number; h: number; w: number; cout: number; kh: number; kw: number; stride: number; pad: number; ho: number; wo: number;
  /** cout x cin x kh x kw */
  weights: QArray;
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
  weights: QArray;
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
  /** Bits of activations and weights (the MAC array's int8 or int16 mode). */
  bits: 8 | 16;
}

export const opInputs = (op: QOp): string[] => (op.kind === 'add' ? op.inputs : [op.input]);

/** MACs of an op on the MAC array (conv and dense). */
export function opMacs(op: QOp): number {
  if (op.kind === 'conv') return op.cout * op.ho * op.wo * op.cin * op.kh * op.kw;
  if (op.kind === 'dense') return op.k * op.n;
  return 0;
}

/** The largest magnitude of a quantised value: 127 (int8) or 32767 (int16). */
export const qMax = (bits: 8 | 16): number => (bits === 8 ? 127 : 32767);

/** A zeroed element array of the network's precision. */
export const qArray = (bits: 8 | 16, n: number): QArray => (bits === 8 ? new Int8Array(n) : new Int16Array(n));

/** Quantises a float tensor with a scale (round half away from zero, clamp to int8 or int16). */
export function quantizeTensor(x: Float32Array, scale: number, bits: 8 | 16 = 8): QArray {
  const q = qArray(bits, x.length), hi = qMax(bits), lo = -hi - 1;
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(Math.abs(x[i]) / scale) * Math.sign(x[i]);
    q[i] = v > hi ? hi : v < lo ? lo : v;
  }
  return q;
}

export function dequantize(q: QArray, scale: number): Float32Array {
  const x = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) x[i] = q[i] * scale;
  return x;
}
