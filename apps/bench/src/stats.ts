import { performance } from 'node:perf_hooks';

/** Median of a non-empty sample (mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty sample');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Linear-interpolation quantile (type 7, as R's default and NumPy's `linear`), q in [0, 1]. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** What a repeated timing reports: the median and the spread of the samples, in seconds. */
export interface TimingSummary {
  medianS: number;
  minS: number;
  maxS: number;
  /** Interquartile range over the median, in percent: a robust relative spread (0 for a single sample). */
  iqrPct: number;
  samples: number[];
}

export function summarize(samples: number[]): TimingSummary {
  const med = median(samples);
  const iqr = quantile(samples, 0.75) - quantile(samples, 0.25);
  return { medianS: med, minS: Math.min(...samples), maxS: Math.max(...samples), iqrPct: med > 0 ? (100 * iqr) / med : 0, samples };
}

/** Runs `f` once to warm up (JIT, caches), then `repeat` times; returns the wall times in seconds, their median and spread. */
export function timeRepeated(repeat: number, f: () => void): TimingSummary {
  f();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, repeat); i++) {
    const t0 = performance.now();
    f();
    samples.push((performance.now() - t0) / 1000);
  }
  return summarize(samples);
}

/** As timeRepeated, for work that returns a promise (worker threads, child processes). */
export async function timeRepeatedAsync(repeat: number, f: () => Promise<unknown>, warmup = true): Promise<TimingSummary> {
  if (warmup) await f();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, repeat); i++) {
    const t0 = performance.now();
    await f();
    samples.push((performance.now() - t0) / 1000);
  }
  return summarize(samples);
}
