import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prng } from '@s2sim/hardware';
import { poissonTable } from './buildNeuronImage';
import { POISSON_BINS, poissonBins, poissonCount } from './neuronProgram';

describe('Poisson drive draws', () => {
  it('the binned lookup gives the search’s count for every uniform number, bin edges included', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 30, noNaN: true }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 200, maxLength: 200 }), (lambda, rs) => {
        const drive = poissonTable(lambda, 0.1);
        const levels = drive.length - 1;
        const bins = poissonBins(drive, levels);
        const step = 2 ** 32 / POISSON_BINS;
        const edges = Array.from({ length: POISSON_BINS }, (_, b) => [b * step, b * step + step - 1]).flat();
        for (const r of [...rs, ...edges]) {
          const u = r / 2 ** 32;
          const k = bins[(u * POISSON_BINS) | 0];
          expect(k < 0 ? poissonCount(u, drive, levels) : k).toBe(poissonCount(u, drive, levels));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('counts have the Poisson mean and variance (lambda = 2, the Brunel drive per step)', () => {
    const drive = poissonTable(2, 0.1);
    const rng = new Prng().seed(5, 0);
    const u = new Float64Array(200_000);
    rng.fillFloats(u, u.length);
    let sum = 0, sq = 0;
    for (const x of u) {
      const k = poissonCount(x, drive, drive.length - 1);
      sum += k;
      sq += k * k;
    }
    const mean = sum / u.length, variance = sq / u.length - mean * mean;
    expect(Math.abs(mean - 2)).toBeLessThan(0.02); // standard error 0.003
    expect(Math.abs(variance - 2)).toBeLessThan(0.05);
  });
});
