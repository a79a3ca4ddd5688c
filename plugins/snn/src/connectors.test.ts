import { describe, expect, it } from 'vitest';
import { Prng } from '@s2sim/hardware';
import { drawValue, expandConnector } from './connectors';
import { projectionSchema, type Population, type Projection } from './model';

const pop = (name: string, size: number) => ({ name, size, model: 'IF_curr_exp', record: [] }) as unknown as Population;
const proj = (connector: unknown, extra: Record<string, unknown> = {}) => projectionSchema.parse({ pre: 'a', post: 'b', connector, ...extra }) as Projection;

describe('connectors', () => {
  it('fixedNumberPre: every post neuron gets exactly n distinct pre neurons, reproducibly from the seed', () => {
    const set = expandConnector(proj({ type: 'fixedNumberPre', n: 30 }), pop('a', 100), pop('b', 50), 0, 7, 0.1);
    expect(set.length).toBe(50 * 30);
    for (let j = 0; j < 50; j++) {
      const pres = new Set<number>();
      for (let c = set.postStart[j]; c < set.postStart[j + 1]; c++) pres.add(set.pre[c]);
      expect(pres.size).toBe(30);
    }
    const again = expandConnector(proj({ type: 'fixedNumberPre', n: 30 }), pop('a', 100), pop('b', 50), 0, 7, 0.1);
    expect(Array.from(again.pre.subarray(0, again.length))).toEqual(Array.from(set.pre.subarray(0, set.length)));
    const other = expandConnector(proj({ type: 'fixedNumberPre', n: 30 }), pop('a', 100), pop('b', 50), 0, 8, 0.1);
    expect(Array.from(other.pre.subarray(0, other.length))).not.toEqual(Array.from(set.pre.subarray(0, set.length)));
  });

  it('fixedNumberPost without self connections: each pre reaches n others', () => {
    const a = pop('a', 40);
    const set = expandConnector({ ...proj({ type: 'fixedNumberPost', n: 39, allow_self_connections: false }), post: 'a' }, a, a, 0, 1, 0.1);
    expect(set.length).toBe(40 * 39);
    for (let c = 0; c < set.length; c++) expect(set.pre[c]).not.toBe(set.postOf(c));
    // stored by post neuron (a stable sort of the pre-major draw): each post neuron gets its connections in pre order
    for (let j = 0; j < 40; j++) {
      expect(set.postStart[j + 1] - set.postStart[j]).toBe(39);
      for (let c = set.postStart[j] + 1; c < set.postStart[j + 1]; c++) expect(set.pre[c]).toBeGreaterThan(set.pre[c - 1]);
    }
  });

  it('fixedProbability: the count is binomial (within 5 sigma) and self connections can be excluded', () => {
    const a = pop('a', 300);
    const set = expandConnector({ ...proj({ type: 'fixedProbability', p_connect: 0.1, allow_self_connections: false }), post: 'a' }, a, a, 0, 3, 0.1);
    const n = 300 * 299, mean = n * 0.1, sd = Math.sqrt(n * 0.1 * 0.9);
    expect(Math.abs(set.length - mean)).toBeLessThan(5 * sd);
    for (let c = 0; c < set.length; c++) expect(set.pre[c]).not.toBe(set.postOf(c));
  });

  it('fixedProbability draws as the plain loop over (post, pre) pairs with nextFloat() < p, weight then delay on each hit', () => {
    const a = pop('a', 60), b = pop('b', 45);
    const p = proj({ type: 'fixedProbability', p_connect: 0.2 }, { weight: { normal: { mean: 1, std: 0.5 }, min: 0 }, delay: { uniform: { low: 0.1, high: 3 } } });
    const set = expandConnector(p, a, b, 4, 9, 0.1);
    // Reference: the stream of projection 4 under seed 9, drawn one pair at a time through the Prng object.
    const rng = new Prng().seed(9, 0x5eed0000 + 4);
    const want: number[][] = [];
    for (let j = 0; j < 45; j++) {
      for (let i = 0; i < 60; i++) {
        if (rng.nextFloat() >= 0.2) continue;
        const w = drawValue({ normal: { mean: 1, std: 0.5 }, min: 0 }, rng);
        const d = 0.1 + 2.9 * rng.nextFloat();
        want.push([i, j, Math.fround(w), Math.max(1, Math.round(Math.fround(d) / 0.1))]);
      }
    }
    const got = Array.from({ length: set.length }, (_, c) => [set.pre[c], set.postOf(c), set.weight[c], set.delayTicks[c]]);
    expect(got).toEqual(want);
  });

  it('allToAll, oneToOne, and weight / delay distributions within their bounds', () => {
    expect(expandConnector(proj({ type: 'allToAll' }), pop('a', 7), pop('b', 9), 0, 1, 0.1).length).toBe(63);
    const one = expandConnector(proj({ type: 'oneToOne' }, { weight: { normal: { mean: 2, std: 1 }, min: 0.5, max: 3 }, delay: { uniform: { low: 1, high: 2 } } }), pop('a', 500), pop('b', 500), 0, 1, 0.1);
    expect(one.length).toBe(500);
    let sum = 0;
    for (let c = 0; c < 500; c++) {
      expect(one.pre[c]).toBe(one.postOf(c));
      expect(one.weight[c] >= 0.5 && one.weight[c] <= 3).toBe(true);
      expect(one.delayTicks[c] >= 10 && one.delayTicks[c] <= 20).toBe(true); // 1..2 ms in steps of 0.1 ms
      sum += one.weight[c];
    }
    expect(sum / 500).toBeGreaterThan(1.7); // a normal(2, 1) clipped to [0.5, 3] has mean near 1.9
    expect(sum / 500).toBeLessThan(2.05);
  });

  it('conv2d equals a direct dense 2-D convolution (stride 2, padding 1), written independently here', () => {
    const [C, H, W] = [2, 6, 5];
    const kernel = [0, 1, 2].map((o) => [0, 1].map((i) => [0, 1, 2].map((y) => [0, 1, 2].map((x) => ((o * 7 + i * 5 + y * 3 + x) % 4) - 1.5))));
    const stride: [number, number] = [2, 2], padding: [number, number] = [1, 1];
    const OH = Math.floor((H + 2 - 3) / 2) + 1, OW = Math.floor((W + 2 - 3) / 2) + 1;
    const set = expandConnector(proj({ type: 'conv2d', in_shape: [C, H, W], kernel, stride, padding }), pop('a', C * H * W), pop('b', 3 * OH * OW), 0, 1, 0.1);
    // Dense reference: out[o][y][x] = sum_i,ky,kx in[i][2y-1+ky][2x-1+kx] * k[o][i][ky][kx]; read off the matrix.
    const dense = new Map<string, number>();
    for (let o = 0; o < 3; o++) for (let y = 0; y < OH; y++) for (let x = 0; x < OW; x++) {
      for (let i = 0; i < C; i++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
        const iy = 2 * y - 1 + ky, ix = 2 * x - 1 + kx;
        if (iy < 0 || ix < 0 || iy >= H || ix >= W || kernel[o][i][ky][kx] === 0) continue;
        const key = `${(i * H + iy) * W + ix}->${(o * OH + y) * OW + x}`;
        dense.set(key, (dense.get(key) ?? 0) + kernel[o][i][ky][kx]);
      }
    }
    const got = new Map<string, number>();
    for (let c = 0; c < set.length; c++) got.set(`${set.pre[c]}->${set.postOf(c)}`, (got.get(`${set.pre[c]}->${set.postOf(c)}`) ?? 0) + set.weight[c]);
    expect(got).toEqual(dense);
  });

  it('errors name the projection, the neuron and the size', () => {
    expect(() => expandConnector(proj({ type: 'fromList', connections: [[0, 12, 1, 1]] }), pop('a', 5), pop('b', 10), 3, 1, 1)).toThrow(/projections\[3\] \(a -> b\): connections\[0\]: post 12 \(size of 'b' is 10\)/);
    expect(() => expandConnector(proj({ type: 'fixedNumberPre', n: 11 }), pop('a', 10), pop('b', 10), 0, 1, 1)).toThrow(/n = 11 exceeds the 10 neurons available/);
    expect(() => expandConnector(proj({ type: 'oneToOne' }, { delay: 0.25 }), pop('a', 3), pop('b', 3), 2, 1, 0.1)).toThrow(/projections\[2\] \(a -> b\): delay 0.25 ms is not a whole number of 0.1 ms time steps/);
    expect(() => expandConnector(proj({ type: 'oneToOne' }, { delay: 30 }), pop('a', 3), pop('b', 3), 0, 1, 0.1)).toThrow(/300 time steps .* use delays of at most 25.5/);
  });
});
