import { describe, expect, it } from 'vitest';
import { expandConnectors } from './expandConnectors';
import { microcircuitModel } from './microcircuit';
import { snnModelSchema, type Population, type SnnModel } from './model';

// Potjans & Diesmann (2014) Table 5, written out here again: population sizes and connection probabilities
// (target row, source column: L2/3E L2/3I L4E L4I L5E L5I L6E L6I).
const N = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];
const P = [
  [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0, 0.0076, 0],
  [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0, 0.0042, 0],
  [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0],
  [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0, 0.1057, 0],
  [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0],
  [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0],
  [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
  [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

describe('microcircuitModel', () => {
  it('full scale: 77,169 neurons, one projection per non-zero probability of Table 5', () => {
    const m = microcircuitModel();
    expect(m.populations!.reduce((s, p) => s + (p.size as number), 0)).toBe(77169);
    expect(m.projections!.length).toBe(P.flat().filter((p) => p > 0).length);
  });

  it('columns are independent copies; v0 picks the initial potentials', () => {
    const m = microcircuitModel({ scale: 0.01, columns: 3 });
    expect(m.populations!.map((p) => p.name)).toContain('c2_L6I');
    expect(m.populations!.length).toBe(24);
    for (const pr of m.projections!) expect(pr.pre.split('_')[0]).toBe(pr.post.split('_')[0]);
    const v = (o: object) => (microcircuitModel(o).populations![0].initial_values as { v: { normal: { mean: number; std: number } } }).v.normal;
    expect(v({})).toEqual({ mean: -68.28, std: 5.36 }); // NEST's microcircuit example, 'optimized'
    expect(v({ v0: 'original' })).toEqual({ mean: -58, std: 10 });
  });

  it('the drawn synapse count of each projection is binomial around p x N_pre x N_post (within 5 sigma)', { timeout: 30_000 }, () => {
    const scale = 0.05;
    const { timestepMs, ...input } = microcircuitModel({ scale });
    const model = snnModelSchema.parse(input) as unknown as SnnModel;
    const pops = new Map<string, Population>(model.populations.map((p) => [p.name, p]));
    const sets = expandConnectors(model.projections, pops, 1, timestepMs, { threads: 1 });
    const size = N.map((n) => Math.round(n * scale));
    const names = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];
    model.projections.forEach((pr, i) => {
      const t = names.indexOf(pr.post), s = names.indexOf(pr.pre);
      const n = size[t] * size[s], p = P[t][s];
      expect(Math.abs(sets[i].length - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)) + 1);
    });
  });
});
