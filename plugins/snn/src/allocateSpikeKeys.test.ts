import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { mapSnn } from './mapper';
import { snnModelSchema, type SnnScenarioModel } from './model';

/** Keys come from the router package's allocator: checked here from the image alone, by brute force. */
describe('spike keys', () => {
  const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50 };
  const model = snnModelSchema.parse({
    populations: [
      { name: 'src', model: 'SpikeSourcePoisson', size: 300, rate: 10, neuronsPerPe: 100 },
      { name: 'a', model: 'IF_curr_exp', size: 700, params: cell, neuronsPerPe: 100 },
      { name: 'b', model: 'IF_curr_exp', size: 90, params: cell, neuronsPerPe: 40 },
    ],
    projections: [
      { pre: 'src', post: 'a', connector: { type: 'fixedNumberPost', n: 50 }, delay: { uniform: { low: 0.1, high: 4 } } },
      { pre: 'a', post: 'b', connector: { type: 'fixedProbability', p_connect: 0.2 }, delay: { uniform: { low: 0.1, high: 2 } } },
      { pre: 'b', post: 'a', connector: { type: 'allToAll' } },
    ],
  }) as SnnScenarioModel;
  const mapping = mapSnn(model, { machine: machinePreset('chip'), tickNs: 1e5, ticks: 10, seed: 2, baseDir: '.' });
  const pieces = mapping.report.pieces;
  const deKeys = mapping.image.pes.filter((p) => p.program === 'snn.DelayExtension').flatMap((p) => Array.from(p.regions.find((r) => r.name === 'keys')!.data as Uint32Array));

  it('each piece and delay stage has its own aligned 2^11-key space, and no two overlap', () => {
    const spaces = [...pieces.map((p) => p.key), ...deKeys];
    expect(deKeys.length).toBeGreaterThan(0);
    for (const p of pieces) expect(p.mask).toBe(0xfffff800);
    for (const k of spaces) expect(k % 2048).toBe(0);
    expect(new Set(spaces).size).toBe(spaces.length);
  });

  it("a population's pieces fill one aligned block of 2^(11 + ceil(log2 pieces)) keys that no other space enters", () => {
    for (const name of ['src', 'a', 'b']) {
      const own = pieces.filter((p) => p.population === name).map((p) => p.key);
      const size = 2048 * 2 ** Math.ceil(Math.log2(own.length));
      const base = Math.min(...own);
      expect(base % size).toBe(0);
      for (const k of own) expect(k - base).toBeLessThan(size);
      const others = [...pieces.filter((p) => p.population !== name).map((p) => p.key), ...deKeys];
      for (const k of others) expect(k >= base && k < base + size).toBe(false);
    }
  });

  it('master population tables list their sources in key order (the PE searches them by bisection)', () => {
    for (const pe of mapping.image.pes.filter((p) => p.program === 'snn.IF_curr_exp')) {
      const mpt = pe.regions.find((r) => r.name === 'mpt')!.data as Uint32Array;
      expect(mpt.length).toBeGreaterThan(0);
      for (let e = 4; e < mpt.length; e += 4) expect(mpt[e]).toBeGreaterThan(mpt[e - 4]);
    }
  });
});
