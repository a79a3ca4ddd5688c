import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { processPeakRssMiB } from './peakMemory';
import type { SuiteEntry } from './suiteRegistry';
import type { BenchRow, SuiteOptions } from './types';

export interface SuiteRun {
  rows: BenchRow[];
  /** Peak RSS of the process that ran the suite (its own child process when isolated). */
  processPeakRssMiB: number;
  wallS: number;
}

const CHILD = fileURLToPath(new URL('./suiteChild.ts', import.meta.url));

/**
 * Runs a suite in its own Node process (with --expose-gc, so cases start from a collected heap), or in this one when
 * `isolate` is false. A suite that throws, crashes or passes `timeoutS` is an Error naming it; the others go on.
 */
export async function runSuite(entry: SuiteEntry, opts: SuiteOptions, isolate: boolean, timeoutS?: number): Promise<SuiteRun> {
  if (!isolate) {
    const t0 = performance.now();
    const rows = await entry.suite.run(opts);
    return { rows, processPeakRssMiB: processPeakRssMiB(), wallS: (performance.now() - t0) / 1000 };
  }
  const dir = mkdtempSync(join(tmpdir(), 's2sim-bench-'));
  const out = join(dir, 'result.json');
  try {
    const code = await new Promise<number | string>((resolve, reject) => {
      // The child's stdout goes to our stderr: our stdout carries only the final table.
      const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, entry.file, JSON.stringify(opts), out], { stdio: ['ignore', process.stderr, process.stderr] });
      const timer = timeoutS ? setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000) : undefined;
      child.on('error', reject);
      child.on('exit', (c, sig) => {
        if (timer) clearTimeout(timer);
        resolve(c ?? `signal ${sig}${sig === 'SIGKILL' && timeoutS ? ` (over the ${timeoutS} s limit)` : ''}`);
      });
    });
    let res: Partial<SuiteRun> & { error?: string };
    try {
      res = JSON.parse(readFileSync(out, 'utf8')) as typeof res;
    } catch {
      throw new Error(`suite '${entry.suite.name}' (${entry.file}) ended with ${code} and wrote no result`);
    }
    if (res.error) throw new Error(`suite '${entry.suite.name}' failed: ${res.error}`);
    return res as SuiteRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
