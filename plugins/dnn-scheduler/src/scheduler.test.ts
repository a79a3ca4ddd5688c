import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { BUSY, FLAG_RING, WORKER_CTL_BYTES, dnnModelSchema, dnnPlugin, dnnSchedulerMachine, runDnn, SchedulerCore, tileLayout, type DnnModelInput, type Schedule } from './index';

const model: DnnModelInput = {
  network: {
    input: [8, 12, 12],
    layers: [
      { type: 'conv2d', name: 'c1', outChannels: 32, kernel: 3, pad: 1, relu: true },
      { type: 'conv2d', name: 'c2', outChannels: 32, kernel: 3, pad: 1, relu: true },
      { type: 'maxpool', name: 'p', kernel: 2 },
      { type: 'dense', name: 'fc', units: 64 },
    ],
  },
  chip: { workers: 10 },
};
const smallSram = machinePreset('chip', { pe: { sramBytes: 24 * 1024, codeBytes: 16 * 1024 } });

describe('host mapper', () => {
  it('covers every output of every layer exactly once per accumulation slice, with tiles that fit the arena', () => {
    const { plan } = runDnn(model, { machine: smallSram });
    for (const layer of plan.schedule.layers) {
      const op = layer.op;
      const outSize = plan.net.tensors.get(op.output)!.size;
      const cover = new Uint16Array(outSize);
      const rowSize = op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool' ? op.wo : 1;
      const rows = op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool' ? op.ho : 1;
      const depth = op.kind === 'conv' ? op.cin : op.kind === 'dense' ? op.k : 1;
      const depthCover = new Float64Array(outSize);
      for (const id of layer.tasks) {
        const t = plan.schedule.tasks[id];
        expect(tileLayout(op, t).total).toBeLessThanOrEqual(plan.arenaBytes);
        for (let o = t.o0; o < t.o1; o++) for (let r = t.r0; r < t.r1; r++) for (let x = 0; x < rowSize; x++) {
          const i = (o * rows + r) * rowSize + x;
          if (t.group < 0 || t.leader) cover[i]++;
          depthCover[i] += t.i1 - t.i0;
        }
      }
      expect(cover.every((c) => c === 1)).toBe(true);
      expect(depthCover.every((d) => d === depth)).toBe(true);
    }
  });

  it('puts each accumulation group on distinct workers in one wave, and gives no worker two tiles in a wave', () => {
    const { plan } = runDnn(model, { machine: smallSram });
    expect(plan.schedule.groups.length).toBeGreaterThan(0);
    for (const g of plan.schedule.groups) {
      const workers = [g.leader, ...g.members].map((id) => plan.schedule.tasks[id].worker);
      expect(new Set(workers).size).toBe(workers.length);
    }
  });

  it('fails with the layer, the bytes and a hint when no tile fits', () => {
    const tiny = machinePreset('chip', { pe: { sramBytes: 16 * 1024 + 256 + WORKER_CTL_BYTES, codeBytes: 16 * 1024 } }); // a 256-byte arena beside the worker's control words
    expect(() => runDnn(model, { machine: tiny })).toThrow(/layer 'c1' \(conv\): no tile fits a worker's 256-byte SRAM arena.*Hint/);
  });
});

describe('scheduler PE and workers', () => {
  it('runs the whole schedule after one host interrupt; each PE resource (core, MAC array, DMA) does one thing at a time', () => {
    const { plan, result } = runDnn(model, { machine: smallSram });
    expect(result.schedulerState).toBe('done');
    const t = result.timeline;
    const resource = (kind: number) => (kind === BUSY.MAC ? 'mac' : kind === BUSY.CPU || kind === BUSY.SCHED ? 'core' : 'dma');
    const byPe = new Map<string, Array<[number, number, number]>>();
    const pes = new Set<number>();
    for (let i = 0; i < t.length; i++) {
      const key = `${t.pe[i]}:${resource(t.kind[i])}`;
      pes.add(t.pe[i]);
      if (!byPe.has(key)) byPe.set(key, []);
      byPe.get(key)!.push([t.startNs[i], t.endNs[i], t.kind[i]]);
    }
    expect(pes.size).toBe(plan.params.workers + 1); // every worker worked
    for (const [key, iv] of byPe) {
      iv.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < iv.length; i++) expect(iv[i][0]).toBeGreaterThanOrEqual(iv[i - 1][1] - 1e-6);
      if (key.startsWith('0:')) expect(iv.every((x) => x[2] === BUSY.SCHED)).toBe(true);
      for (const x of iv) expect(x[1]).toBeLessThanOrEqual(result.latencyNs);
    }
    // partial sums move between workers over the NoC: one fetch per group member
    const nocIntervals = t.kind.filter((k) => k === BUSY.NOC).length;
    expect(nocIntervals).toBe(plan.schedule.groups.reduce((s, g) => s + g.members.length, 0));
  });

  it('double buffering overlaps DMA with MAC work: same bits, lower latency', () => {
    const big: DnnModelInput = { ...model, network: { input: [32, 28, 28], layers: [
      { type: 'conv2d', name: 'a', outChannels: 64, kernel: 3, pad: 1, relu: true },
      { type: 'conv2d', name: 'b', outChannels: 64, kernel: 3, pad: 1, relu: true },
    ] }, chip: { workers: 4 } };
    const one = runDnn({ ...big, chip: { workers: 4, doubleBuffer: false } }).result;
    const two = runDnn({ ...big, chip: { workers: 4, doubleBuffer: true } }).result;
    expect(Array.from(two.outputQ)).toEqual(Array.from(one.outputQ));
    expect(two.latencyNs).toBeLessThan(one.latencyNs);
    const t = two.timeline;
    let overlapped = false; // some worker's DMA runs while its MAC array computes
    const mac = [] as Array<[number, number, number]>;
    for (let i = 0; i < t.length; i++) if (t.kind[i] === BUSY.MAC) mac.push([t.pe[i], t.startNs[i], t.endNs[i]]);
    for (let i = 0; i < t.length && !overlapped; i++) {
      if (t.kind[i] !== BUSY.DMA_IN) continue;
      overlapped = mac.some(([pe, s, e]) => pe === t.pe[i] && t.startNs[i] < e && t.endNs[i] > s);
    }
    expect(overlapped).toBe(true);
  });

  it('as an xstate machine: idle until the host interrupt, then layer by layer to done', () => {
    // two layers, one tile each on one worker: the machine must start layer 0, advance on its DONE flag, then finish
    const schedule = {
      workers: 1, arenaBytes: 0, groups: [],
      tasks: [{ id: 0, layer: 0, worker: 0, group: -1, leader: true, o0: 0, o1: 1, r0: 0, r1: 1, i0: 0, i1: 1 }, { id: 1, layer: 1, worker: 0, group: -1, leader: true, o0: 0, o1: 1, r0: 0, r1: 1, i0: 0, i1: 1 }],
      layers: [0, 1].map((i) => ({ index: i, op: {} as never, tiling: {} as never, slots: 1, slotBytes: 0, tasks: [i], groups: [], completions: 1, queues: [[i]], waves: 1 })),
    } as unknown as Schedule;
    const started: number[] = [];
    let done = 0;
    const flags = new Int32Array(FLAG_RING);
    const views = { flags, flagRead: new Uint32Array(1), slots: new Int32Array(2).fill(-1), inFlight: new Uint8Array(1), queuePos: new Uint32Array(1), groupFetched: new Uint16Array(1), tileState: new Uint8Array(1) };
    const core = new SchedulerCore(schedule, views, {
      run: (_w: number, task: number) => started.push(task), fetch: () => {}, finish: () => {}, done: () => done++,
    });
    const actor = createActor(dnnSchedulerMachine, { input: { core } }).start();
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'FLAG', worker: 0 }); // ignored before the host starts it
    expect(started).toEqual([]);
    actor.send({ type: 'HOST_START' });
    expect(started).toEqual([0]);
    flags[0] = (0 << 2) | 0; // DONE of task 0
    actor.send({ type: 'FLAG', worker: 0 });
    expect(started).toEqual([0, 1]);
    expect(actor.getSnapshot().value).toBe('runningLayer');
    flags[1] = (1 << 2) | 0; // the worker's second flag: the next word of its ring
    actor.send({ type: 'FLAG', worker: 0 });
    expect(actor.getSnapshot().status).toBe('done');
    expect(done).toBe(1);
  });

  it('runs as a plugin through the kernel: the image loads, SRAM regions are the kernel\'s, results come back', () => {
    const m = dnnModelSchema.parse(model);
    const direct = runDnn(model).result;
    const { result, sim, mapping } = runPlugin(dnnPlugin, m, { machine: machinePreset('chip'), ticks: 1, tickNs: 1e6, seed: 1 });
    expect(Array.from(result.outputQ)).toEqual(Array.from(direct.outputQ));
    expect(result.latencyNs).toBe(direct.latencyNs);
    expect(JSON.parse(JSON.stringify(mapping.report)).layers.length).toBe(4);
    expect(sim.sram(0, 0, 1).region('arena').bytes).toBe(mapping.report.arenaBytes);
    const files = dnnPlugin.outputs(result).map((f) => f.path);
    expect(files).toContain('dnn/timeline.vl.json');
    expect(dnnPlugin.summary(result).latencyUs).toBeGreaterThan(0);
  });
});
