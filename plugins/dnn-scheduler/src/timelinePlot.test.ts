import { describe, expect, it } from 'vitest';
import { Timeline, timelineBars, timelineSpec } from './index';

describe('timeline plot', () => {
  it('keeps every interval when they fit, and merges close ones of the same PE and kind when they do not', () => {
    const t = new Timeline();
    // PE 1: three MAC intervals 10 ns apart, one DMA interval; PE 2: one MAC interval
    for (const s of [0, 110, 220]) t.add(1, s, s + 100, 1);
    t.add(1, 50, 400, 2);
    t.add(2, 0, 300, 1);
    expect(timelineBars(t, 400).bars).toHaveLength(5);
    const merged = timelineBars(t, 400, 3);
    expect(merged.bars).toEqual([
      { pe: 1, startUs: 0, endUs: 0.32, kind: 'mac' },
      { pe: 1, startUs: 0.05, endUs: 0.4, kind: 'dma-in' },
      { pe: 2, startUs: 0, endUs: 0.3, kind: 'mac' },
    ]);
    expect(merged.mergeGapNs).toBeGreaterThanOrEqual(10);
    const spec = timelineSpec(t, 400, 'x') as { data: { values: unknown[] }; encoding: { y: { field: string; title: string } } };
    expect(spec.data.values).toHaveLength(5);
    expect(spec.encoding.y).toMatchObject({ field: 'pe', title: 'PE' });
  });
});
