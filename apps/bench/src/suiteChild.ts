/**
 * Runs one suite module in a fresh process (spawned by runSuite.ts), so that its peak memory, heap and JIT state are
 * its own. argv: <suite module file> <SuiteOptions as JSON> <result file>. Writes a SuiteChildResult to the result
 * file; suites may log freely to stdout/stderr.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { processPeakRssMiB } from './peakMemory';
import { loadSuite } from './suiteRegistry';
import type { SuiteChildResult } from './runSuite';
import type { SuiteOptions } from './types';

const [file, optsJson, outFile] = process.argv.slice(2);
const t0 = performance.now();
const write = (r: SuiteChildResult) => writeFileSync(outFile, JSON.stringify(r));
let suite;
try {
  suite = await loadSuite(file);
} catch (e) {
  write({ error: `cannot import ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
  process.exit(1);
}
if (!suite) {
  write({ noSuite: true });
  process.exit(0);
}
try {
  const rows = await suite.run(JSON.parse(optsJson) as SuiteOptions);
  write({ name: suite.name, description: suite.description, rows, processPeakRssMiB: processPeakRssMiB(), wallS: (performance.now() - t0) / 1000 });
  // Suites may leave worker pools or timers behind; the measurement is done.
  process.exit(0);
} catch (e) {
  write({ name: suite.name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
}
