import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InputError } from './inputError';
import { WorkerFailedError } from './faultError';
import { partsToMessage, type MachineParts } from './machineParts';
import type { PartitionSample } from './partition';
import type { PartitionTask } from './partitionWorker';
import type { PartitionResult, Simulation } from './simulation';
import { CTL, Exchange, RunAborted } from './windowSync';

/**
 * Worker pools by size, shared by every simulation of the process: starting a worker (tsx, the kernel's modules)
 * costs about a second, so threads live across runs and simulations. A task carries all it needs, so any worker
 * can take any partition.
 */
const pools = new Map<number, Piscina>();

function poolFor(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({
      filename: new URL('./partitionWorker.mjs', import.meta.url).href,
      minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 1, idleTimeout: 60_000,
    });
    pools.set(threads, pool);
  }
  return pool;
}

/** Stops every worker thread (the process can then exit); a later runAsync starts new ones. */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
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
  const pool = poolFor(partitions);
  const message = partsToMessage(parts);
  const requests = sim.observations.map((x) => x.request);
  const pending = new Map<number, PartitionSample[]>();
  const done: Array<Promise<void>> = [];
  const tasks = assignment.map((chips, p) => {
    const { port1, port2 } = new MessageChannel();
    done.push(
      new Promise<void>((resolve) => {
        port1.on('message', (m: PartitionSample | { done: true }) => {
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
    const task: PartitionTask = {
      parts: message, partition: p, partitions, chips, chipToPartition, control, exchange, exchangeCapacity: o.exchangeCapacity,
      start, ticks, windowTicks: o.windowTicks, continueOnFault: o.continueOnFault, modules: o.programModules,
      dvfsModule: sim.simulationOptions.dvfsModule, defaultLevel: parts.machine.pe.defaultPerformanceLevel, requests, port: port2,
    };
    return pool.run(task, { transferList: [port2] as never }).catch((e: unknown) => {
      Atomics.store(ctl, CTL.abort, 1);
      Atomics.notify(ctl, CTL.generation);
      throw e;
    }) as Promise<PartitionResult & { ticksRun: number }>;
  });
  const settled = await Promise.allSettled(tasks);
  if (settled.some((s) => s.status === 'rejected')) {
    // A worker that failed (or failed to load the kernel) may be left unusable: start the next run on fresh threads.
    pools.delete(partitions);
    void pool.destroy().catch(() => {});
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
