import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { root, s2simP } from './s2sim';

// Graphs written by real SNN frameworks (NIR paper, see fixtures/README.md); their contents are
// described there, which is what these tests check against.
const fixture = (f: string) => join(root, 'fixtures/nir', f);

describe('s2sim nir inspect (subprocess)', async () => {
  const [lif, braille, sub, text] = await Promise.all([
    s2simP(['nir', 'inspect', fixture('lif_norse.nir'), '--json']),
    s2simP(['nir', 'inspect', fixture('braille_noDelay_bias_zero.nir'), '--json']),
    s2simP(['nir', 'inspect', fixture('braille_noDelay_bias_zero_subgraph.nir'), '--json']),
    s2simP(['nir', 'inspect', fixture('cnn_sinabs.nir')]),
  ]);

  it('lif_norse: Input -> Affine(w=1, b=0) -> LIF(tau = 2.5 ms, v_threshold = 0.1) -> Output, NIR 0.1.1', () => {
    expect(lif.status).toBe(0);
    const g = JSON.parse(lif.stdout);
    expect(g.version).toBe('0.1.1');
    const types = g.nodes.map((n: { type: string }) => n.type).sort();
    expect(types).toEqual(['Affine', 'Input', 'LIF', 'Output']);
    const lifNode = g.nodes.find((n: { type: string }) => n.type === 'LIF');
    expect(Number(lifNode.params.tau.summary.split(' ').at(-1))).toBeCloseTo(2.5e-3, 9); // seconds
    expect(lifNode.params.v_threshold.summary).toMatch(/0\.1$/);
    expect(g.edges).toHaveLength(3);
  });

  it('braille: Affine 38x12 -> CubaLIF(38) with a recurrent 38x38 Affine -> Affine 7x38 -> CubaLIF(7)', () => {
    expect(braille.status).toBe(0);
    const g = JSON.parse(braille.stdout);
    const shapes = g.nodes.filter((n: { type: string }) => n.type === 'Affine').map((n: { params: { weight: { shape: number[] } } }) => n.params.weight.shape.join('x')).sort();
    expect(shapes).toEqual(['38x12', '38x38', '7x38']);
    const cuba = g.nodes.filter((n: { type: string }) => n.type === 'CubaLIF').map((n: { params: { tau_mem: { shape: number[] } } }) => n.params.tau_mem.shape[0]).sort((a: number, b: number) => a - b);
    expect(cuba).toEqual([7, 38]);
  });

  it('a nested subgraph is flattened with dotted names, and edges that name no node are reported', () => {
    expect(sub.status).toBe(0);
    const g = JSON.parse(sub.stdout);
    expect(g.nodes.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(['lif1', 'lif1.input', 'lif1.lin', 'lif1.output']));
    expect(g.nodes.find((n: { name: string }) => n.name === 'lif1').type).toBe('NIRGraph');
    for (const w of g.warnings) expect(w).toMatch(/an edge names '.*', which is no node/);
  });

  it('cnn_sinabs as text: Conv2d with its 16x2x5x5 kernel, IF, SumPool2d, Flatten and the 10x256 Affine', () => {
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/NIR 0\.2\.0/);
    expect(text.stdout).toMatch(/Conv2d/);
    expect(text.stdout).toMatch(/weight: \[16x2x5x5\]/);
    expect(text.stdout).toMatch(/SumPool2d/);
    expect(text.stdout).toMatch(/Flatten/);
    expect(text.stdout).toMatch(/weight: \[10x256\]/);
  });
});
