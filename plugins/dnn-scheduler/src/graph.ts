import { InputError } from '@s2sim/actors';

/**
 * A DNN as the host sees it before quantisation: float32 tensors, batch 1, channel-major (ONNX's NCHW without N).
 * Nodes are in topological order; each names its input tensor(s) and its output tensor.
 */
export type FloatNode =
  | { op: 'conv'; name: string; input: string; output: string; weight: Float32Array; bias: Float32Array; cout: number; kh: number; kw: number; stride: number; pad: number }
  /** y = x . W + b with W stored k x n (row k holds every output's weight for input k). */
  | { op: 'dense'; name: string; input: string; output: string; weight: Float32Array; bias: Float32Array; n: number }
  | { op: 'relu' | 'flatten' | 'globalavgpool'; name: string; input: string; output: string }
  | { op: 'maxpool' | 'avgpool'; name: string; input: string; output: string; kernel: number; stride: number; pad: number }
  | { op: 'add'; name: string; inputs: [string, string]; output: string };

export interface FloatGraph {
  input: { name: string; shape: number[] };
  nodes: FloatNode[];
  output: string;
}

export const nodeInputs = (n: FloatNode): string[] => (n.op === 'add' ? n.inputs : [n.input]);

/** Output shape of every tensor, checking each node against its inputs; errors name the node. */
export function inferShapes(g: FloatGraph, where = 'model', checkOutput = true): Map<string, number[]> {
  const shapes = new Map<string, number[]>([[g.input.name, g.input.shape]]);
  for (const n of g.nodes) {
    const ins = nodeInputs(n).map((t) => {
      const s = shapes.get(t);
      if (!s) throw new InputError(`node '${n.name}' reads tensor '${t}', which no earlier node produces`, 'list nodes in topological order and check the tensor names', where);
      return s;
    });
    const x = ins[0];
    const fail = (why: string): never => {
      throw new InputError(`node '${n.name}' (${n.op}) ${why}; input shape [${x.join(', ')}]`, 'check the layer parameters against the input shape', where);
    };
    let out: number[];
    switch (n.op) {
      case 'conv': {
        if (x.length !== 3) fail('needs a [C, H, W] input');
        const cin = x[0];
        if (n.weight.length !== n.cout * cin * n.kh * n.kw) fail(`has ${n.weight.length} weights, expected ${n.cout}x${cin}x${n.kh}x${n.kw}`);
        const ho = Math.floor((x[1] + 2 * n.pad - n.kh) / n.stride) + 1, wo = Math.floor((x[2] + 2 * n.pad - n.kw) / n.stride) + 1;
        if (ho < 1 || wo < 1) fail('has a kernel larger than its padded input');
        out = [n.cout, ho, wo];
        break;
      }
      case 'dense': {
        const k = x.reduce((a, b) => a * b, 1);
        if (x.length !== 1) fail('needs a flat input (add a flatten node)');
        if (n.weight.length !== k * n.n) fail(`has ${n.weight.length} weights, expected ${k}x${n.n}`);
        out = [n.n];
        break;
      }
      case 'relu':
        out = x;
        break;
      case 'flatten':
        out = [x.reduce((a, b) => a * b, 1)];
        break;
      case 'globalavgpool':
        if (x.length !== 3) fail('needs a [C, H, W] input');
        out = [x[0], 1, 1];
        break;
      case 'maxpool':
      case 'avgpool': {
        if (x.length !== 3) fail('needs a [C, H, W] input');
        if (n.op === 'avgpool' && n.pad !== 0) fail('uses padding, which average pooling here does not support');
        const ho = Math.floor((x[1] + 2 * n.pad - n.kernel) / n.stride) + 1, wo = Math.floor((x[2] + 2 * n.pad - n.kernel) / n.stride) + 1;
        if (ho < 1 || wo < 1) fail('has a window larger than its input');
        out = [x[0], ho, wo];
        break;
      }
      case 'add':
        if (ins[1].join() !== x.join()) fail(`adds tensors of different shapes [${x.join(', ')}] and [${ins[1].join(', ')}]`);
        out = x;
        break;
    }
    if (shapes.has(n.output)) throw new InputError(`node '${n.name}' writes tensor '${n.output}', which exists already`, 'give every node its own output tensor', where);
    shapes.set(n.output, out);
  }
  if (checkOutput && !shapes.has(g.output)) throw new InputError(`the output tensor '${g.output}' is produced by no node`, 'name the last node\'s output as the graph output', where);
  return shapes;
}

/** Multiply-accumulates of a node (conv and dense only), for reports and roofline bounds. */
export function nodeMacs(n: FloatNode, inShape: number[], outShape: number[]): number {
  if (n.op === 'conv') return outShape[0] * outShape[1] * outShape[2] * inShape[0] * n.kh * n.kw;
  if (n.op === 'dense') return inShape[0] * n.n;
  return 0;
}
