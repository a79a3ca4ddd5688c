// The harness's public surface: what suites (src/suites/*.ts) use to measure cases the same way.
export type { BenchRow, CaseOutcome, NamedSuite, Suite, SuiteOptions } from './types';
export { median, quantile, summarize, timeRepeated, timeRepeatedAsync, type TimingSummary } from './stats';
export { measureCase, measureScaling, caseMetrics, type CaseRun, type MeasureOptions } from './measure';
export { scalingMetrics, scalingThreadCounts } from './scaling';
export { startPeakProbe, processPeakRssMiB, type PeakProbe } from './peakMemory';
export { compareWithBaseline, loadBaseline, updatedBaseline, baselineKey, type Baseline, type Comparison } from './baseline';
export { ensureBrian2, runBrian2Brunel, type BrunelParams, type BrunelResult, type Brian2Availability } from './brian2Runner';
export { discoverSuites, discoverSuiteEntries, type SuiteEntry } from './suiteRegistry';
