import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { h5wasm } from '../h5';
import { NirError } from './nirErrors';

/** A parameter array of a NIR node: values (float64) and shape. */
export interface NirArray {
  shape: number[];
  data: Float64Array;
}

export interface NirNode {
  type: string;
  /** Numeric parameters (weight, bias, tau, shape, stride...). */
  params: Record<string, NirArray>;
  /** Only for type 'NIRGraph'. */
  graph?: NirGraph;
}

export interface NirGraph {
  nodes: Record<string, NirNode>;
  edges: Array<[string, string]>;
}

export interface NirFile {
  version: string;
  graph: NirGraph;
  /** Repairs made while reading (e.g. an edge naming a node by a unique prefix), for the import report. */
  warnings: string[];
}

/** Limits that keep a hostile file from exhausting memory; each is checked before data is read. */
export const NIR_LIMITS = {
  fileBytes: 512 * 1024 * 1024,
  elementsPerDataset: 32 * 1024 * 1024,
  totalElements: 128 * 1024 * 1024,
  nodes: 100_000,
  edges: 1_000_000,
  depth: 16,
  stringChars: 4096,
} as const;

type H5Group = { keys(): string[]; get(k: string): unknown; type: string };
type H5Dataset = { type: string; shape: number[] | null; dtype: unknown; value: unknown };

/**
 * Reads a NIR graph (HDF5, layout of neuromorphs/NIR `nir/serialization.py`, versions 0.1 to 1.x): root `version`,
 * group `node` with `type = "NIRGraph"`, `nodes/<name>/` (a `type` and one dataset per parameter) and `edges`
 * (N x 2 strings). Nested graphs are read recursively. Every size is checked against NIR_LIMITS before reading.
 */
export function readNirGraph(source: string | Uint8Array, label = typeof source === 'string' ? source : '<bytes>'): NirFile {
  let path = typeof source === 'string' ? source : '';
  let tmp: string | undefined;
  if (typeof source !== 'string') {
    if (source.byteLength > NIR_LIMITS.fileBytes) throw new NirError(`${label}: ${source.byteLength} bytes exceeds the ${NIR_LIMITS.fileBytes} byte limit`, 'is this a NIR graph?');
    tmp = mkdtempSync(join(tmpdir(), 's2sim-nir-'));
    path = join(tmp, 'graph.nir');
    writeFileSync(path, source);
  } else {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new NirError(`${label}: no such file`, 'check the path (relative paths are relative to the scenario file)');
    }
    if (size > NIR_LIMITS.fileBytes) throw new NirError(`${label}: ${size} bytes exceeds the ${NIR_LIMITS.fileBytes} byte limit for a NIR file`, 'is this a NIR graph?');
  }
  type H5File = { get(k: string): unknown; keys(): string[]; close(): void };
  let file: H5File | undefined;
  try {
    try {
      file = new h5wasm.File(path, 'r') as unknown as H5File;
      file.keys();
    } catch {
      throw new NirError(`${label}: not an HDF5 file`, 'a .nir file is HDF5 written by nir.write() (neuromorphs/NIR)');
    }
    const budget = { elements: 0, nodes: 0, warnings: [] as string[] };
    const version = readString(file!.get('version') as H5Dataset | null, `${label}: version`) ?? '';
    const root = file!.get('node') as H5Group | null;
    if (!root || root.type !== 'Group') throw new NirError(`${label}: no group 'node' at the root`, 'a NIR file holds its graph in /node');
    const graph = readGraph(root, `${label}: node`, 0, budget);
    return { version, graph, warnings: budget.warnings };
  } finally {
    try {
      file?.close();
    } catch {
      /* closing a file that failed to open */
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

function readString(ds: H5Dataset | null, where: string): string | undefined {
  if (!ds) return undefined;
  if (ds.type !== 'Dataset') throw new NirError(`${where} is not a dataset`, 'expected a string');
  const n = (ds.shape ?? []).reduce((a, b) => a * b, 1);
  if (n !== 1) throw new NirError(`${where} has shape [${ds.shape}] where a single string belongs`, 'expected a scalar string');
  const v = ds.value;
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') throw new NirError(`${where} is not a string`, 'expected a string dataset');
  if (s.length > NIR_LIMITS.stringChars) throw new NirError(`${where} is ${s.length} characters long`, 'strings in NIR files are short names');
  return s;
}

function readGraph(g: H5Group, where: string, depth: number, budget: { elements: number; nodes: number; warnings: string[] }): NirGraph {
  if (depth > NIR_LIMITS.depth) throw new NirError(`${where}: graphs nested deeper than ${NIR_LIMITS.depth}`, 'flatten the graph');
  const nodesGroup = g.get('nodes') as H5Group | null;
  if (!nodesGroup || nodesGroup.type !== 'Group') throw new NirError(`${where}: missing group 'nodes'`, 'a NIRGraph has nodes/ and edges');
  const nodes: Record<string, NirNode> = {};
  for (const name of nodesGroup.keys()) {
    if (++budget.nodes > NIR_LIMITS.nodes) throw new NirError(`${where}: more than ${NIR_LIMITS.nodes} nodes`, 'is this a NIR graph?');
    const ng = nodesGroup.get(name) as H5Group;
    const nwhere = `${where}.nodes.${name}`;
    if (!ng || ng.type !== 'Group') throw new NirError(`${nwhere} is not a group`, 'each node is a group with a type');
    const type = readString(ng.get('type') as H5Dataset | null, `${nwhere}.type`);
    if (!type) throw new NirError(`${nwhere}: missing field 'type'`, 'every NIR node names its type');
    if (type === 'NIRGraph') {
      nodes[name] = { type, params: {}, graph: readGraph(ng, nwhere, depth + 1, budget) };
      continue;
    }
    const params: Record<string, NirArray> = {};
    for (const key of ng.keys()) {
      if (key === 'type') continue;
      const ds = ng.get(key) as H5Dataset;
      if (!ds || ds.type !== 'Dataset') continue; // groups such as input_type dicts of NIR 1.x are read below
      params[key] = readArray(ds, `${nwhere}.${key}`, budget);
    }
    for (const dictKey of ['input_type', 'output_type']) {
      const dg = ng.get(dictKey) as H5Group | null;
      if (dg && dg.type === 'Group') for (const k of dg.keys()) params[`${dictKey}.${k}`] = readArray(dg.get(k) as H5Dataset, `${nwhere}.${dictKey}.${k}`, budget);
    }
    nodes[name] = { type, params };
  }
  const edges: Array<[string, string]> = [];
  const eds = g.get('edges') as H5Dataset | null;
  if (!eds) throw new NirError(`${where}: missing dataset 'edges'`, 'a NIRGraph has nodes/ and edges');
  const shape = eds.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > 0 && (shape.length !== 2 || shape[1] !== 2)) throw new NirError(`${where}.edges has shape [${shape}]`, 'edges is an N x 2 array of node names');
  if (shape[0] > NIR_LIMITS.edges) throw new NirError(`${where}.edges: ${shape[0]} edges exceeds ${NIR_LIMITS.edges}`, 'is this a NIR graph?');
  const flat = count ? (eds.value as unknown[]) : [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [a, b] = [flat[i], flat[i + 1]];
    if (typeof a !== 'string' || typeof b !== 'string') throw new NirError(`${where}.edges[${i / 2}] is not a pair of names`, 'edges is an N x 2 array of node names');
    const resolve = (end: string) => {
      if (end in nodes) return end;
      // Files written by real exporters sometimes name a node by a shorter form in edges (the NIR paper's
      // braille subgraph has edges to 'lif' for the node 'lif1'); accept a unique prefix match and say so.
      const candidates = Object.keys(nodes).filter((k) => k.startsWith(end) || end.startsWith(k));
      if (candidates.length === 1) {
        budget.warnings.push(`${where}.edges[${i / 2}]: '${end}' is not a node; read as '${candidates[0]}'`);
        return candidates[0];
      }
      throw new NirError(`${where}.edges[${i / 2}] names '${end}', which is not a node`, `nodes: ${Object.keys(nodes).join(', ')}`);
    };
    edges.push([resolve(a), resolve(b)]);
  }
  return { nodes, edges };
}

function readArray(ds: H5Dataset, where: string, budget: { elements: number }): NirArray {
  const shape = (ds.shape ?? []).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > NIR_LIMITS.elementsPerDataset) throw new NirError(`${where} has ${n} elements (shape [${shape}]), over the limit of ${NIR_LIMITS.elementsPerDataset}`, 'a NIR parameter this large is not supported');
  budget.elements += n;
  if (budget.elements > NIR_LIMITS.totalElements) throw new NirError(`${where}: the file holds more than ${NIR_LIMITS.totalElements} parameter values`, 'the graph is too large to import');
  const v = ds.value;
  let data: Float64Array;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') data = Float64Array.of(Number(v));
  else if (v instanceof BigInt64Array || v instanceof BigUint64Array) data = Float64Array.from(v, (x) => Number(x));
  else if (ArrayBuffer.isView(v)) data = Float64Array.from(v as unknown as ArrayLike<number>);
  else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) data = Float64Array.from(v as number[]);
  else if (typeof v === 'string' || (Array.isArray(v) && typeof v[0] === 'string')) return { shape, data: new Float64Array(0) };
  else throw new NirError(`${where} is not numeric`, 'NIR parameters are numeric arrays');
  if (data.length !== n) throw new NirError(`${where}: ${data.length} values for shape [${shape}]`, 'the dataset is inconsistent');
  return { shape, data };
}
