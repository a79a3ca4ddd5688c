import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ConnectionSet } from './connectionSet';
import { expandConnector } from './connectors';
import { SnnMappingError } from './errors';
import type { Population, Projection } from './model';

/** What a worker expands: some projections (with their index in the model, which seeds their stream). */
export interface ExpandTask {
  projections: Projection[];
  indices: number[];
  pops: Record<string, Population>;
  seed: number;
  dtMs: number;
  port: MessagePort;
  /** Int32 flags, one per thread: the worker sets its own (slot) when it has posted everything. */
  flag: SharedArrayBuffer;
  slot: number;
}

export interface ExpandOptions {
  /** Threads to expand on (this one included); default: the cores, at most 4. */
  threads?: number;
  /** Below this many draws in all, one thread (a worker costs about a second to start). */
  minDrawsForThreads?: number;
}

/** Draws a projection costs, roughly: one per (pre, post) pair for fixedProbability, else per connection. */
function cost(p: Projection, pre: number, post: number): number {
  const c = p.connector;
  if (c.type === 'fixedProbability') return pre * post * (1 + 10 * c.p_connect);
  if (c.type === 'allToAll') return pre * post;
  if (c.type === 'fixedNumberPre') return 10 * c.n * post;
  if (c.type === 'fixedNumberPost') return 10 * c.n * pre;
  return pre + post;
}

/**
 * Expands every projection's connector. Each projection draws from its own seeded stream, so the work splits over
 * worker threads by projection with the same bits as on one thread: the largest projections first, each to the
 * least loaded thread (this one is thread 0). The host blocks (Atomics.wait) until the workers are done, as the
 * mapping is synchronous, and takes their arrays without a copy.
 */
export function expandConnectors(projections: Projection[], pops: Map<string, Population>, seed: number, dtMs: number, opts: ExpandOptions = {}): ConnectionSet[] {
  const costs = projections.map((p) => cost(p, pops.get(p.pre)!.size, pops.get(p.post)!.size));
  const total = costs.reduce((a, b) => a + b, 0);
  const threads = Math.max(1, Math.min(opts.threads ?? Math.min(4, availableParallelism()), projections.length));
  const one = (i: number) => expandConnector(projections[i], pops.get(projections[i].pre)!, pops.get(projections[i].post)!, i, seed, dtMs);
  if (threads === 1 || total < (opts.minDrawsForThreads ?? 5e8)) return projections.map((_, i) => one(i));

  const load = new Array<number>(threads).fill(0);
  const lanes: number[][] = Array.from({ length: threads }, () => []);
  for (const i of costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b)) {
    const lane = load.indexOf(Math.min(...load));
    lanes[lane].push(i);
    load[lane] += costs[i];
  }
  const flag = new SharedArrayBuffer(4 * threads);
  const flags = new Int32Array(flag);
  const workers = lanes.slice(1).map((indices, w) => {
    const { port1, port2 } = new MessageChannel();
    const needed = new Set(indices.flatMap((i) => [projections[i].pre, projections[i].post]));
    const task: ExpandTask = {
      projections: indices.map((i) => projections[i]), indices, seed, dtMs, port: port2, flag, slot: w + 1,
      pops: Object.fromEntries([...needed].map((n) => [n, pops.get(n)!])),
    };
    const worker = new Worker(new URL('./expandWorker.mjs', import.meta.url), { workerData: task, transferList: [port2] });
    worker.unref();
    return { worker, port: port1, slot: w + 1, indices };
  });
  const out = new Array<ConnectionSet>(projections.length);
  let failure: Error | undefined;
  try {
    for (const i of lanes[0]) out[i] = one(i);
  } catch (e) {
    failure = e as Error;
  }
  for (const { port, slot, indices, worker } of workers) {
    // Ten minutes without a word means the worker died before it could say so (it raises its flag in `finally`).
    const deadline = Date.now() + 600_000;
    while (Atomics.load(flags, slot) === 0 && Date.now() < deadline) Atomics.wait(flags, slot, 0, 1000);
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const msg = m.message as SetMessage | ErrorMessage;
      if ('error' in msg) failure ??= new SnnMappingError(msg.error, msg.hint);
      else out[indices[msg.k]] = new ConnectionSet(msg.pre, msg.weight, msg.delayTicks, msg.postStart, msg.length, msg.minDelayTicks, msg.maxDelayTicks, msg.delaysRaisedToOneStep);
    }
    port.close();
    void worker.terminate();
  }
  if (failure) throw failure;
  const missing = out.findIndex((s) => s === undefined);
  if (missing >= 0) throw new Error(`connector expansion: the worker thread for projections[${missing}] ended without its result`);
  return out;
}

interface SetMessage {
  k: number;
  pre: Int32Array;
  weight: Float32Array;
  delayTicks: Uint8Array;
  postStart: Int32Array;
  length: number;
  minDelayTicks: number;
  maxDelayTicks: number;
  delaysRaisedToOneStep: number;
}
interface ErrorMessage {
  error: string;
  hint: string;
}

/** The worker's side: expand each projection, post it (arrays transferred), report the first error, raise the flag. */
export function sendSets(task: ExpandTask, expand: (k: number) => ConnectionSet): void {
  const flags = new Int32Array(task.flag);
  try {
    for (let k = 0; k < task.projections.length; k++) {
      const s = expand(k);
      const msg: SetMessage = {
        k, pre: s.pre, weight: s.weight, delayTicks: s.delayTicks, postStart: s.postStart, length: s.length,
        minDelayTicks: s.minDelayTicks, maxDelayTicks: s.maxDelayTicks, delaysRaisedToOneStep: s.delaysRaisedToOneStep,
      };
      task.port.postMessage(msg, [s.pre.buffer, s.weight.buffer, s.delayTicks.buffer, s.postStart.buffer] as ArrayBuffer[]);
    }
  } catch (e) {
    const err = e as Error & { hint?: string };
    // An SnnMappingError crosses as its message and hint (the message ends in ". Hint: <hint>." once more).
    const message = err instanceof SnnMappingError ? err.message.slice(0, err.message.length - `. Hint: ${err.hint}.`.length) : `${err.name}: ${err.message}`;
    task.port.postMessage({ error: message, hint: err.hint ?? 'this is a bug in s2sim; please report it' } satisfies ErrorMessage);
  } finally {
    Atomics.store(flags, task.slot, 1);
    Atomics.notify(flags, task.slot);
  }
}
