/** What a suite returns: one row per measured case, with named metrics (units in the names). */
export interface BenchRow {
  name: string;
  metrics: Record<string, number>;
  notes?: string;
}

export interface SuiteOptions {
  quick: boolean;
  repeat: number;
}

export type Suite = (opts: SuiteOptions) => Promise<BenchRow[]>;
