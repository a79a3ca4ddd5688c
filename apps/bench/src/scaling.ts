/**
 * Thread scaling, the pure part: speedup S(n) = T(1) / T(n) and parallel efficiency E(n) = S(n) / n, where T are
 * median wall times measured in the same run (never against an old one-thread number: the machine's load changes).
 */
export function scalingMetrics(oneThreadS: number, wallS: number, threads: number): { speedup: number; parallelEfficiency: number } {
  if (!(oneThreadS > 0) || !(wallS > 0)) throw new RangeError(`scaling needs positive wall times, got T(1)=${oneThreadS}, T(${threads})=${wallS}`);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`thread count must be a positive integer, got ${threads}`);
  const speedup = oneThreadS / wallS;
  return { speedup, parallelEfficiency: speedup / threads };
}

/** The thread counts to measure: positive integers, unique, ascending, always starting with 1 (the reference). */
export function scalingThreadCounts(requested: number[]): number[] {
  for (const t of requested) {
    if (!Number.isInteger(t) || t < 1) throw new RangeError(`--threads: '${t}' is not a positive integer (e.g. --threads 1,2,4)`);
  }
  return [...new Set([1, ...requested])].sort((a, b) => a - b);
}
