// Standalone runner: node --import tsx apps/bench/src/suites/router.main.ts [--quick] [--repeat N] [--only compress,cold,kernel,trees]
import { routerSuite, type RouterBenchPart } from './router';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const r = args.indexOf('--repeat');
const repeat = r >= 0 ? Number(args[r + 1]) : 5;
const o = args.indexOf('--only');
const only = o >= 0 ? (args[o + 1].split(',') as RouterBenchPart[]) : undefined;
const results = await routerSuite({ quick, repeat, only });
console.log(JSON.stringify(results, null, 2));
const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v >= 1e5 ? v.toExponential(3) : v.toFixed(3));
console.log('\n| benchmark | metrics | notes |\n|---|---|---|');
for (const b of results)
  console.log(`| ${b.name} | ${Object.entries(b.metrics).map(([k, v]) => `${k}=${fmt(v)}`).join(', ')} | ${b.notes ?? ''} |`);
