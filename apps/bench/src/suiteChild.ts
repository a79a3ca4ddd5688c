/**
 * Runs one suite in a fresh process (spawned by runSuite.ts), so that its peak memory, heap and JIT state are its
 * own. argv: <suite module file> <SuiteOptions as JSON> <result file>. Writes {rows, processPeakRssMiB, wallS} or
 * {error} to the result file; suites may log freely to stdout/stderr.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { processPeakRssMiB } from './peakMemory';
import { loadSuite } from './suiteRegistry';
import type { SuiteOptions } from './types';

const [file, optsJson, outFile] = process.argv.slice(2);
const t0 = performance.now();
try {
  const suite = await loadSuite(file);
  if (!suite) throw new Error(`${file} exports no 'suite'`);
  const rows = await suite.run(JSON.parse(optsJson) as SuiteOptions);
  writeFileSync(outFile, JSON.stringify({ rows, processPeakRssMiB: processPeakRssMiB(), wallS: (performance.now() - t0) / 1000 }));
  // Suites may leave worker pools or timers behind; the measurement is done.
  process.exit(0);
} catch (e) {
  writeFileSync(outFile, JSON.stringify({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  process.exit(1);
}
