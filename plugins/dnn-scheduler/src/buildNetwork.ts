import { Prng } from '@s2sim/hardware';
import { InputError } from '@s2sim/actors';
import { inferShapes, type FloatGraph, type FloatNode } from './graph';
import type { LayerSpec } from './model';

/** Uniform random weights, He-scaled (limit sqrt(6 / fan-in)) so that activations keep their size through ReLUs. */
function heUniform(rng: Prng, n: number, fanIn: number): Float32Array {
  const a = Math.sqrt(6 / fanIn), w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rng.nextFloat() * 2 - 1) * a;
  return w;
}

function smallBias(rng: Prng, n: number): Float32Array {
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) b[i] = (rng.nextFloat() * 2 - 1) * 0.05;
  return b;
}

/** A float graph from a list of layers (TypeScript or a scenario's YAML), with seeded random weights. */
export function buildNetwork(input: number[], layers: LayerSpec[], seed: number, where = 'model.network.layers'): FloatGraph {
  const rng = new Prng().seed(seed, 0xd11);
  const nodes: FloatNode[] = [];
  const g: FloatGraph = { input: { name: 'input', shape: input }, nodes, output: 'input' };
  const names = new Set<string>();
  let cur = 'input';
  let shape = input;
  layers.forEach((l, i) => {
    const name = l.name ?? `${l.type}${i}`;
    if (names.has(name)) throw new InputError(`two layers are named '${name}'`, 'give each layer a unique name', `${where}[${i}]`);
    if (l.input !== undefined) {
      if (!names.has(l.input) && l.input !== 'input') throw new InputError(`layer '${name}' reads '${l.input}', which is not an earlier layer`, 'name an earlier layer (or \'input\') in `input`', `${where}[${i}]`);
      cur = l.input;
      shape = inferShapes(g, `${where}[${i}]`, false).get(cur)!;
    }
    names.add(name);
    const output = name;
    switch (l.type) {
      case 'conv2d': {
        const cin = shape[0], fanIn = cin * l.kernel * l.kernel;
        nodes.push({ op: 'conv', name, input: cur, output: l.relu ? `${name}.pre` : output, weight: heUniform(rng, l.outChannels * fanIn, fanIn), bias: smallBias(rng, l.outChannels), cout: l.outChannels, kh: l.kernel, kw: l.kernel, stride: l.stride, pad: l.pad });
        if (l.relu) nodes.push({ op: 'relu', name: `${name}.relu`, input: `${name}.pre`, output });
        break;
      }
      case 'dense': {
        const k = shape.reduce((a, b) => a * b, 1);
        if (shape.length !== 1) nodes.push({ op: 'flatten', name: `${name}.flatten`, input: cur, output: `${name}.flat` });
        const src = shape.length !== 1 ? `${name}.flat` : cur;
        nodes.push({ op: 'dense', name, input: src, output: l.relu ? `${name}.pre` : output, weight: heUniform(rng, k * l.units, k), bias: smallBias(rng, l.units), n: l.units });
        if (l.relu) nodes.push({ op: 'relu', name: `${name}.relu`, input: `${name}.pre`, output });
        break;
      }
      case 'maxpool':
      case 'avgpool':
        nodes.push({ op: l.type, name, input: cur, output, kernel: l.kernel, stride: l.stride ?? l.kernel, pad: l.pad });
        break;
      case 'relu':
      case 'flatten':
      case 'globalavgpool':
        nodes.push({ op: l.type, name, input: cur, output });
        break;
      case 'residual':
        if (!names.has(l.from) || l.from === name) throw new InputError(`residual '${name}' adds layer '${l.from}', which is not an earlier layer`, 'name an earlier layer in `from`', `${where}[${i}]`);
        nodes.push({ op: 'add', name, inputs: [cur, l.from], output: l.relu ? `${name}.pre` : output });
        if (l.relu) nodes.push({ op: 'relu', name: `${name}.relu`, input: `${name}.pre`, output });
        break;
    }
    cur = output;
    g.output = cur;
    shape = inferShapes(g, `${where}[${i}]`).get(cur)!;
  });
  return g;
}

const conv = (outChannels: number, kernel: number, stride = 1, relu = true, name?: string): LayerSpec => ({ type: 'conv2d', name, outChannels, kernel, stride, pad: Math.floor(kernel / 2), relu });

/** VGG-16 (configuration D): 13 3x3 convolutions, 5 max-pools, 3 dense layers; 15.5 GMAC, 138 M weights. */
export function vgg16Layers(): LayerSpec[] {
  const l: LayerSpec[] = [];
  for (const [n, c] of [[2, 64], [2, 128], [3, 256], [3, 512], [3, 512]]) {
    for (let i = 0; i < n; i++) l.push(conv(c, 3));
    l.push({ type: 'maxpool', kernel: 2, stride: 2, pad: 0 });
  }
  l.push({ type: 'dense', units: 4096, relu: true }, { type: 'dense', units: 4096, relu: true }, { type: 'dense', units: 1000, relu: false });
  return l;
}

/** ResNet-50 (v1.5: stride on the 3x3): bottleneck blocks [3, 4, 6, 3]; about 4.1 GMAC, 25.5 M weights. */
export function resnet50Layers(): LayerSpec[] {
  const l: LayerSpec[] = [conv(64, 7, 2, true, 'stem'), { type: 'maxpool', name: 'stem.pool', kernel: 3, stride: 2, pad: 1 }];
  let prev = 'stem.pool';
  [[3, 64], [4, 128], [6, 256], [3, 512]].forEach(([blocks, width], stage) => {
    for (let b = 0; b < blocks; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const p = `s${stage + 1}b${b + 1}`;
      let shortcut = prev;
      if (b === 0) {
        // projection shortcut from the block input; the main path then reads the block input again
        l.push({ type: 'conv2d', name: `${p}.proj`, input: prev, outChannels: width * 4, kernel: 1, stride, pad: 0, relu: false });
        shortcut = `${p}.proj`;
      }
      l.push({ ...conv(width, 1, 1, true, `${p}.a`), input: prev } as LayerSpec, conv(width, 3, stride, true, `${p}.b`), conv(width * 4, 1, 1, false, `${p}.c`));
      l.push({ type: 'residual', name: `${p}.add`, from: shortcut, relu: true });
      prev = `${p}.add`;
    }
  });
  l.push({ type: 'globalavgpool', name: 'gap' }, { type: 'dense', name: 'fc', units: 1000, relu: false });
  return l;
}
