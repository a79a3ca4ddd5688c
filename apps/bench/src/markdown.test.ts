import { describe, expect, it } from 'vitest';
import { comparisonTable, formatNumber, suiteTable } from './markdown';
import { scalingPoints, scalingSvg } from './scalingPlot';

describe('markdown', () => {
  it('formats numbers for people', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1234.5678)).toBe('1235');
    expect(formatNumber(0.061234)).toBe('0.06123');
    expect(formatNumber(123456789)).toBe('1.235e8');
    expect(formatNumber(0.0001234)).toBe('1.234e-4');
    expect(formatNumber(NaN)).toBe('NaN');
  });

  it('a suite table has the standard columns that occur, other metrics and escaped notes', () => {
    const md = suiteTable([
      { name: 'a|b', metrics: { wallMedianS: 2, eventsPerS: 5e8, neurons: 10, repeats: 3 }, notes: 'x | y' },
      { name: 'c', metrics: { wallMedianS: 1 } },
    ]);
    const lines = md.split('\n');
    expect(lines[0]).toBe('| case | wall median (s) | events/s | other metrics | notes |');
    expect(lines[2]).toBe('| a\\|b | 2 | 5.000e8 | neurons=10 | x \\| y |');
    expect(lines[1]).toBe('| --- | ---: | ---: | --- | --- |');
    expect(lines[3]).toBe('| c | 1 |  |  |  |');
    // Rows with none of the standard metrics: no empty column.
    expect(suiteTable([{ name: 'd', metrics: { gmacs: 4 } }]).split('\n')).toEqual(['| case | other metrics | notes |', '| --- | --- | --- |', '| d | gmacs=4 |  |']);
  });

  it('the comparison lists regressions and improvements past the threshold only', () => {
    const md = comparisonTable(
      [
        { suite: 's', case: 'slow', metric: 'wallMedianS', baseline: 1, current: 2, ratio: 2, worse: 2, regression: true },
        { suite: 's', case: 'same', metric: 'wallMedianS', baseline: 1, current: 1.1, ratio: 1.1, worse: 1.1, regression: false },
        { suite: 's', case: 'fast', metric: 'eventsPerS', baseline: 1, current: 3, ratio: 3, worse: 1 / 3, regression: false },
      ],
      1.25,
    );
    expect(md).toMatch(/^3 metrics compared.*1 regressions.*1 improvements/);
    expect(md).toContain('| s | slow | wallMedianS | 1 | 2 | 2 | REGRESSION (2x worse) |');
    expect(md).toContain('| s | fast | eventsPerS | 1 | 3 | 3 | better (3x) |');
    expect(md).not.toContain('| same |');
  });
});

describe('scaling plot', () => {
  it('collects the scaling rows and renders an SVG naming each series', async () => {
    const pts = scalingPoints({
      runtime: [
        { name: 'busy [1]', metrics: { speedup: 1, parallelEfficiency: 1 }, scaling: { group: 'busy board', threads: 1 } },
        { name: 'busy [2]', metrics: { speedup: 1.8, parallelEfficiency: 0.9 }, scaling: { group: 'busy board', threads: 2 } },
        { name: 'not scaling', metrics: { wallMedianS: 1 } },
      ],
      own: [
        { name: 'idle, 1 thread', metrics: { threads: 1, speedup: 1 } },
        { name: 'idle, 2 threads', metrics: { threads: 2, speedup: 1.5, parallelEfficiencyPct: 75 } },
      ],
    });
    expect(pts).toEqual([
      { series: 'runtime: busy board', threads: 1, speedup: 1, parallelEfficiency: 1 },
      { series: 'runtime: busy board', threads: 2, speedup: 1.8, parallelEfficiency: 0.9 },
      { series: 'own: idle', threads: 1, speedup: 1, parallelEfficiency: 1 },
      { series: 'own: idle', threads: 2, speedup: 1.5, parallelEfficiency: 0.75 },
    ]);
    const svg = await scalingSvg(pts);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('runtime: busy board');
    expect(svg).toContain('parallel efficiency');
  });
});
