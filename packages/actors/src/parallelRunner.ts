import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InputError } from './inputError';
import { WorkerFailedError } from './faultError';
import type { MachineParts } from './machineParts';
import type { PartitionSample } from './partition';
import type { EnergyLogLayout, EnergyLogWindow } from './energyLog';
import { energyLayoutOf } from './energyLog';
import type { PartitionTask } from './partitionWorker';
import type { PartitionResult, Simulation } from './simulation';
import { CTL, Exchange, RunAborted } from './windowSync';

/**
 * One single-thread pool per (thread count, partition): partition p of a run always goes to the same worker, which
 * keeps it attached between runs (starting a worker costs about a second, sending a board's layout ~0.3 s). `known`
 * mirrors what each worker has cached, so the layout is sent only when it is missing.
 */
const pools = new Map<string, { pool: Piscina; known: string[] }>();
export const WORKER_CACHE_SIZE = 4;

function poolFor(threads: number, partition: number) {
  const key = `${threads}:${partition}`;
  let entry = pools.get(key);
  if (!entry) {
    const pool = new Piscina({
      filename: new URL('./partitionWorker.mjs', import.meta.url).href,
      minThreads: 1, maxThreads: 1, concurrentTasksPerWorker: 1, idleTimeout: 60_000,
    });
    pools.set(key, (entry = { pool, known: [] }));
  }
  return { key, ...entry, entry };
}

/** Stops every worker thread (the process can then exit); a later runAsync starts new ones. */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.pool.destroy()));
}

/**
 * Splits the chips into `n` contiguous partitions of about equal work (loaded PEs, plus one per chip for its
 * router), never splitting a chip. Results do not depend on this split; speed does.
 */
export function partitionChips(parts: MachineParts, n: number): number[][] {
  const chips = parts.machine.chips.length;
  const weight = new Array<number>(chips).fill(1);
  for (const p of parts.pes) weight[p.chip]++;
  const total = weight.reduce((a, b) => a + b, 0);
  const out: number[][] = Array.from({ length: n }, () => []);
  let acc = 0;
  for (let c = 0; c < chips; c++) {
    const k = Math.min(n - 1, Math.floor(((acc + weight[c] / 2) * n) / total));
    out[k].push(c);
    acc += weight[c];
  }
  return out.filter((x) => x.length > 0);
}

/** Runs one window loop over worker threads; returns each partition's records and faults, in partition order. */
export async function runParallel(
  sim: Simulation,
  parts: MachineParts,
  threads: number,
  start: number,
  ticks: number,
  publish: (tick: number, samples: PartitionSample[]) => void,
): Promise<{ ticksRun: number; results: PartitionResult[] }> {
  const o = sim.options;
  if (o.programModules.length === 0) {
    throw new InputError(
      `runAsync over ${threads} threads needs the modules that export the PE programs`,
      "set the simulation's programModules option (package names or file URLs); worker threads import the programs from them",
      'options.programModules',
    );
  }
  if (sim.simulationOptions.dvfs && !sim.simulationOptions.dvfsModule) {
    throw new InputError('a DVFS policy object cannot cross to worker threads', 'give options.dvfsModule: { module, export, args } as well', 'options.dvfsModule');
  }
  const assignment = partitionChips(parts, threads);
  const partitions = assignment.length;
  const chipToPartition = new Int32Array(parts.machine.chips.length);
  assignment.forEach((chips, p) => chips.forEach((c) => (chipToPartition[c] = p)));
  const control = new SharedArrayBuffer(16);
  const ctl = new Int32Array(control);
  const exchange = Exchange.create(partitions, o.exchangeCapacity);
  const message = sim.partsMessage();
  const requests = sim.observations.map((x) => x.request);
  const pending = new Map<number, PartitionSample[]>();
  // Energy logs: one window from every partition, fed to the account in partition (= machine) order.
  const layouts: EnergyLogLayout[] = assignment.map((chips) => energyLayoutOf(parts, chips));
  const energyPending = new Map<number, EnergyLogWindow[]>();
  const energyArrived = new Map<number, number>();
  const done: Array<Promise<void>> = [];
  const used: Array<ReturnType<typeof poolFor>> = [];
  const tasks = assignment.map((chips, p) => {
    const { port1, port2 } = new MessageChannel();
    done.push(
      new Promise<void>((resolve) => {
        port1.on('message', (m: PartitionSample | { done: true } | { energy: EnergyLogWindow }) => {
          if ('energy' in m) {
            const w = m.energy;
            let list = energyPending.get(w.from);
            if (!list) energyPending.set(w.from, (list = new Array<EnergyLogWindow>(partitions)));
            list[p] = w;
            const n = (energyArrived.get(w.from) ?? 0) + 1;
            if (n === partitions) {
              energyPending.delete(w.from);
              energyArrived.delete(w.from);
              sim.feedEnergy(layouts, list);
            } else energyArrived.set(w.from, n);
            return;
          }
          if ('done' in m) {
            port1.close();
            resolve();
            return;
          }
          // Merge a sampled tick once every partition has sent it.
          const list = pending.get(m.tick) ?? [];
          list.push(m);
          if (list.length === partitions) {
            pending.delete(m.tick);
            publish(m.tick, list);
          } else pending.set(m.tick, list);
        });
        port1.on('close', () => resolve());
      }),
    );
    const slot = poolFor(partitions, p);
    const cacheKey = `${sim.id}/${chips.join(',')}`;
    const cached = slot.known.includes(cacheKey);
    if (!cached) {
      slot.known.push(cacheKey);
      if (slot.known.length > WORKER_CACHE_SIZE) slot.known.shift();
    }
    used.push(slot);
    const task: PartitionTask = {
      simId: sim.id, parts: cached ? null : message, partition: p, partitions, chips, chipToPartition, control, exchange, exchangeCapacity: o.exchangeCapacity,
      start, ticks, windowTicks: o.windowTicks, continueOnFault: o.continueOnFault, energyAccount: o.energyAccount, modules: o.programModules,
      dvfsModule: sim.simulationOptions.dvfsModule, defaultLevel: parts.machine.pe.defaultPerformanceLevel, requests, port: port2,
    };
    return slot.pool.run(task, { transferList: [port2] as never }).catch((e: unknown) => {
      Atomics.store(ctl, CTL.abort, 1);
      Atomics.notify(ctl, CTL.generation);
      throw e;
    }) as Promise<PartitionResult & { ticksRun: number }>;
  });
  const settled = await Promise.allSettled(tasks);
  if (settled.some((s) => s.status === 'rejected')) {
    // A worker that failed (or failed to load the kernel) may be left unusable: start the next run on fresh threads.
    for (const slot of used) {
      pools.delete(slot.key);
      void slot.pool.destroy().catch(() => {});
    }
  }
  const failed = settled.findIndex((s) => s.status === 'rejected' && !isAbort(s.reason));
  if (failed >= 0) throw new WorkerFailedError(failed, (settled[failed] as PromiseRejectedResult).reason);
  const aborted = settled.findIndex((s) => s.status === 'rejected');
  if (aborted >= 0) throw new WorkerFailedError(aborted, (settled[aborted] as PromiseRejectedResult).reason);
  await Promise.all(done);
  const results = settled.map((s) => (s as PromiseFulfilledResult<PartitionResult & { ticksRun: number }>).value);
  return { ticksRun: results[0].ticksRun, results };
}

function isAbort(e: unknown): boolean {
  return e instanceof RunAborted || (e instanceof Error && e.name === 'RunAborted') || (e instanceof Error && /run aborted/.test(e.message));
}
