import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runDnn, type DnnModelInput, type QNet, type DnnPlan, type LayerSpec } from './index';

/**
 * A plain int8 reference, written here from the definitions (not from the plugin's code): whole layers, no tiles,
 * exact integer sums, the documented requantisation y = clamp(floor((acc * mult + 2^(shift-1)) / 2^shift)).
 */
function rq(acc: number, mult: number, shift: number, relu: boolean): number {
  const y = Math.floor((acc * mult + 2 ** (shift - 1)) / 2 ** shift);
  return Math.min(127, Math.max(relu ? 0 : -128, y));
}

function referenceInt8(net: QNet, input: Int8Array): Int8Array {
  const t = new Map<string, Int8Array>();
  const bufOf = (name: string) => net.tensors.get(name)!.buffer;
  t.set(bufOf(net.input), input);
  for (const op of net.ops) {
    const out = new Int8Array(net.tensors.get(op.output)!.size);
    if (op.kind === 'conv') {
      const x = t.get(bufOf(op.input))!;
      for (let co = 0; co < op.cout; co++) for (let oy = 0; oy < op.ho; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let acc = op.bias[co];
        for (let ci = 0; ci < op.cin; ci++) for (let ky = 0; ky < op.kh; ky++) for (let kx = 0; kx < op.kw; kx++) {
          const y = oy * op.stride + ky - op.pad, xx = ox * op.stride + kx - op.pad;
          if (y >= 0 && y < op.h && xx >= 0 && xx < op.w) acc += x[(ci * op.h + y) * op.w + xx] * op.weights[((co * op.cin + ci) * op.kh + ky) * op.kw + kx];
        }
        out[(co * op.ho + oy) * op.wo + ox] = rq(acc, op.mult[co], op.shift[co], op.relu);
      }
    } else if (op.kind === 'dense') {
      const x = t.get(bufOf(op.input))!;
      for (let j = 0; j < op.n; j++) {
        let acc = op.bias[j];
        for (let k = 0; k < op.k; k++) acc += x[k] * op.weights[k * op.n + j];
        out[j] = rq(acc, op.mult[j], op.shift[j], op.relu);
      }
    } else if (op.kind === 'maxpool' || op.kind === 'avgpool') {
      const x = t.get(bufOf(op.input))!;
      for (let c = 0; c < op.c; c++) for (let oy = 0; oy < op.ho; oy++) for (let ox = 0; ox < op.wo; ox++) {
        let m = -Infinity, s = 0;
        for (let ky = 0; ky < op.kh; ky++) for (let kx = 0; kx < op.kw; kx++) {
          const y = oy * op.stride + ky - op.pad, xx = ox * op.stride + kx - op.pad;
          if (y < 0 || y >= op.h || xx < 0 || xx >= op.w) continue;
          m = Math.max(m, x[(c * op.h + y) * op.w + xx]);
          s += x[(c * op.h + y) * op.w + xx];
        }
        out[(c * op.ho + oy) * op.wo + ox] = op.kind === 'maxpool' ? m : rq(s, op.mult, op.shift, false);
      }
    } else if (op.kind === 'add') {
      const a = t.get(bufOf(op.inputs[0]))!, b = t.get(bufOf(op.inputs[1]))!;
      for (let i = 0; i < op.size; i++) out[i] = Math.min(127, Math.max(op.relu ? 0 : -128, Math.floor((a[i] * op.multA + b[i] * op.multB + 2 ** (op.shift - 1)) / 2 ** op.shift)));
    } else if (op.kind === 'relu') {
      const a = t.get(bufOf(op.input))!;
      for (let i = 0; i < op.size; i++) out[i] = Math.max(0, a[i]);
    }
    t.set(bufOf(op.output), out);
  }
  return t.get(bufOf(net.output))!;
}

/** Analytic counts from the network's shapes and the plan's tiles, by the definitions in tiles.ts's comments. */
function analytic(plan: DnnPlan) {
  let macs = 0;
  for (const op of plan.net.ops) {
    if (op.kind === 'conv') macs += op.cout * op.ho * op.wo * op.cin * op.kh * op.kw;
    if (op.kind === 'dense') macs += op.k * op.n;
  }
  let read = 0, write = 0, noc = 0;
  for (const task of plan.schedule.tasks) {
    const op = plan.schedule.layers[task.layer].op;
    const oT = task.o1 - task.o0, rT = task.r1 - task.r0, iT = task.i1 - task.i0;
    const finishes = task.group < 0 || task.leader;
    if (op.kind === 'conv' || op.kind === 'maxpool' || op.kind === 'avgpool') {
      // input rows the output rows need, clipped to the image (padding is not read)
      const top = Math.max(0, task.r0 * op.stride - op.pad), bottom = Math.min(op.h, (task.r1 - 1) * op.stride - op.pad + op.kh);
      read += (op.kind === 'conv' ? iT : oT) * (bottom - top) * op.w;
      if (op.kind === 'conv') read += oT * iT * op.kh * op.kw + (finishes ? 12 * oT : 0);
      if (finishes) write += oT * rT * op.wo;
      if (op.kind === 'conv' && task.group >= 0 && !task.leader) noc += 4 * oT * rT * op.wo;
    } else if (op.kind === 'dense') {
      read += iT + iT * oT + (finishes ? 12 * oT : 0);
      if (finishes) write += oT;
      if (task.group >= 0 && !task.leader) noc += 4 * oT;
    } else {
      read += (op.kind === 'add' ? 2 : 1) * oT;
      write += oT;
    }
  }
  return { macs, read, write, noc };
}

const smallCnn: DnnModelInput = {
  network: {
    input: [3, 15, 13],
    layers: [
      { type: 'conv2d', name: 'c1', outChannels: 20, kernel: 3, pad: 1, relu: true },
      { type: 'maxpool', name: 'p1', kernel: 3, stride: 2, pad: 1 },
      { type: 'conv2d', name: 'c2', outChannels: 24, kernel: 3, stride: 1, pad: 1, relu: true },
      { type: 'conv2d', name: 'c3', outChannels: 24, kernel: 1, relu: false },
      { type: 'residual', name: 'r1', from: 'c2', relu: false },
      { type: 'relu', name: 'r1relu' },
      { type: 'conv2d', name: 'c4', outChannels: 32, kernel: 3, stride: 2, pad: 0, relu: true },
      { type: 'avgpool', name: 'p2', kernel: 2, stride: 1 },
      { type: 'dense', name: 'fc1', units: 40, relu: true },
      { type: 'dense', name: 'fc2', units: 10 },
    ],
  },
  input: { seed: 3, low: -1, high: 1 },
  chip: { workers: 12 },
};

describe('tiled execution on the chip', () => {
  for (const granularity of ['per-tensor', 'per-channel'] as const) {
    it(`is bit-exact against a plain int8 reference (${granularity})`, () => {
      const { plan, result } = runDnn({ ...smallCnn, quantization: { granularity } });
      expect(result.saturations).toBe(0);
      expect(Array.from(result.outputQ)).toEqual(Array.from(referenceInt8(plan.net, plan.inputQ as Int8Array)));
      expect(result.outputQ.some((v) => v !== 0)).toBe(true);
    });
  }

  it('stays bit-exact when a small SRAM forces row tiles, input-channel splits and accumulation groups', () => {
    // 6 KiB of data SRAM per PE: most layers cannot hold their weights or inputs in one tile
    const machine = machinePreset('chip', { pe: { sramBytes: 22 * 1024, codeBytes: 16 * 1024 } });
    const layers = [...(smallCnn.network as { layers: LayerSpec[] }).layers, { type: 'dense', name: 'fc3', units: 600 }, { type: 'dense', name: 'fc4', units: 7 }];
    const { plan, result } = runDnn({ ...smallCnn, network: { input: [3, 15, 13], layers } as DnnModelInput['network'] }, { machine });
    expect(plan.schedule.groups.length).toBeGreaterThan(0);
    expect(plan.schedule.layers.some((l) => l.tiling.rTile < (l.op.kind === 'conv' ? l.op.ho : 1))).toBe(true);
    expect(result.nocBytes).toBeGreaterThan(0);
    expect(Array.from(result.outputQ)).toEqual(Array.from(referenceInt8(plan.net, plan.inputQ as Int8Array)));
  });

  it('conserves MACs and bytes: they equal the analytic counts of the tiles', () => {
    const machine = machinePreset('chip', { pe: { sramBytes: 24 * 1024, codeBytes: 16 * 1024 } });
    const { plan, result } = runDnn(smallCnn, { machine });
    const a = analytic(plan);
    expect(result.macs).toBe(a.macs);
    expect(result.dramReadBytes).toBe(a.read); // the host's writes (weights, input) happen before the run
    expect(result.dramWriteBytes).toBe(a.write);
    expect(result.nocBytes).toBe(a.noc);
    // the kernel's own per-PE DMA byte counters (every transfer the programs started) add up to the same traffic
    expect(result.dmaBytes).toBe(a.read + a.write + a.noc);
  });

  it('never beats the roofline max(compute at the array peak, DRAM bytes at full bandwidth)', () => {
    for (const workers of [1, 4, 40]) {
      const { result } = runDnn({ ...smallCnn, chip: { workers } });
      const f = 300e6;
      const computeNs = (result.macs / (64 * workers * f)) * 1e9;
      const memoryNs = (result.dramReadBytes + result.dramWriteBytes) / 6.4;
      expect(result.latencyNs).toBeGreaterThanOrEqual(Math.max(computeNs, memoryNs));
      expect(result.macUtilisation).toBeGreaterThan(0);
      expect(result.macUtilisation).toBeLessThanOrEqual(1);
    }
  });

  it('runs at the chosen performance level: half the clock, longer latency, same bits', () => {
    const hi = runDnn({ ...smallCnn, chip: { workers: 12, performanceLevel: 1 } }).result;
    const lo = runDnn({ ...smallCnn, chip: { workers: 12, performanceLevel: 0 } }).result;
    expect(lo.frequencyHz).toBe(150e6);
    expect(lo.latencyNs).toBeGreaterThan(hi.latencyNs);
    expect(lo.latencyUs).toBeCloseTo(lo.latencyNs / 1e3, 9);
    expect(lo.latencyCycles).toBeCloseTo((lo.latencyNs * 150e6) / 1e9, 6);
    expect(Array.from(lo.outputQ)).toEqual(Array.from(hi.outputQ));
  });

  it('is deterministic: the same model and seeds give the same bits and the same latency', () => {
    const a = runDnn(smallCnn).result, b = runDnn(smallCnn).result;
    expect(Array.from(a.outputQ)).toEqual(Array.from(b.outputQ));
    expect(a.latencyNs).toBe(b.latencyNs);
  });
});
