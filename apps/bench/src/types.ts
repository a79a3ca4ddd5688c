/** What a suite returns: one row per measured case, with named metrics (units in the names). */
export interface BenchRow {
  name: string;
  metrics: Record<string, number>;
  notes?: string;
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
