/** What a suite returns: one row per measured case, with named metrics (units in the names). */
export interface BenchRow {
  name: string;
  metrics: Record<string, number>;
  notes?: string;
  /**
   * Set on rows that belong to a thread-scaling series (measureScaling sets it): rows with the same group are one
   * curve in the scaling plot, `threads` its x value.
   */
  scaling?: { group: string; threads: number };
}

export interface SuiteOptions {
  quick: boolean;
  repeat: number;
  /** Thread counts to measure where a suite scales across threads. */
  threads: number[];
}

export type Suite = (opts: SuiteOptions) => Promise<BenchRow[]>;

/**
 * Every file in src/suites/ that exports `suite: NamedSuite` is found by the runner, so that each package adds its
 * benchmarks by adding one file.
 */
export interface NamedSuite {
  name: string;
  description: string;
  run: Suite;
}

/**
 * What one execution of a case may tell the harness, so that it derives the standard metrics: `bioS` (simulated
 * biological/model time, seconds) gives realTimeFactor = wall / bioS; `events` (the case's own unit of work:
 * synaptic events, packets, MACs; say which in `eventsUnit`) gives eventsPerS; `metrics` are added as they are.
 */
export interface CaseOutcome {
  bioS?: number;
  events?: number;
  eventsUnit?: string;
  metrics?: Record<string, number>;
  notes?: string;
}
