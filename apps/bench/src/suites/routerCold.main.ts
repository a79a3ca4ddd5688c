// Cold-run timing of the compressor in a fresh process (the first call pays for JIT warm-up):
//   node --import tsx apps/bench/src/suites/routerCold.main.ts [unused|preserve]
// Prints entries after compression, wall time and user/system CPU time of the first run, and the second run.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parsePacmanJsonTables, compressOrdered, type UnmatchedKeys } from '@s2sim/router';

const mode = (process.argv[2] ?? 'unused') as UnmatchedKeys;
const file = fileURLToPath(new URL('../../../../fixtures/routing/many_to_one.json.gz', import.meta.url));
const many = parsePacmanJsonTables(gunzipSync(readFileSync(file)).toString('utf8'));
const c0 = process.cpuUsage();
const t0 = performance.now();
const out = many.map((t) => compressOrdered(t, { unmatchedKeys: mode }));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const t1 = performance.now();
many.map((t) => compressOrdered(t, { unmatchedKeys: mode }));
const warmMs = performance.now() - t1;
console.log(
  JSON.stringify({
    mode,
    entries: out.reduce((s, c) => s + c.size, 0),
    largest: Math.max(...out.map((c) => c.size)),
    coldMs: +ms.toFixed(1),
    coldUserMs: +(cpu.user / 1000).toFixed(1),
    coldSystemMs: +(cpu.system / 1000).toFixed(1),
    warmMs: +warmMs.toFixed(1),
  }),
);
