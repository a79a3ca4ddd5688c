import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { discoverSuites } from './suiteRegistry';
import type { BenchRow } from './types';

const SUITES = Object.fromEntries(await discoverSuites());

function markdown(results: Record<string, BenchRow[]>): string {
  const out: string[] = [];
  for (const [suite, rows] of Object.entries(results)) {
    out.push(`## ${suite}`, '', '| case | metric | value |', '|---|---|---|');
    for (const r of rows) for (const [k, v] of Object.entries(r.metrics)) out.push(`| ${r.name} | ${k} | ${Number.isInteger(v) ? v : v.toPrecision(4)} |`);
    out.push('');
  }
  return out.join('\n');
}

const cli = new Command('bench')
  .option('--suite <names...>', `suites to run (${Object.keys(SUITES).join(', ')})`)
  .option('--repeat <n>', 'repetitions per case (median reported)', (v) => Number(v), 5)
  .option('--threads <list>', 'thread counts, comma-separated', (v) => v.split(',').map(Number), [1, 2])
  .option('--quick', 'small sizes, for a smoke check')
  .option('--out <dir>', 'output folder', 'bench-results')
  .parse();
const opts = cli.opts<{ suite?: string[]; repeat: number; threads: number[]; quick?: boolean; out: string }>();
const names = opts.suite ?? Object.keys(SUITES);
const results: Record<string, BenchRow[]> = {};
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    process.stderr.write(`bench: no suite named '${name}' (suites: ${Object.keys(SUITES).join(', ')})\n`);
    process.exit(2);
  }
  results[name] = await suite.run({ quick: !!opts.quick, repeat: opts.repeat, threads: opts.threads });
}
mkdirSync(opts.out, { recursive: true });
const meta = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, quick: !!opts.quick, repeat: opts.repeat };
writeFileSync(join(opts.out, 'latest.json'), JSON.stringify({ meta, results }, null, 2) + '\n');
writeFileSync(join(opts.out, 'latest.md'), `# s2sim bench (${meta.date}, node ${meta.node}, ${meta.cpus} cpus)\n\n${markdown(results)}`);
process.stdout.write(markdown(results) + '\n');
