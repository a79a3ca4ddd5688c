import { describe, expect, it } from 'vitest';
import { measureCase, measureScaling, caseMetrics } from './measure';
import { processPeakRssMiB, startPeakProbe } from './peakMemory';
import { scalingMetrics, scalingThreadCounts } from './scaling';

/** Sleeps without the event loop, as a CPU-bound case would block it. */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('scaling', () => {
  it('speedup is T1/Tn and efficiency speedup/n', () => {
    const m = scalingMetrics(10, 6, 2);
    expect(m.speedup).toBeCloseTo(10 / 6, 12);
    expect(m.parallelEfficiency).toBeCloseTo(10 / 12, 12);
    expect(scalingMetrics(8, 1, 8)).toEqual({ speedup: 8, parallelEfficiency: 1 });
    expect(() => scalingMetrics(0, 1, 2)).toThrow(/positive/);
    expect(() => scalingMetrics(1, 1, 0)).toThrow(/positive integer/);
  });

  it('thread counts always start with the one-thread reference, unique and ascending', () => {
    expect(scalingThreadCounts([4, 2, 2])).toEqual([1, 2, 4]);
    expect(scalingThreadCounts([1])).toEqual([1]);
    expect(() => scalingThreadCounts([1.5])).toThrow(/--threads/);
  });
});

describe('measure', () => {
  it('derives real-time factor and events per second from the median', () => {
    const m = caseMetrics([1, 3, 2], { bioS: 0.5, events: 100, metrics: { neurons: 7 } });
    expect(m.wallMedianS).toBe(2);
    expect(m.realTimeFactor).toBe(4);
    expect(m.eventsPerS).toBe(50);
    expect(m.neurons).toBe(7);
    expect(m.repeats).toBe(3);
  });

  it('measures a case: warm-up not timed, wall time of the work, peak memory of what it allocated', async () => {
    let calls = 0;
    const row = await measureCase('sleep and allocate', { repeat: 3 }, () => {
      calls++;
      sleepMs(20);
      const b = Buffer.alloc(96 * 1024 * 1024);
      b.fill(1); // touch every page so it is resident
      return { bioS: 0.01, events: 1000 };
    });
    expect(calls).toBe(4);
    expect(row.metrics.wallMedianS).toBeGreaterThanOrEqual(0.02);
    expect(row.metrics.realTimeFactor).toBeCloseTo(row.metrics.wallMedianS / 0.01, 10);
    // The kernel's high-water mark saw the 96 MiB buffer (the probe is resettable on Linux).
    if (process.platform === 'linux') expect(row.metrics.peakRssMiB - row.metrics.startRssMiB).toBeGreaterThan(80);
    // A later case resets the counter; the process peak must still remember the earlier one.
    startPeakProbe().stop();
    expect(processPeakRssMiB()).toBeGreaterThanOrEqual(row.metrics.peakRssMiB);
  });

  it('measures a thread series against its own one-thread run', async () => {
    const seen: number[] = [];
    const rows = await measureScaling('ideal sleeper', [2, 4], { repeat: 1, warmup: false }, (n) => {
      seen.push(n);
      sleepMs(80 / n);
    });
    expect(seen).toEqual([1, 2, 4]);
    expect(rows.map((r) => r.scaling)).toEqual([1, 2, 4].map((threads) => ({ group: 'ideal sleeper', threads })));
    expect(rows[0].metrics.speedup).toBe(1);
    // Sleeping 80/n ms scales perfectly; timer and scheduler slack allow some error on a loaded machine.
    expect(rows[1].metrics.speedup).toBeGreaterThan(1.5);
    expect(rows[1].metrics.speedup).toBeLessThan(2.3);
    expect(rows[2].metrics.parallelEfficiency).toBeCloseTo(rows[2].metrics.speedup / 4, 12);
  });
});
