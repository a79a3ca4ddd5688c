import onnxProto from 'onnx-proto';

/**
 * Small ONNX models written with onnx-proto, for the tests (ONNX import, and the comparison with onnxruntime):
 * not part of the package's API.
 */
const { onnx } = onnxProto;
const AT = onnx.AttributeProto.AttributeType;

/** ONNX models written here with onnx-proto: NCHW, batch 1, float32 initializers. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}
export const tensor = (name: string, dims: number[], r: () => number, scale: number) => {
  const n = dims.reduce((a, b) => a * b, 1);
  return { name, dims, dataType: 1, floatData: Array.from({ length: n }, () => (r() * 2 - 1) * scale) };
};
export const ints = (name: string, v: number[]) => ({ name, type: AT.INTS, ints: v });
export const int = (name: string, v: number) => ({ name, type: AT.INT, i: v });
export const vi = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });

export function encode(nodes: object[], inits: ReturnType<typeof tensor>[], input: [string, number[]], output: string, extra: object[] = []): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 's2sim-test',
    graph: { name: 'g', node: nodes, initializer: [...inits, ...extra], input: [vi(...input)], output: [vi(output, [1])] },
  } as never);
  return onnx.ModelProto.encode(model).finish();
}

export function cnnModel(): Uint8Array {
  const r = rng(5);
  return encode(
    [
      { name: 'conv1', opType: 'Conv', input: ['x', 'w1', 'b1'], output: ['c1'], attribute: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), ints('strides', [1, 1])] },
      { name: 'relu1', opType: 'Relu', input: ['c1'], output: ['r1'] },
      { name: 'pool1', opType: 'MaxPool', input: ['r1'], output: ['p1'], attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
      { name: 'conv2', opType: 'Conv', input: ['p1', 'w2', 'b2'], output: ['c2'], attribute: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2])] },
      { name: 'relu2', opType: 'Relu', input: ['c2'], output: ['r2'] },
      { name: 'pool2', opType: 'AveragePool', input: ['r2'], output: ['p2'], attribute: [ints('kernel_shape', [2, 2]), ints('strides', [1, 1])] },
      { name: 'conv3', opType: 'Conv', input: ['p2', 'w3'], output: ['c3'], attribute: [ints('kernel_shape', [1, 1])] },
      { name: 'gap', opType: 'GlobalAveragePool', input: ['c3'], output: ['g'] },
      { name: 'flat', opType: 'Flatten', input: ['g'], output: ['f'], attribute: [int('axis', 1)] },
      { name: 'fc1', opType: 'Gemm', input: ['f', 'wf1', 'bf1'], output: ['h'], attribute: [int('transB', 1)] },
      { name: 'relu3', opType: 'Relu', input: ['h'], output: ['hr'] },
      { name: 'fc2', opType: 'MatMul', input: ['hr', 'wf2'], output: ['m'] },
      { name: 'bias2', opType: 'Add', input: ['m', 'bf2'], output: ['y'] },
    ],
    [
      tensor('w1', [8, 2, 3, 3], r, 0.5), tensor('b1', [8], r, 0.1), tensor('w2', [12, 8, 3, 3], r, 0.3), tensor('b2', [12], r, 0.1),
      tensor('w3', [16, 12, 1, 1], r, 0.4), tensor('wf1', [10, 16], r, 0.5), tensor('bf1', [10], r, 0.1), tensor('wf2', [10, 4], r, 0.5), tensor('bf2', [4], r, 0.1),
    ],
    ['x', [1, 2, 10, 10]], 'y',
  );
}

export function residualModel(): Uint8Array {
  const r = rng(9);
  return encode(
    [
      { name: 'fcA', opType: 'Gemm', input: ['x', 'wa', 'ba'], output: ['a'] },
      { name: 'reluA', opType: 'Relu', input: ['a'], output: ['ar'] },
      { name: 'fcB', opType: 'Gemm', input: ['ar', 'wb', 'bb'], output: ['b'] },
      { name: 'skip', opType: 'Add', input: ['b', 'ar'], output: ['s'] },
      { name: 'reluS', opType: 'Relu', input: ['s'], output: ['sr'] },
      { name: 'reshape', opType: 'Reshape', input: ['sr', 'shape'], output: ['q'] },
      { name: 'fcC', opType: 'Gemm', input: ['q', 'wc'], output: ['y'] },
    ],
    [tensor('wa', [12, 24], r, 0.5), tensor('ba', [24], r, 0.1), tensor('wb', [24, 24], r, 0.3), tensor('bb', [24], r, 0.1), tensor('wc', [24, 5], r, 0.4)],
    ['x', [1, 12]], 'y',
    [{ name: 'shape', dims: [2], dataType: 7, int64Data: [1, -1] }],
  );
}

