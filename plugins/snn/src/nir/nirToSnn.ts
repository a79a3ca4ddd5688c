import type { SnnModelInput } from '../model';
import { LINEAR_TYPES, linearMap, type SparseMap } from './linearMaps';
import { NirError } from './nirErrors';
import type { NirFile, NirGraph, NirNode } from './readNirGraph';

export interface NirImportOptions {
  /** The simulation time step, ms (NIR's dt; the run's tick). */
  dtMs: number;
  /** After a spike: to v_reset (0 unless the node gives one), or subtract the threshold. */
  reset?: 'zero' | 'subtract';
  /** Integrator of LIF and LI (exact or Euler); CubaLIF and CubaLI use Euler unless set to exact. */
  integrator?: 'exact' | 'euler';
  /** Spike inputs per Input node: for each input neuron, the time steps at which it spikes. */
  inputs?: Record<string, number[][]>;
  /** Record the Output nodes' sources (default), or spikes and v of every neuron node. */
  record?: 'outputs' | 'all';
  /** Upper bound on the connections the import may create (default 50 million). */
  maxConnections?: number;
}

export interface NirImport {
  model: SnnModelInput;
  /** NIR node name -> population name. */
  populations: Record<string, string>;
  /** Output node name -> the population whose spikes (or v) it reports. */
  outputs: Record<string, string>;
  version: string;
  /** Repairs made while reading the file. */
  warnings: string[];
}

const NEURON_PARAMS: Record<string, { spiking: boolean; fields: Record<string, { nir: string; ms?: boolean; optional?: number }> }> = {
  LIF: { spiking: true, fields: { tau: { nir: 'tau', ms: true }, r: { nir: 'r' }, v_leak: { nir: 'v_leak' }, v_threshold: { nir: 'v_threshold' }, v_reset: { nir: 'v_reset', optional: 0 } } },
  CubaLIF: { spiking: true, fields: { tau_syn: { nir: 'tau_syn', ms: true }, tau_mem: { nir: 'tau_mem', ms: true }, r: { nir: 'r' }, v_leak: { nir: 'v_leak' }, v_threshold: { nir: 'v_threshold' }, w_in: { nir: 'w_in', optional: 1 }, v_reset: { nir: 'v_reset', optional: 0 } } },
  IF: { spiking: true, fields: { r: { nir: 'r' }, v_threshold: { nir: 'v_threshold' }, v_reset: { nir: 'v_reset', optional: 0 } } },
  LI: { spiking: false, fields: { tau: { nir: 'tau', ms: true }, r: { nir: 'r' }, v_leak: { nir: 'v_leak' } } },
  CubaLI: { spiking: false, fields: { tau_syn: { nir: 'tau_syn', ms: true }, tau_mem: { nir: 'tau_mem', ms: true }, r: { nir: 'r' }, v_leak: { nir: 'v_leak' }, w_in: { nir: 'w_in', optional: 1 } } },
  Integrator: { spiking: false, fields: { r: { nir: 'r' } } },
  Threshold: { spiking: true, fields: { v_threshold: { nir: 'threshold' } } },
};

interface Flat {
  nodes: Map<string, NirNode>;
  edges: Array<[string, string]>;
}

/** Flattens nested NIRGraph nodes: inner nodes are named outer.inner; a subgraph's Input and Output pass through. */
function flatten(g: NirGraph, prefix: string, out: Flat, nested: boolean): void {
  const ends = (sub: NirGraph, type: string, name: string) => {
    const found = Object.entries(sub.nodes).filter(([, n]) => n.type === type).map(([k]) => k);
    if (found.length !== 1) throw new NirError(`subgraph '${prefix}${name}' has ${found.length} ${type} nodes`, `a nested graph needs exactly one ${type}`);
    return `${prefix}${name}.${found[0]}`;
  };
  for (const [name, node] of Object.entries(g.nodes)) {
    if (node.graph) flatten(node.graph, `${prefix}${name}.`, out, true);
    else out.nodes.set(prefix + name, nested && (node.type === 'Input' || node.type === 'Output') ? { type: 'Identity', params: node.params } : node);
  }
  for (const [a, b] of g.edges) {
    const src = g.nodes[a].graph ? ends(g.nodes[a].graph!, 'Output', a) : prefix + a;
    const dst = g.nodes[b].graph ? ends(g.nodes[b].graph!, 'Input', b) : prefix + b;
    out.edges.push([src, dst]);
  }
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Converts a NIR graph into an s2sim SNN model. Every chain of linear nodes (Affine, Linear, Conv, pooling, Flatten,
 * Scale, Delay) between two spiking nodes is composed into one projection; biases become each neuron's constant
 * input. A spike crosses each projection in one time step (plus any Delay), as on SpiNNaker, where a spike sent in
 * step t acts in step t + 1.
 */
export function nirToSnn(file: NirFile, opts: NirImportOptions): NirImport {
  const flat: Flat = { nodes: new Map(), edges: [] };
  flatten(file.graph, '', flat, false);
  const limit = opts.maxConnections ?? 50_000_000;
  const preds = new Map<string, string[]>();
  for (const [a, b] of flat.edges) preds.set(b, [...(preds.get(b) ?? []), a]);
  const where = (n: string) => `node '${n}'`;
  for (const [name, node] of flat.nodes) {
    if (node.type !== 'Input' && node.type !== 'Output' && !LINEAR_TYPES.has(node.type) && !(node.type in NEURON_PARAMS)) {
      throw new NirError(`${where(name)}: type '${node.type}' is not supported`, `supported: Input, Output, ${[...LINEAR_TYPES].filter((t) => t !== 'Identity').join(', ')}, ${Object.keys(NEURON_PARAMS).join(', ')}, NIRGraph`);
    }
  }
  const shapeCache = new Map<string, number[]>();
  const mapCache = new Map<string, SparseMap>();
  const inShape = (name: string, stack: Set<string>): number[] => {
    const ps = preds.get(name) ?? [];
    if (!ps.length) throw new NirError(`${where(name)} has no input edge`, 'connect it, or remove it');
    const shapes = ps.map((p) => shapeOf(p, stack));
    for (const s of shapes) if (prod(s) !== prod(shapes[0])) throw new NirError(`${where(name)}: its inputs have shapes ${shapes.map((x) => `[${x}]`).join(' and ')}`, 'inputs summed into a node must have the same size');
    return shapes[0];
  };
  const shapeOf = (name: string, stack = new Set<string>()): number[] => {
    const cached = shapeCache.get(name);
    if (cached) return cached;
    const node = flat.nodes.get(name)!;
    let shape: number[];
    if (node.type === 'Input') shape = (node.params.shape ?? node.params['input_type.input'])?.data ? Array.from((node.params.shape ?? node.params['input_type.input'])!.data) : [];
    else if (node.type in NEURON_PARAMS) {
      const first = Object.values(NEURON_PARAMS[node.type].fields).find((f) => f.optional === undefined)!;
      const a = node.params[first.nir];
      if (!a) throw new NirError(`${where(name)}: missing field '${first.nir}' of ${node.type}`, `a ${node.type} node needs ${Object.values(NEURON_PARAMS[node.type].fields).map((f) => f.nir).join(', ')}`);
      shape = a.shape.length ? a.shape : [1];
    } else if (node.type === 'Output') shape = inShape(name, stack);
    else {
      if (stack.has(name)) throw new NirError(`${where(name)} is in a loop of linear nodes with no neuron`, 'every loop needs a neuron node');
      stack.add(name);
      const m = linearMap(node, inShape(name, stack), where(name), opts.dtMs, limit);
      stack.delete(name);
      mapCache.set(name, m);
      shape = m.outShape;
    }
    if (!shape.length || shape.some((x) => !Number.isInteger(x) || x < 1) || prod(shape) > 10_000_000) throw new NirError(`${where(name)}: shape [${shape}] is not a valid size`, 'shapes are positive integers, at most 10 million neurons');
    shapeCache.set(name, shape);
    return shape;
  };

  // Population names: NIR names such as "0" become "n0"; dots from nesting stay.
  const popName = new Map<string, string>();
  const used = new Set<string>();
  for (const [name, node] of flat.nodes) {
    if (node.type !== 'Input' && !(node.type in NEURON_PARAMS)) continue;
    let p = name.replace(/[^\w.-]/g, '_');
    if (!/^[A-Za-z_]/.test(p)) p = `n${p}`;
    while (used.has(p)) p += '_';
    used.add(p);
    popName.set(name, p);
  }

  // A chain's connections from a spiking source to the input of a node: [pre, post, w, delaySteps] arrays.
  type Chain = { source: string; pre: Int32Array; post: Int32Array; w: Float64Array; d: Int32Array };
  const chainsInto = (name: string, stack: Set<string>): { chains: Chain[]; bias?: Float64Array } => {
    const chains: Chain[] = [];
    let bias: Float64Array | undefined;
    for (const p of preds.get(name) ?? []) {
      const node = flat.nodes.get(p)!;
      if (node.type === 'Input' || (NEURON_PARAMS[node.type]?.spiking ?? false)) {
        const n = prod(shapeOf(p));
        const idx = Int32Array.from({ length: n }, (_, i) => i);
        chains.push({ source: p, pre: idx, post: idx.slice(), w: new Float64Array(n).fill(1), d: new Int32Array(n) });
      } else if (node.type in NEURON_PARAMS) {
        throw new NirError(`${where(p)} (${node.type}) feeds ${where(name)}, but a ${node.type} does not spike`, 's2sim sends spikes between neuron nodes; make it a spiking node or an output');
      } else if (LINEAR_TYPES.has(node.type)) {
        if (stack.has(p)) throw new NirError(`${where(p)} is in a loop of linear nodes with no neuron`, 'every loop needs a neuron node');
        stack.add(p);
        shapeOf(p);
        const m = mapCache.get(p)!;
        const inner = chainsInto(p, stack);
        stack.delete(p);
        for (const c of inner.chains) chains.push(compose(c, m, prod(m.outShape), where(p), limit));
        const nb = applyBias(inner.bias, m);
        if (nb) bias = bias ? bias.map((x, i) => x + nb[i]) : nb;
      }
    }
    return { chains, bias };
  };

  const populations: SnnModelInput['populations'] = [];
  const projections: SnnModelInput['projections'] = [];
  const outputs: Record<string, string> = {};
  const recordAll = opts.record === 'all';
  const recorded = new Set<string>();
  for (const [name, node] of flat.nodes) {
    if (node.type !== 'Output') continue;
    const ps = preds.get(name) ?? [];
    if (ps.length !== 1 || !popName.has(ps[0])) throw new NirError(`${where(name)}: an Output must be fed by one neuron or Input node`, 's2sim records neuron nodes; put the Output after a neuron node');
    outputs[name] = popName.get(ps[0])!;
    recorded.add(ps[0]);
  }
  for (const [name, node] of flat.nodes) {
    const pop = popName.get(name);
    if (!pop) continue;
    const size = prod(shapeOf(name));
    if (node.type === 'Input') {
      const lists = opts.inputs?.[name] ?? Array.from({ length: size }, () => []);
      if (lists.length !== size) throw new NirError(`inputs.${name}: ${lists.length} lists of time steps for an Input of ${size} neurons`, 'give one list of time steps per input neuron');
      populations.push({ name: pop, model: 'SpikeSourceArray', size, spike_times: lists.map((l) => l.map((s) => s * opts.dtMs)), record: recordAll || recorded.has(name) ? ['spikes'] : [] });
      continue;
    }
    const spec = NEURON_PARAMS[node.type];
    const params: Record<string, number | number[]> = {};
    for (const [key, f] of Object.entries(spec.fields)) {
      const a = node.params[f.nir];
      if (!a) {
        if (f.optional === undefined) throw new NirError(`${where(name)}: missing field '${f.nir}' of ${node.type}`, `a ${node.type} node needs ${Object.values(spec.fields).map((x) => x.nir).join(', ')}`);
        params[key] = f.optional;
        continue;
      }
      if (a.data.length !== size && a.data.length !== 1) throw new NirError(`${where(name)}: ${f.nir} has ${a.data.length} values for ${size} neurons`, 'every parameter has the node\'s shape');
      const scaleMs = f.ms ? 1000 : 1;
      if (f.ms && a.data.some((x) => !(x > 0))) throw new NirError(`${where(name)}: ${f.nir} must be positive (seconds)`, 'time constants are in seconds');
      params[key] = a.data.length === 1 ? a.data[0] * scaleMs : Array.from(a.data, (x) => x * scaleMs);
    }
    if (spec.spiking && node.type !== 'Threshold') params.reset_subtract = opts.reset === 'subtract' ? 1 : 0;
    const { chains, bias } = chainsInto(name, new Set([name]));
    if (bias) params.bias = Array.from(bias);
    const rec = recordAll || recorded.has(name) ? (spec.spiking ? (recordAll ? ['spikes', 'v'] : ['spikes']) : ['v']) : [];
    const integrator = node.type === 'Threshold' ? 'exact' : node.type.startsWith('Cuba') ? (opts.integrator === 'exact' ? 'exact' : 'euler') : (opts.integrator ?? 'exact');
    populations.push({ name: pop, model: node.type, size, params, record: rec, integrator } as never);
    for (const c of chains) {
      const connections: number[][] = [];
      for (let k = 0; k < c.pre.length; k++) if (c.w[k] !== 0) connections.push([c.pre[k], c.post[k], c.w[k], opts.dtMs * (1 + c.d[k])]);
      if (connections.length) projections.push({ pre: popName.get(c.source)!, post: pop, receptor: 'bySign', connector: { type: 'fromList', connections } });
    }
  }
  return { model: { populations, projections }, populations: Object.fromEntries(popName), outputs, version: file.version, warnings: file.warnings };
}

/** chain (source -> map input) followed by map: (source -> map output), summing parallel paths with equal delay. */
function compose(c: { source: string; pre: Int32Array; post: Int32Array; w: Float64Array; d: Int32Array }, m: SparseMap, nOut: number, where: string, limit: number) {
  // CSR of the map by input index.
  let nIn = 0;
  for (let k = 0; k < m.from.length; k++) if (m.from[k] + 1 > nIn) nIn = m.from[k] + 1;
  const start = new Int32Array(nIn + 1);
  for (let k = 0; k < m.from.length; k++) start[m.from[k] + 1]++;
  for (let i = 0; i < nIn; i++) start[i + 1] += start[i];
  const order = new Int32Array(m.from.length);
  const fill = start.slice(0, nIn);
  for (let k = 0; k < m.from.length; k++) order[fill[m.from[k]]++] = k;
  const sum = new Map<number, number>();
  for (let e = 0; e < c.pre.length; e++) {
    const mid = c.post[e];
    if (mid >= nIn) continue;
    for (let q = start[mid]; q < start[mid + 1]; q++) {
      const k = order[q];
      const d = c.d[e] + (m.delay ? m.delay[mid] : 0);
      const key = (c.pre[e] * nOut + m.to[k]) * 4097 + d;
      sum.set(key, (sum.get(key) ?? 0) + c.w[e] * m.w[k]);
      if (sum.size > limit) throw new NirError(`${where}: composing the graph makes more than ${limit} connections`, 'the graph is too large to import');
    }
  }
  const n = sum.size;
  const out = { source: c.source, pre: new Int32Array(n), post: new Int32Array(n), w: new Float64Array(n), d: new Int32Array(n) };
  let i = 0;
  for (const [key, w] of sum) {
    const d = key % 4097, pp = (key - d) / 4097;
    out.post[i] = pp % nOut;
    out.pre[i] = (pp - out.post[i]) / nOut;
    out.w[i] = w;
    out.d[i++] = d;
  }
  return out;
}

function applyBias(b: Float64Array | undefined, m: SparseMap): Float64Array | undefined {
  if (!b && !m.bias) return undefined;
  const out = m.bias ? Float64Array.from(m.bias) : new Float64Array(prod(m.outShape));
  if (b) for (let k = 0; k < m.from.length; k++) out[m.to[k]] += m.w[k] * b[m.from[k]];
  return out;
}
