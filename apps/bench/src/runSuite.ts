import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { processPeakRssMiB } from './peakMemory';
import { loadSuite } from './suiteRegistry';
import type { BenchRow, SuiteOptions } from './types';

export interface SuiteRun {
  name: string;
  description: string;
  rows: BenchRow[];
  /** Peak RSS of the process that ran the suite (its own child process when isolated). */
  processPeakRssMiB: number;
  wallS: number;
}

/** What suiteChild.ts writes: a run, a module without `suite`, or an error (with the suite's name once known). */
export type SuiteChildResult = SuiteRun | { noSuite: true } | { error: string; name?: string };

const CHILD = fileURLToPath(new URL('./suiteChild.ts', import.meta.url));

/**
 * Runs the suite of one module in its own Node process (with --expose-gc, so cases start from a collected heap), or
 * in this one when `isolate` is false. Returns undefined when the module exports no suite. A suite that fails to
 * import, throws, crashes or passes `timeoutS` is an Error naming it; the caller goes on with the others.
 * The module is imported only in the child: the parent never pays for (or is broken by) the suites' imports.
 */
export async function runSuiteFile(file: string, opts: SuiteOptions, isolate: boolean, timeoutS?: number): Promise<SuiteRun | undefined> {
  if (!isolate) {
    const t0 = performance.now();
    const suite = await loadSuite(file);
    if (!suite) return undefined;
    const rows = await suite.run(opts);
    return { name: suite.name, description: suite.description, rows, processPeakRssMiB: processPeakRssMiB(), wallS: (performance.now() - t0) / 1000 };
  }
  const dir = mkdtempSync(join(tmpdir(), 's2sim-bench-'));
  const out = join(dir, 'result.json');
  try {
    const code = await new Promise<number | string>((resolve, reject) => {
      // The child's stdout goes to our stderr: our stdout carries only the final report.
      const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, file, JSON.stringify(opts), out], { stdio: ['ignore', process.stderr, process.stderr] });
      const timer = timeoutS ? setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000) : undefined;
      child.on('error', reject);
      child.on('exit', (c, sig) => {
        if (timer) clearTimeout(timer);
        resolve(c ?? `signal ${sig}${sig === 'SIGKILL' && timeoutS ? ` (over the ${timeoutS} s limit)` : ''}`);
      });
    });
    let res: SuiteChildResult;
    try {
      res = JSON.parse(readFileSync(out, 'utf8')) as SuiteChildResult;
    } catch {
      throw new Error(`${file} ended with ${code} and wrote no result`);
    }
    if ('noSuite' in res) return undefined;
    if ('error' in res) throw new Error(res.error);
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
