import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { compareWithBaseline, loadBaseline, updatedBaseline, type Comparison } from './baseline';
import { benchReport, suiteTable } from './markdown';
import { runSuiteFile } from './runSuite';
import { scalingPoints, scalingSvg } from './scalingPlot';
import { discoverSuiteEntries, suiteFiles, type BrokenSuite } from './suiteRegistry';
import type { BenchRow } from './types';

const FILES = suiteFiles();
const STEMS = new Map(FILES.map((f) => [basename(f, '.ts'), f]));

/** Files to run for the requested names: a name is a file stem (no import needed) or, failing that, a suite's name. */
async function selectFiles(requested: string[] | undefined): Promise<{ files: string[]; unknown: string[] }> {
  if (!requested) return { files: FILES, unknown: [] };
  const files: string[] = [];
  const unknown: string[] = [];
  let byName: Map<string, string> | undefined;
  for (const name of requested) {
    let file = STEMS.get(name);
    if (!file) {
      byName ??= new Map([...(await discoverSuiteEntries([]))].map(([n, e]) => [n, e.file]));
      file = byName.get(name);
    }
    if (file) files.push(file);
    else unknown.push(name);
  }
  return { files: [...new Set(files)], unknown };
}

function positiveInt(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} wants a positive integer, got '${v}'`);
    return n;
  };
}

function threadList(v: string): number[] {
  const list = v.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`--threads wants positive integers separated by commas (e.g. 1,2,4), got '${v}'`);
  return list;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

const cli = new Command('bench')
  .description('s2sim benchmarks: each suite in its own process; results, a markdown table and a scaling plot in --out')
  .option('--suite <names...>', `suites to run (default all: ${[...STEMS.keys()].join(', ')})`)
  .option('--repeat <n>', 'timed repetitions per case after one warm-up; median and spread reported (default 5, quick 3)', positiveInt('--repeat'))
  .option('--threads <list>', 'thread counts for scaling cases, comma-separated; 1 is always measured as the reference', threadList, [1, 2])
  .option('--quick', 'small sizes: a smoke check of every suite in under two minutes')
  .option('--out <dir>', 'output folder', 'bench-results')
  .option('--baseline <file>', 'baseline to compare with (ratios per case and metric)', 'bench-results/baseline.json')
  .option('--save-baseline', 'write this run into the baseline file (cases of this run replace their old entries)')
  .option('--threshold <ratio>', 'a metric this many times worse than the baseline is a regression', (v) => Number(v), 1.25)
  .option('--fail-on-regression', 'exit with status 3 when a regression is found')
  .option('--no-isolate', 'run suites in this process (peak memory then mixes suites)')
  .option('--timeout <s>', 'kill a suite that runs longer than this many seconds', positiveInt('--timeout'))
  .option('--list', 'list the suites and exit')
  .parse();
const opts = cli.opts<{ suite?: string[]; repeat?: number; threads: number[]; quick?: boolean; out: string; baseline: string; saveBaseline?: boolean; threshold: number; failOnRegression?: boolean; isolate: boolean; timeout?: number; list?: boolean }>();

if (opts.list) {
  const broken: BrokenSuite[] = [];
  for (const [name, e] of await discoverSuiteEntries(broken)) process.stdout.write(`${name.padEnd(12)} ${e.suite.description}\n`);
  for (const b of broken) process.stdout.write(`${b.name.padEnd(12)} BROKEN: ${b.error}\n`);
  process.exit(0);
}
const { files, unknown } = await selectFiles(opts.suite);
if (unknown.length) {
  process.stderr.write(`bench: no suite named ${unknown.map((n) => `'${n}'`).join(', ')} (suites: ${[...STEMS.keys()].join(', ')}; --list shows their names)\n`);
  process.exit(2);
}
const loadAvgAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const quick = !!opts.quick;
const repeat = opts.repeat ?? (quick ? 3 : 5);
const t0 = performance.now();
const results: Record<string, BenchRow[]> = {};
const descriptions: Record<string, string> = {};
const failures: Record<string, string> = {};
const suiteMeta: Record<string, { wallS: number; processPeakRssMiB: number }> = {};
for (const file of files) {
  const stem = basename(file, '.ts');
  process.stderr.write(`bench: ${stem} ...\n`);
  try {
    const r = await runSuiteFile(file, { quick, repeat, threads: opts.threads }, opts.isolate, opts.timeout);
    if (!r) continue; // a helper module in src/suites without a suite
    // Rows that did not measure their own peak get their suite process's peak, under a name that says so.
    results[r.name] = r.rows.map((row) => (Object.keys(row.metrics).length && !('peakRssMiB' in row.metrics) ? { ...row, metrics: { ...row.metrics, suitePeakRssMiB: r.processPeakRssMiB } } : row));
    descriptions[r.name] = r.description;
    suiteMeta[r.name] = { wallS: r.wallS, processPeakRssMiB: r.processPeakRssMiB };
    process.stderr.write(`bench: ${r.name} done in ${r.wallS.toFixed(1)} s\n${suiteTable(results[r.name])}\n`);
  } catch (e) {
    failures[stem] = (e as Error).message;
    process.stderr.write(`bench: ${stem} FAILED: ${(e as Error).message}\n`);
  }
}
const totalS = (performance.now() - t0) / 1000;

mkdirSync(opts.out, { recursive: true });
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const meta = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpuModel(), loadAvg: loadavg().map((l) => Number(l.toFixed(2))), loadAvgAtStart, quick, repeat, threads: opts.threads, command, totalS, suites: suiteMeta };
const baseline = loadBaseline(opts.baseline);
let comparison: { cmp: Comparison[]; threshold: number } | undefined;
if (baseline) comparison = { cmp: compareWithBaseline(results, baseline, opts.threshold, quick), threshold: opts.threshold };
const points = scalingPoints(results);
let plot: string | undefined;
if (points.length) {
  writeFileSync(join(opts.out, 'scaling.svg'), await scalingSvg(points));
  plot = 'scaling.svg';
}
writeFileSync(join(opts.out, 'latest.json'), JSON.stringify({ meta, results, failures, comparison }, null, 2) + '\n');
const report = benchReport({ meta, descriptions, results, failures, comparison, plot });
writeFileSync(join(opts.out, 'latest.md'), report + `\nTotal ${totalS.toFixed(1)} s.\n`);
if (opts.saveBaseline) {
  writeFileSync(opts.baseline, JSON.stringify(updatedBaseline(baseline, results, meta, quick), null, 2) + '\n');
  process.stderr.write(`bench: baseline written to ${opts.baseline}\n`);
}
process.stdout.write(report + '\n');
process.stderr.write(`bench: ${Object.keys(results).length} suites run, ${Object.keys(failures).length} failed, in ${totalS.toFixed(1)} s; results in ${relative(process.cwd(), opts.out) || '.'}/latest.{json,md}${plot ? ', scaling.svg' : ''}\n`);
if (quick && totalS > 120) process.stderr.write(`bench: warning: --quick took ${totalS.toFixed(0)} s, over its two-minute budget\n`);
const regressions = comparison?.cmp.filter((c) => c.regression).length ?? 0;
process.exit(Object.keys(failures).length ? 1 : opts.failOnRegression && regressions ? 3 : 0);
