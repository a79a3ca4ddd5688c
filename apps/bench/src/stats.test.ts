import { describe, expect, it } from 'vitest';
import { median, quantile, summarize, timeRepeated } from './stats';

describe('stats', () => {
  it('median of odd and even samples, unsorted input untouched', () => {
    const xs = [3, 1, 2];
    expect(median(xs)).toBe(2);
    expect(xs).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });

  it('quantile matches NumPy percentile (linear) values', () => {
    // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
    const xs = [4, 2, 1, 3];
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile(xs, 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile(xs, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile(xs, 1)).toBe(4);
    expect(() => quantile(xs, 1.5)).toThrow(/\[0, 1\]/);
  });

  it('summarize gives median, min, max and the IQR relative to the median', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s.medianS).toBe(3);
    expect(s.minS).toBe(1);
    expect(s.maxS).toBe(5);
    // quartiles 2 and 4: IQR 2 over median 3
    expect(s.iqrPct).toBeCloseTo((100 * 2) / 3, 10);
    expect(summarize([7]).iqrPct).toBe(0);
  });

  it('timeRepeated warms up once and then times `repeat` executions', () => {
    let calls = 0;
    const t = timeRepeated(4, () => {
      calls++;
    });
    expect(calls).toBe(5);
    expect(t.samples).toHaveLength(4);
    expect(t.minS).toBeGreaterThanOrEqual(0);
  });
});

describe('Brian2 OpenMP wait policy', () => {
  it('passive waits only when the machine is oversubscribed; the user setting wins', async () => {
    const { ompWaitPolicy } = await import('./brian2Runner');
    expect(ompWaitPolicy({}, 3.5, 2)).toBe('PASSIVE');
    expect(ompWaitPolicy({}, 1.2, 2)).toBe('default');
    expect(ompWaitPolicy({ OMP_WAIT_POLICY: 'ACTIVE' }, 9, 2)).toBe('ACTIVE');
  });
});
