import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pngSize, s2sim, svgSize, tempDir } from './s2sim';

describe('s2sim run of a DNN (subprocess)', () => {
  it('ends when the scheduler halts and renders every PE\'s busy intervals to plots/dnn-timeline.svg and .png', () => {
    const out = join(tempDir(), 'dnn');
    const r = s2sim(['run', 'examples/dnn-small-cnn.yaml', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.complete).toBe(true);
    // the scenario allows 1000 ticks of 0.1 ms; the run stops in the tick where the scheduler halts
    expect(result.run.ticks).toBe(Math.floor((result.counts.latencyUs * 1e3) / 1e5) + 1);
    for (const ext of ['svg', 'png']) expect(existsSync(join(out, `plots/dnn-timeline.${ext}`))).toBe(true);
    const svg = readFileSync(join(out, 'plots/dnn-timeline.svg'), 'utf8');
    const { rows } = JSON.parse(readFileSync(join(out, 'dnn/timeline.json'), 'utf8')) as { rows: Array<[number, number, number, string]> };
    // one bar per recorded interval (a small run is not merged), on a PE axis of the scheduler and the 16 workers
    const bars = [...svg.matchAll(/aria-label="time \(µs\): [\d.e-]+; PE: (\d+); endUs: [\d.e-]+; busy with: ([a-z-]+)"/g)].map((m) => [Number(m[1]), m[2]] as const);
    expect(bars).toHaveLength(rows.length);
    expect(svg).toContain("Y-axis titled 'PE' for a discrete scale with 17 values");
    const pes = new Set(bars.map(([pe]) => pe));
    expect([...pes].sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(bars.filter(([pe]) => pe === 0).every(([, kind]) => kind === 'scheduler')).toBe(true);
    for (let pe = 1; pe <= 16; pe++) expect(bars.some(([p, kind]) => p === pe && kind === 'mac')).toBe(true);
    const s = svgSize(svg), p = pngSize(readFileSync(join(out, 'plots/dnn-timeline.png')));
    expect(p).toEqual({ width: Math.round(2 * s.width), height: Math.round(2 * s.height) });
  });
});
