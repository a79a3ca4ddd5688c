import { existsSync, readFileSync } from 'node:fs';
import type { BenchRow } from './types';

/** The committed reference: metrics per `suite/case`, with the machine they came from. */
export interface Baseline {
  meta: Record<string, unknown>;
  entries: Record<string, Record<string, number>>;
}

export interface Comparison {
  suite: string;
  case: string;
  metric: string;
  baseline: number;
  current: number;
  /** current / baseline. */
  ratio: number;
  /** How many times worse than the baseline (> 1 worse, < 1 better), whichever way the metric points. */
  worse: number;
  regression: boolean;
}

/**
 * Metrics compared with the baseline: median times, rates, memory and scaling, by the naming convention of the
 * suites (units in the names). Others (sizes, counts, first-run times, min/max) describe the case or are too noisy.
 */
const COMPARED = /^(wallMedianS|realTimeFactor|peakRssMiB|suitePeakRssMiB|speedup|parallelEfficiency|medianMs|medianS)$|PerS$|PerSecond|MedianMs$|MedianS$|^msPer|^sPer|^speedVs/;
const HIGHER_IS_BETTER = /PerS$|PerSecond|^speedup$|Efficiency$|^speedVs/;

/** Quick and full runs may name a case alike at different sizes, so quick entries carry their own key. */
export function baselineKey(suite: string, caseName: string, quick = false): string {
  return `${suite}/${caseName}${quick ? ' #quick' : ''}`;
}

/** Reads the baseline file; undefined if there is none. A malformed file is an error naming the file. */
export function loadBaseline(path: string): Baseline | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); delete it or write a new one with --save-baseline`);
  }
  const b = raw as Partial<Baseline>;
  if (typeof b !== 'object' || b === null || typeof b.entries !== 'object' || b.entries === null) {
    throw new Error(`${path}: field 'entries' (object of 'suite/case' -> metrics) is missing; write a new one with --save-baseline`);
  }
  return { meta: b.meta ?? {}, entries: b.entries };
}

/** Compares the current rows with the baseline, case by case (matched by suite and case name) and metric by metric. */
export function compareWithBaseline(results: Record<string, BenchRow[]>, baseline: Baseline, threshold = 1.25, quick = false): Comparison[] {
  const out: Comparison[] = [];
  for (const [suite, rows] of Object.entries(results)) {
    for (const row of rows) {
      const ref = baseline.entries[baselineKey(suite, row.name, quick)];
      if (!ref) continue;
      for (const [metric, current] of Object.entries(row.metrics)) {
        const base = ref[metric];
        if (!COMPARED.test(metric) || base === undefined || !(base > 0) || !Number.isFinite(current)) continue;
        const ratio = current / base;
        const worse = HIGHER_IS_BETTER.test(metric) ? 1 / ratio : ratio;
        out.push({ suite, case: row.name, metric, baseline: base, current, ratio, worse, regression: worse > threshold });
      }
    }
  }
  return out;
}

/** The baseline after this run: the old entries, with this run's measured cases added or replaced (`meta` is the last run's). */
export function updatedBaseline(old: Baseline | undefined, results: Record<string, BenchRow[]>, meta: Record<string, unknown>, quick = false): Baseline {
  const entries = { ...(old?.entries ?? {}) };
  for (const [suite, rows] of Object.entries(results)) for (const row of rows) if (Object.keys(row.metrics).length) entries[baselineKey(suite, row.name, quick)] = row.metrics;
  return { meta, entries: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) };
}
