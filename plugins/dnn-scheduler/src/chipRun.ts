import { createActor } from 'xstate';
import type { Sram } from '@s2sim/hardware';
import type { DnnChipParams } from './chipParams';
import { Dram, DramPort } from './dram';
import { EventQueue } from './eventQueue';
import type { QArray, QNet } from './qnet';
import type { Schedule } from './schedule';
import { SchedulerCore, dnnSchedulerMachine } from './schedulerMachine';
import { BUSY, Timeline } from './timeline';
import { WorkerPe, type ChipEnv } from './worker';

export interface ChipRunInput {
  net: QNet;
  schedule: Schedule;
  /** The quantised input tensor, written to DRAM by the host before the start interrupt. */
  input: QArray;
  params: DnnChipParams;
  frequencyHz: number;
  /** Per-PE DMA throughput, bytes per cycle (cost model). */
  dmaBytesPerCycle: number;
  dramCapacityBytes: number;
  /** The scheduler's SRAM (regions of schedulerRegions()) and each worker's (region 'arena'). */
  schedulerSram: Sram;
  workerSrams: Sram[];
  /** PE numbers, for the timeline. */
  schedulerPe: number;
  workerPes: number[];
}

export interface ChipRunStats {
  latencyNs: number;
  output: QArray;
  macs: number;
  saturations: number;
  dramReadBytes: number;
  dramWriteBytes: number;
  dramBusyNs: number;
  nocBytes: number;
  timeline: Timeline;
  workerBusyCycles: number[];
  schedulerBusyCycles: number;
  schedulerState: string;
  /** Bytes of weights, biases and activations the run placed in DRAM. */
  dramUsedBytes: number;
  /** When the scheduler started each layer (the previous layer's barrier), ns. */
  layerStartNs: number[];
}

/** SRAM regions of the scheduler PE for a schedule (the mapper puts them in the machine image). */
export function schedulerRegions(schedule: Schedule): Array<{ name: string; bytes: number }> {
  const groups = Math.max(1, ...schedule.layers.map((l) => l.groups.length));
  const tiles = Math.max(1, ...schedule.layers.map((l) => l.tasks.length));
  const w = schedule.workers;
  return [
    { name: 'flags', bytes: 4 * w },
    { name: 'queuePos', bytes: 4 * w },
    { name: 'inFlight', bytes: w },
    { name: 'groupFetched', bytes: 2 * groups },
    { name: 'tileState', bytes: tiles },
  ];
}

/**
 * Runs a scheduled network on one chip: the host writes weights and the input into DRAM and raises one interrupt
 * on the scheduler PE; everything after that happens on chip, event by event, until the scheduler signals that
 * the output is in DRAM. Returns the output and the run's counters.
 */
export function runOnChip(inp: ChipRunInput): ChipRunStats {
  const { net, schedule, params } = inp;
  const nsPerCycle = 1e9 / inp.frequencyHz;
  const q = new EventQueue();
  const dram = new Dram(inp.dramCapacityBytes);
  for (const op of net.ops) {
    if (op.kind !== 'conv' && op.kind !== 'dense') continue;
    dram.write(`${op.name}.weights`, op.weights);
    const C = op.bias.length, p = new Int32Array(3 * C);
    p.set(op.bias, 0); p.set(op.mult, C); p.set(op.shift, 2 * C);
    dram.write(`${op.name}.params`, p);
  }
  dram.write(net.tensors.get(net.input)!.buffer, inp.input);
  const eb = net.bits === 16 ? 2 : 1;
  for (const t of net.tensors.values()) if (t.buffer === t.name) dram.allocate(t.name, eb * t.size);

  const timeline = new Timeline();
  const env: ChipEnv = {
    q, dram, port: new DramPort(params.dramBytesPerNs), params, nsPerCycle, peDmaBytesPerNs: inp.dmaBytesPerCycle / nsPerCycle,
    net, schedule,
    workers: [], timeline, stats: { macs: 0, saturations: 0, nocBytes: 0 }, flag: () => {},
  };
  for (const [i, s] of inp.workerSrams.entries()) {
    const b = s.bytes('arena');
    env.workers[i] = new WorkerPe(i, inp.workerPes[i], new Int8Array(b.buffer, b.byteOffset, b.byteLength), env);
  }

  const ss = inp.schedulerSram;
  const view = <T>(name: string, C: new (b: ArrayBufferLike, o: number, n: number) => T, size: number) => {
    const r = ss.region(name);
    return new C(ss.buffer, r.offset, r.bytes / size);
  };
  const flags = view('flags', Int32Array, 4);
  let clock = 0, busyUntil = 0, doneAt = -1, schedulerCycles = 0;
  const layerStarts: number[] = [];
  const tasks = schedule.tasks;
  const views = {
    flags, inFlight: view('inFlight', Uint8Array, 1), queuePos: view('queuePos', Uint32Array, 4),
    groupFetched: view('groupFetched', Uint16Array, 2), tileState: view('tileState', Uint8Array, 1),
  };
  const core = new SchedulerCore(
    schedule, views,
    {
      run: (w, task) => { clock += params.dispatchCycles * nsPerCycle; schedulerCycles += params.dispatchCycles; q.post(clock + params.nocLatencyNs, () => env.workers[w].run(tasks[task])); },
      fetch: (w, leader, member) => {
        clock += params.dispatchCycles * nsPerCycle; schedulerCycles += params.dispatchCycles;
        q.post(clock + params.nocLatencyNs, () => env.workers[w].fetch(tasks[leader], tasks[member], env.workers[tasks[member].worker]));
      },
      finish: (w, task) => { clock += params.dispatchCycles * nsPerCycle; schedulerCycles += params.dispatchCycles; q.post(clock + params.nocLatencyNs, () => env.workers[w].finish(tasks[task])); },
      done: () => { doneAt = clock + params.nocLatencyNs; },
    },
  );
  const actor = createActor(dnnSchedulerMachine, { input: { core } }).start();
  /** The scheduler PE handles one interrupt at a time: a flag that lands while it is busy waits. */
  const handle = (cycles: number, event: { type: 'HOST_START' } | { type: 'FLAG'; worker: number }) => {
    const start = Math.max(q.now, busyUntil);
    clock = start + cycles * nsPerCycle;
    schedulerCycles += cycles;
    actor.send(event);
    if (core.layer !== layerStarts.length - 1) layerStarts.push(clock);
    timeline.add(inp.schedulerPe, start, clock, BUSY.SCHED);
    busyUntil = clock;
  };
  env.flag = (w, word) => q.post(q.now + params.nocLatencyNs, () => { flags[w] = word; handle(params.flagCycles, { type: 'FLAG', worker: w }); });
  q.post(0, () => handle(params.irqCycles, { type: 'HOST_START' }));
  q.run();
  const snapshot = actor.getSnapshot();
  actor.stop();
  if (snapshot.status !== 'done' || doneAt < 0) throw new Error(`the scheduler stopped in state '${String(snapshot.value)}' before finishing (a schedule bug)`);
  return {
    latencyNs: doneAt,
    output: eb === 2 ? dram.get16(net.tensors.get(net.output)!.buffer).slice() : dram.get(net.tensors.get(net.output)!.buffer).slice(),
    macs: env.stats.macs,
    saturations: env.stats.saturations,
    dramReadBytes: env.port.bytesRead,
    dramWriteBytes: env.port.bytesWritten,
    dramBusyNs: env.port.busyNs,
    nocBytes: env.stats.nocBytes,
    timeline,
    workerBusyCycles: env.workers.map((w) => w.busyCycles),
    schedulerBusyCycles: schedulerCycles,
    schedulerState: String(snapshot.value),
    dramUsedBytes: dram.usedBytes,
    layerStartNs: layerStarts,
  };
}
