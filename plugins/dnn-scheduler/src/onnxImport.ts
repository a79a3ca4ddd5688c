import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { InputError } from '@s2sim/actors';
import { inferShapes, type FloatGraph, type FloatNode } from './graph';

// onnx-proto is CommonJS: its namespace comes in as the default export under ESM
const { onnx } = onnxProto;


export const SUPPORTED_ONNX_OPS = ['Conv', 'Gemm', 'MatMul', 'Relu', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Add', 'Flatten', 'Reshape'];

function tensorData(t: Onnx.ITensorProto, where: string): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new InputError(`initializer '${t.name}' has data type ${t.dataType}, not float32`, 'export the model in float32 (s2sim quantises it)', where);
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData;
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    return new Float32Array(copy.buffer, 0, raw.length / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

const num = (v: number | Long | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : Number(v));
type Long = { toNumber(): number };

/**
 * Reads an ONNX model (batch 1, float32) into a float graph. Supported: Conv (group 1, no dilation, symmetric
 * pads), Gemm, MatMul (+ a bias Add), Relu, MaxPool, AveragePool (no padding), GlobalAveragePool, Add, Flatten and
 * Reshape to a vector. Any other operator is refused with the node's name.
 */
export function importOnnx(bytes: Uint8Array, where = 'model.onnx'): FloatGraph {
  let model: Onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new InputError(`not an ONNX model (${(e as Error).message})`, 'give the path of a .onnx file', where);
  }
  const graph = model.graph;
  if (!graph) throw new InputError('the ONNX model has no graph', 'export the model again', where);
  const inits = new Map<string, Onnx.ITensorProto>();
  for (const t of graph.initializer ?? []) inits.set(t.name!, t);
  const realInputs = (graph.input ?? []).filter((i) => !inits.has(i.name!));
  if (realInputs.length !== 1) throw new InputError(`the ONNX graph has ${realInputs.length} non-constant inputs`, 'export a model with exactly one input', where);
  const dims = (realInputs[0].type?.tensorType?.shape?.dim ?? []).map((d) => num(d.dimValue as number));
  const shape = dims.length > 1 && dims[0] <= 1 ? dims.slice(1) : dims;
  if (shape.some((d) => !(d > 0))) throw new InputError(`input '${realInputs[0].name}' has a dynamic or unknown shape [${dims.join(', ')}]`, 'export with a fixed input shape (batch 1)', where);
  const g: FloatGraph = { input: { name: realInputs[0].name!, shape }, nodes: [], output: graph.output?.[0]?.name ?? '' };

  for (const node of graph.node ?? []) {
    const name = node.name || `${node.opType}_${g.nodes.length}`;
    const at = `${where}: node '${name}'`;
    const attr = new Map((node.attribute ?? []).map((a) => [a.name!, a]));
    const ints = (k: string, d: number[]) => (attr.has(k) ? (attr.get(k)!.ints ?? []).map((x) => num(x as number)) : d);
    const int = (k: string, d: number) => (attr.has(k) ? num(attr.get(k)!.i as number) : d);
    const flt = (k: string, d: number) => (attr.has(k) ? attr.get(k)!.f ?? d : d);
    const refuse = (why: string): never => { throw new InputError(`node '${name}' (${node.opType}) ${why}`, 'change the model or the export options', where); };
    const init = (i: number) => { const t = inits.get(node.input![i]); return t ? tensorData(t, at) : undefined; };
    const x = node.input?.[0] ?? '', y = node.output?.[0] ?? '';
    const shapes = () => inferShapes(g, where, false);
    const sq = (k: number[]) => { if (k.length && k.some((v) => v !== k[0])) refuse(`has unequal values [${k.join(', ')}] (only square kernels, strides and symmetric pads are supported)`); return k[0]; };
    switch (node.opType) {
      case 'Conv': {
        if (int('group', 1) !== 1) refuse('is a grouped convolution');
        if (ints('dilations', [1, 1]).some((d) => d !== 1)) refuse('is dilated');
        if (attr.has('auto_pad') && String(attr.get('auto_pad')!.s ?? '') !== '' && new TextDecoder().decode(attr.get('auto_pad')!.s as Uint8Array) !== 'NOTSET') refuse('uses auto_pad');
        const w = init(1) ?? refuse('has weights that are not an initializer');
        const wd = (inits.get(node.input![1])!.dims ?? []).map((d) => num(d as number));
        const [cout, , kh, kw] = wd;
        if (kh !== kw) refuse('has a non-square kernel');
        g.nodes.push({ op: 'conv', name, input: x, output: y, weight: w, bias: init(2) ?? new Float32Array(cout), cout, kh, kw, stride: sq(ints('strides', [1, 1])), pad: sq(ints('pads', [0, 0, 0, 0])) });
        break;
      }
      case 'Gemm':
      case 'MatMul': {
        if (node.opType === 'Gemm' && (int('transA', 0) !== 0 || flt('alpha', 1) !== 1 || flt('beta', 1) !== 1)) refuse('uses transA, alpha or beta other than the defaults');
        const w = init(1) ?? refuse('has a weight matrix that is not an initializer');
        const wd = (inits.get(node.input![1])!.dims ?? []).map((d) => num(d as number));
        const transB = node.opType === 'Gemm' ? int('transB', 0) : 0;
        const [k, n] = transB ? [wd[1], wd[0]] : [wd[0], wd[1]];
        let weight = w;
        if (transB) { weight = new Float32Array(k * n); for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) weight[i * n + j] = w[j * k + i]; }
        const inShape = shapes().get(x);
        if (inShape && inShape.length !== 1) refuse(`reads a tensor of shape [${inShape.join(', ')}] (flatten it first)`);
        g.nodes.push({ op: 'dense', name, input: x, output: y, weight, bias: (node.opType === 'Gemm' ? init(2) : undefined) ?? new Float32Array(n), n });
        break;
      }
      case 'Add': {
        const c = init(1) ?? init(0);
        if (c) {
          // a bias added after MatMul: fold it into the dense node that produced the other operand
          const other = inits.has(node.input![0]) ? node.input![1] : node.input![0];
          const prev = g.nodes.find((m) => m.output === other);
          if (!prev || prev.op !== 'dense' || c.length !== prev.n) refuse('adds a constant that is not the bias of a preceding MatMul');
          const d = prev as Extract<FloatNode, { op: 'dense' }>;
          for (let j = 0; j < d.n; j++) d.bias[j] += c[j];
          d.output = y;
          break;
        }
        g.nodes.push({ op: 'add', name, inputs: [x, node.input![1]], output: y });
        break;
      }
      case 'Relu':
        g.nodes.push({ op: 'relu', name, input: x, output: y });
        break;
      case 'MaxPool':
      case 'AveragePool': {
        if (node.opType === 'AveragePool' && int('count_include_pad', 0) !== 0) refuse('counts padding');
        if (int('ceil_mode', 0) !== 0) refuse('uses ceil_mode');
        const kernel = sq(ints('kernel_shape', [])) ?? refuse('has no kernel_shape');
        g.nodes.push({ op: node.opType === 'MaxPool' ? 'maxpool' : 'avgpool', name, input: x, output: y, kernel, stride: sq(ints('strides', [1, 1])), pad: sq(ints('pads', [0, 0, 0, 0])) });
        break;
      }
      case 'GlobalAveragePool':
        g.nodes.push({ op: 'globalavgpool', name, input: x, output: y });
        break;
      case 'Flatten':
        if (int('axis', 1) !== 1) refuse('flattens from an axis other than 1');
        g.nodes.push({ op: 'flatten', name, input: x, output: y });
        break;
      case 'Reshape': {
        const target = inits.get(node.input![1]);
        const dimsT = target ? (target.int64Data ?? []).map((v) => num(v as number)) : [];
        const raw = target?.rawData?.length ? Array.from(new BigInt64Array(Uint8Array.from(target.rawData).buffer)).map(Number) : dimsT;
        if (!(raw.length === 1 || (raw.length === 2 && raw[0] === 1))) refuse(`reshapes to [${raw.join(', ')}]; only flattening to a vector is supported`);
        g.nodes.push({ op: 'flatten', name, input: x, output: y });
        break;
      }
      default:
        throw new InputError(`node '${name}' uses the operator '${node.opType}', which s2sim does not support`, `supported operators: ${SUPPORTED_ONNX_OPS.join(', ')}`, where);
    }
  }
  // MatMul + Add folding may have renamed outputs: the graph output is whatever the last node writes if unnamed
  if (!g.output) g.output = g.nodes[g.nodes.length - 1].output;
  inferShapes(g, where);
  return g;
}

export function importOnnxFile(path: string): FloatGraph {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read the ONNX file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the path (relative to the scenario file)', path);
  }
  return importOnnx(bytes, path);
}
