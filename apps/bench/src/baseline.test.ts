import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, loadBaseline, updatedBaseline, type Baseline } from './baseline';
import type { BenchRow } from './types';

const baseline: Baseline = {
  meta: {},
  entries: {
    'snn/ring': { wallMedianS: 1, eventsPerS: 100, parallelEfficiency: 0.9, neurons: 20, peakRssMiB: 100 },
    'snn/gone': { wallMedianS: 1 },
    'router/kernel': { packetsPerSecondMedian: 1e6, medianMs: 10, firstRunMs: 50, entriesAfter: 30 },
  },
};

describe('baseline', () => {
  it('reports ratios per metric, with "worse" oriented by the metric', () => {
    const results: Record<string, BenchRow[]> = {
      snn: [
        { name: 'ring', metrics: { wallMedianS: 2, eventsPerS: 50, parallelEfficiency: 0.9, neurons: 40, peakRssMiB: 110 } },
        { name: 'new case', metrics: { wallMedianS: 5 } },
      ],
    };
    const cmp = compareWithBaseline(results, baseline, 1.25);
    const by = Object.fromEntries(cmp.map((c) => [c.metric, c]));
    expect(Object.keys(by).sort()).toEqual(['eventsPerS', 'parallelEfficiency', 'peakRssMiB', 'wallMedianS']); // sizes are not compared
    expect(by.wallMedianS).toMatchObject({ ratio: 2, worse: 2, regression: true });
    expect(by.eventsPerS).toMatchObject({ ratio: 0.5, worse: 2, regression: true });
    expect(by.parallelEfficiency).toMatchObject({ ratio: 1, worse: 1, regression: false });
    expect(by.peakRssMiB.ratio).toBeCloseTo(1.1, 12);
    expect(by.peakRssMiB.regression).toBe(false);
  });

  it('follows the suites’ naming: rates per second higher, median milliseconds lower; first runs and sizes ignored', () => {
    const cmp = compareWithBaseline({ router: [{ name: 'kernel', metrics: { packetsPerSecondMedian: 2e6, medianMs: 20, firstRunMs: 500, entriesAfter: 60 } }] }, baseline);
    const by = Object.fromEntries(cmp.map((c) => [c.metric, c]));
    expect(Object.keys(by).sort()).toEqual(['medianMs', 'packetsPerSecondMedian']);
    expect(by.packetsPerSecondMedian).toMatchObject({ ratio: 2, worse: 0.5, regression: false });
    expect(by.medianMs).toMatchObject({ ratio: 2, worse: 2, regression: true });
  });

  it('an improvement is not a regression', () => {
    const cmp = compareWithBaseline({ snn: [{ name: 'ring', metrics: { wallMedianS: 0.5, eventsPerS: 300 } }] }, baseline);
    expect(cmp.every((c) => !c.regression && c.worse < 1)).toBe(true);
  });

  it('updating keeps other entries and replaces this run’s cases', () => {
    const next = updatedBaseline(baseline, { snn: [{ name: 'ring', metrics: { wallMedianS: 3 } }] }, { date: 'x' });
    expect(next.entries['snn/ring']).toEqual({ wallMedianS: 3 });
    expect(next.entries['snn/gone']).toEqual({ wallMedianS: 1 });
    expect(next.meta).toEqual({ date: 'x' });
  });

  it('quick runs have their own entries: a quick case never compares with the full case of the same name', () => {
    const quickRun = { snn: [{ name: 'ring', metrics: { wallMedianS: 0.1 } }] };
    expect(compareWithBaseline(quickRun, baseline, 1.25, true)).toEqual([]);
    const next = updatedBaseline(baseline, quickRun, {}, true);
    expect(next.entries['snn/ring']).toEqual(baseline.entries['snn/ring']);
    expect(next.entries['snn/ring #quick']).toEqual({ wallMedianS: 0.1 });
    expect(compareWithBaseline(quickRun, next, 1.25, true)).toHaveLength(1);
  });

  it('a missing file is no baseline; a malformed one is an error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
    expect(loadBaseline(join(dir, 'none.json'))).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"meta": {}}');
    expect(() => loadBaseline(bad)).toThrow(new RegExp(`${bad}.*entries`));
    writeFileSync(bad, '{not json');
    expect(() => loadBaseline(bad)).toThrow(/not valid JSON/);
  });
});
