import { performance } from 'node:perf_hooks';
import { startPeakProbe } from './peakMemory';
import { scalingMetrics, scalingThreadCounts } from './scaling';
import { summarize } from './stats';
import type { BenchRow, CaseOutcome } from './types';

/** One execution of a case; may return what it did so that the harness derives rates. */
export type CaseRun = () => CaseOutcome | void | Promise<CaseOutcome | void>;

export interface MeasureOptions {
  repeat: number;
  /** Run once before the measured repeats (JIT, caches); default true. Not counted in the timing or the peak. */
  warmup?: boolean;
}

/** The harness's standard metrics from wall-time samples and what the last execution reported. */
export function caseMetrics(samples: number[], outcome: CaseOutcome, peakRssMiB?: number, startRssMiB?: number): Record<string, number> {
  const t = summarize(samples);
  const m: Record<string, number> = { wallMedianS: t.medianS, wallMinS: t.minS, wallMaxS: t.maxS, wallIqrPct: t.iqrPct, repeats: samples.length };
  if (outcome.bioS !== undefined && outcome.bioS > 0) m.realTimeFactor = t.medianS / outcome.bioS;
  if (outcome.events !== undefined) m.eventsPerS = outcome.events / t.medianS;
  if (peakRssMiB !== undefined) m.peakRssMiB = peakRssMiB;
  if (startRssMiB !== undefined) m.startRssMiB = startRssMiB;
  return { ...m, ...outcome.metrics };
}

/**
 * Measures one case: a warm-up, then `repeat` timed executions; wall median and spread, real-time factor and events
 * per second (when the case reports bioS and events), and the peak RSS over the timed executions (the kernel's
 * high-water mark, reset at the start; see peakMemory.ts). Suites call this so that every row has the same metrics.
 */
export async function measureCase(name: string, opts: MeasureOptions, run: CaseRun): Promise<BenchRow> {
  if (opts.warmup ?? true) await run();
  const probe = startPeakProbe();
  const samples: number[] = [];
  let outcome: CaseOutcome = {};
  for (let i = 0; i < Math.max(1, opts.repeat); i++) {
    const t0 = performance.now();
    const r = await run();
    samples.push((performance.now() - t0) / 1000);
    if (r) outcome = r;
  }
  const peak = probe.stop();
  const notes = [outcome.notes, outcome.eventsUnit && `events = ${outcome.eventsUnit}`, !peak.resettable && 'peakRssMiB is the process peak so far (VmHWM not resettable here)']
    .filter(Boolean)
    .join('; ');
  return { name, metrics: caseMetrics(samples, outcome, peak.peakRssMiB, probe.startRssMiB), ...(notes ? { notes } : {}) };
}

/**
 * Measures a case at each thread count (1 is always included and measured first, in the same run) and adds
 * `threads`, `speedup` and `parallelEfficiency` to each row; rows carry `scaling` so the plot draws them as one curve.
 */
export async function measureScaling(name: string, threads: number[], opts: MeasureOptions, run: (threads: number) => ReturnType<CaseRun>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let oneThreadS = NaN;
  for (const n of scalingThreadCounts(threads)) {
    const row = await measureCase(`${name} [${n} thread${n > 1 ? 's' : ''}]`, opts, () => run(n));
    if (n === 1) oneThreadS = row.metrics.wallMedianS;
    row.metrics = { threads: n, ...row.metrics, ...scalingMetrics(oneThreadS, row.metrics.wallMedianS, n) };
    row.scaling = { group: name, threads: n };
    rows.push(row);
  }
  return rows;
}
