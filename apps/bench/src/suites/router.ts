import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  MulticastTable,
  RouterKernel,
  routerOutputs,
  PacketBatch,
  PacketType,
  packKind,
  localPort,
  compressOrdered,
  checkTableEquivalence,
  parsePacmanJsonTables,
  parsePacmanCsvTable,
  buildMulticastTree,
  checkMulticastTree,
  boardsTopology,
  board48Topology,
  type UnmatchedKeys,
} from '@s2sim/router';
import type { NamedSuite } from '../types';

export interface BenchResult {
  name: string;
  metrics: Record<string, number>;
  notes?: string;
}

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/routing/', import.meta.url));
const fixture = (f: string) => gunzipSync(readFileSync(FIXTURES + f)).toString('utf8');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Compression of PACMAN's fixture tables: entries after, and wall time (first run, and median of `repeat`). */
function compressionBench(repeat: number, mode: UnmatchedKeys): BenchResult[] {
  const out: BenchResult[] = [];
  const many = parsePacmanJsonTables(fixture('many_to_one.json.gz'));
  const times: number[] = [];
  let total = 0;
  let largest = 0;
  let equivalent = 1;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const t0 = performance.now();
    const compressed = many.map((t) => compressOrdered(t, { unmatchedKeys: mode }));
    times.push(performance.now() - t0);
    total = compressed.reduce((s, c) => s + c.size, 0);
    largest = Math.max(...compressed.map((c) => c.size));
    if (r === 0) equivalent = compressed.every((c, i) => checkTableEquivalence(many[i], c, mode).equivalent) ? 1 : 0;
  }
  out.push({
    name: `router.compress.many_to_one.${mode}`,
    metrics: {
      tables: many.length,
      entriesBefore: many.reduce((s, t) => s + t.size, 0),
      entriesAfter: total,
      largestAfter: largest,
      firstRunMs: times[0],
      medianMs: median(times),
      equivalent,
    },
    notes: 'target (unused keys, as PACMAN): <= 2,503 entries in < 100 ms; PACMAN pair compressor 2,503 in 570 ms',
  });
  for (const [file, target] of [['table1.csv.gz', 736], ['table2.csv.gz', 551]] as const) {
    const t = parsePacmanCsvTable(fixture(file));
    const ts: number[] = [];
    let c = t;
    for (let r = 0; r < Math.max(1, repeat); r++) {
      const t0 = performance.now();
      c = compressOrdered(t, { unmatchedKeys: mode });
      ts.push(performance.now() - t0);
    }
    out.push({
      name: `router.compress.${file.replace('.csv.gz', '')}.${mode}`,
      metrics: { entriesBefore: t.size, entriesAfter: c.size, firstRunMs: ts[0], medianMs: median(ts), equivalent: checkTableEquivalence(t, c, mode).equivalent ? 1 : 0 },
      notes: `target (unused keys): <= ${target} entries in < 2 s; PACMAN range compressor ${target} in 0.1 s`,
    });
  }
  return out;
}

/**
 * The compressor's first run in a fresh process (routerCold.main.ts, spawned `runs` times): wall and user CPU time,
 * medians. A process compresses a machine once, so this cold time, JIT warm-up included, is what a user waits for.
 */
function coldRunBench(runs: number): BenchResult[] {
  const script = fileURLToPath(new URL('./routerCold.main.ts', import.meta.url));
  const out: BenchResult[] = [];
  for (const mode of ['unused', 'preserve'] as const) {
    const rows: Array<{ entries: number; coldMs: number; coldUserMs: number; warmMs: number }> = [];
    for (let r = 0; r < runs; r++)
      rows.push(JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8' }).trim().split('\n').pop()!));
    out.push({
      name: `router.compress.many_to_one.${mode}.coldProcess`,
      metrics: {
        runs,
        entriesAfter: rows[0].entries,
        coldMedianMs: median(rows.map((x) => x.coldMs)),
        coldUserCpuMedianMs: median(rows.map((x) => x.coldUserMs)),
        secondRunMedianMs: median(rows.map((x) => x.warmMs)),
      },
      notes: 'first compression of all 576 tables in a fresh node --import tsx process; target < 100 ms (unused); user CPU counts compiler threads too',
    });
  }
  return out;
}

/**
 * Routed multicast packets per second on one core: a 1,000-source table (16,384-entry capacity) and batches of
 * packets with per-neuron keys (so the key cache sees 256 keys per source), 1/3 arriving by links, each routed to
 * one link and one PE (two copies), with link contention modelled (bandwidth high enough that nothing drops).
 */
function kernelBench(quick: boolean, repeat: number, fullTable: boolean): BenchResult {
  const table = new MulticastTable();
  // fullTable: 16,384 single-key entries, so most keys miss the 4,096-slot cache and walk the key trie.
  const sources = fullTable ? 16384 : 1000;
  for (let s = 0; s < sources; s++)
    if (fullTable) table.add(Math.imul(s, 0x9e3779b1) >>> 0, 0xffffffff, { links: [s % 6], pes: [s % 152] });
    else table.add((s << 8) >>> 0, 0xffffff00, { links: [s % 6], pes: [s % 152] });
  const kernel = new RouterKernel({ table, params: { linkBandwidthMbitPerS: 1e9, waitLimitNs: 1e12 } });
  const n = quick ? 1 << 18 : 1 << 21;
  const batch = new PacketBatch(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const s = x % sources;
    const key = fullTable ? Math.imul(s, 0x9e3779b1) >>> 0 : ((s << 8) | (x >>> 24)) >>> 0;
    batch.push(packKind(PacketType.MC), key, i % 3 === 0 ? (s + 1) % 6 : localPort(i % 152), i);
  }
  const out = routerOutputs(n);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const warmup = 3; // JIT warm-up runs, not reported
  for (let r = 0; r < warmup + Math.max(3, repeat); r++) {
    for (const b of out.links) b.clear();
    out.local.clear();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    kernel.route(batch, out, 0);
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    if (r >= warmup) {
      rates.push(n / wallS);
      // User + system CPU time of this process: on a machine shared with other jobs this is the per-core figure.
      cpuRates.push(n / ((cpu.user + cpu.system) / 1e6));
    }
  }
  return {
    name: fullTable ? 'router.kernel.multicast.fullTable' : 'router.kernel.multicast',
    metrics: { packets: n, copiesPerPacket: (out.local.count + out.links.reduce((s, b) => s + b.count, 0)) / n, packetsPerSecondMedian: median(rates), packetsPerSecondBest: Math.max(...rates), packetsPerCpuSecondMedian: median(cpuRates) },
    notes: 'target: >= 20 M routed multicast packets/s per core; single thread on a shared machine',
  };
}

/** Mean hops source -> target along multicast trees against the shortest-path lower bound. */
function treeBench(): BenchResult[] {
  const out: BenchResult[] = [];
  for (const topo of [board48Topology(), boardsTopology(3), boardsTopology(12)]) {
    let hops = 0;
    let bound = 0;
    let links = 0;
    let ok = 1;
    const trees = 100;
    let x = 7;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const t0 = performance.now();
    for (let i = 0; i < trees; i++) {
      const targets = Array.from({ length: 32 }, () => ({ chip: Math.floor(rnd() * topo.size), pe: Math.floor(rnd() * 152) }));
      const tree = buildMulticastTree(topo, { chip: Math.floor(rnd() * topo.size), pe: 0 }, targets);
      const r = checkMulticastTree(topo, tree, targets);
      ok &&= r.ok ? 1 : 0;
      hops += r.meanHops;
      bound += r.meanHopsLowerBound;
      links += r.links;
    }
    out.push({
      name: `router.trees.${topo.name}`,
      metrics: { trees, targetsPerTree: 32, meanHops: hops / trees, meanHopsLowerBound: bound / trees, meanLinksPerTree: links / trees, msPerTree: (performance.now() - t0) / trees, allChecked: ok },
    });
  }
  return out;
}

/** Which parts run: all by default (router.main.ts takes `--only compress,kernel,trees`). */
export type RouterBenchPart = 'compress' | 'cold' | 'kernel' | 'trees';

export async function routerSuite(opts: { quick: boolean; repeat: number; only?: readonly RouterBenchPart[] }): Promise<BenchResult[]> {
  const on = (p: RouterBenchPart) => !opts.only || opts.only.includes(p);
  return [
    ...(on('compress') ? compressionBench(opts.repeat, 'unused') : []),
    ...(on('compress') ? compressionBench(opts.quick ? 1 : opts.repeat, 'preserve') : []),
    ...(on('cold') ? coldRunBench(opts.quick ? 1 : Math.max(3, opts.repeat)) : []),
    ...(on('kernel') ? [kernelBench(opts.quick, opts.repeat, false), kernelBench(opts.quick, opts.repeat, true)] : []),
    ...(on('trees') ? treeBench() : []),
  ];
}

/** Discovered by apps/bench (`npm run bench -- --suite router`). */
export const suite: NamedSuite = {
  name: 'router',
  description: 'table compression on PACMAN fixtures (entries, ms), router kernel multicast packets/s per core, multicast tree hops',
  run: (opts) => routerSuite(opts),
};
