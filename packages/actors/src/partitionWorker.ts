import type { MessagePort } from 'node:worker_threads';
import { fixedLevelPolicy, type DvfsPolicy } from '@s2sim/power';
import type { DvfsModuleSpec } from './kernelOptions';
import { partsFromMessage, type PartsMessage } from './machineParts';
import { Partition, type SampleRequest } from './partition';
import { loadProgramModules } from './programModules';
import type { PartitionResult } from './simulation';
import { Barrier, CTL, Exchange } from './windowSync';

const WORKER_CACHE_SIZE = 4; // as parallelRunner's

export interface PartitionTask {
  /** Identifies the loaded machine: a worker keeps its partitions between runs (the state stays in shared memory). */
  simId: string;
  /** The machine's layout, or null when this worker has the partition cached already. */
  parts: PartsMessage | null;
  partition: number;
  partitions: number;
  chips: number[];
  chipToPartition: Int32Array;
  control: SharedArrayBuffer;
  exchange: SharedArrayBuffer[];
  exchangeCapacity: number;
  start: number;
  ticks: number;
  windowTicks: number;
  continueOnFault: boolean;
  /** Send each window's energy log to the host (kernel option energyAccount). */
  energyAccount: boolean;
  modules: string[];
  dvfsModule?: DvfsModuleSpec;
  defaultLevel?: number;
  requests: SampleRequest[];
  port: MessagePort;
}

async function loadDvfs(spec: DvfsModuleSpec | undefined, level: number | undefined): Promise<DvfsPolicy> {
  if (!spec) return fixedLevelPolicy(level);
  const mod = await import(spec.module);
  const x = mod[spec.export];
  return typeof x === 'function' ? x(...(spec.args ?? [])) : x;
}

/**
 * One partition's long-lived task: advances its chips window by window, exchanging packets with the other
 * partitions through shared buffers and meeting them at an Atomics barrier after every window.
 */
const cache = new Map<string, Partition>();

/** This worker's partition for the task: attached once per machine and chip set, then reused by later runs. */
async function partitionFor(t: PartitionTask): Promise<Partition> {
  const key = `${t.simId}/${t.chips.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!t.parts) throw new Error(`worker lost its cached partition ${key}`);
  const parts = partsFromMessage(t.parts);
  const programs = await loadProgramModules(t.modules);
  const dvfs = await loadDvfs(t.dvfsModule, t.defaultLevel);
  const part = new Partition(parts, t.chips, programs, dvfs, t.dvfsModule ? -1 : (t.defaultLevel ?? parts.machine.pe.performanceLevels.length - 1));
  cache.set(key, part);
  if (cache.size > WORKER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return part;
}

export default async function runPartition(t: PartitionTask): Promise<PartitionResult & { ticksRun: number }> {
  const part = await partitionFor(t);
  const handled0 = part.handled;
  const barrier = new Barrier(t.control, t.partitions);
  const exchange = new Exchange(t.exchange, t.partitions, t.exchangeCapacity);
  const ctl = new Int32Array(t.control);
  const end = t.start + t.ticks;
  let tick = t.start;
  let parity = 0;
  const post = t.requests.length ? (s: unknown) => t.port.postMessage(s) : undefined;
  try {
    while (tick < end) {
      const to = Math.min(end, tick + t.windowTicks);
      if (t.energyAccount) {
        const log = part.runTicksLogged(tick, to, t.requests, post);
        const data = log.data.slice();
        t.port.postMessage({ energy: { from: log.from, to: log.to, data } }, [data.buffer]); // moved, not copied again
      } else part.runTicks(tick, to, t.requests, post);
      exchange.write(t.partition, parity, part.takeOutgoing(), t.chipToPartition);
      // The stop flag holds the tick of the window end where the run stops: a partition that already passed this
      // window's barrier may read it early, and must not stop before that window is done.
      if (part.env.faults.length && !t.continueOnFault) Atomics.store(ctl, CTL.stop, to);
      barrier.wait();
      for (let src = 0; src < t.partitions; src++) {
        const r = exchange.read(src, t.partition, parity);
        part.acceptIncoming(r.data, r.count);
      }
      parity ^= 1;
      tick = to;
      const stopAt = Atomics.load(ctl, CTL.stop);
      if (stopAt !== 0 && stopAt <= to) break;
    }
  } catch (e) {
    // Wake the others: a partition that cannot go on must not leave them at the barrier.
    Atomics.store(ctl, CTL.abort, 1);
    Atomics.notify(ctl, CTL.generation);
    throw e;
  } finally {
    t.port.postMessage({ done: true });
    t.port.close();
  }
  return { records: part.env.recorder.drain(), faults: part.env.faults.splice(0), handled: part.handled - handled0, linkCounts: part.takeLinkCounts(), ticksRun: tick };
}
