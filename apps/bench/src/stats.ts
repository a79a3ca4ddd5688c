import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `f` once to warm up, then `repeat` times; returns the wall times in seconds, their median and spread. */
export function timeRepeated(repeat: number, f: () => void): { medianS: number; minS: number; maxS: number; samples: number[] } {
  f();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    f();
    samples.push((performance.now() - t0) / 1000);
  }
  return { medianS: median(samples), minS: Math.min(...samples), maxS: Math.max(...samples), samples };
}
