import { resolve } from 'node:path';
import { Prng, Sram, type MachineSpec } from '@s2sim/hardware';
import { InputError, type DramImage, type MachineImage } from '@s2sim/actors';
import { buildNetwork, resnet50Layers, vgg16Layers } from './buildNetwork';
import type { DnnChipParams } from './chipParams';
import { schedulerRegions } from './schedulerProgram';
import { WORKER_CTL_BYTES, type WorkerParams } from './workerProgram';
import type { DnnProgramPlan } from './programPlan';
import { inferShapes, type FloatGraph } from './graph';
import type { DnnModel } from './model';
import { importOnnxFile } from './onnxImport';
import { quantizeTensor, type QArray, type QNet } from './qnet';
import { quantizeGraph } from './quantize';
import { buildSchedule, type Schedule } from './schedule';
import type { TilerParams } from './tiler';

/** Everything the host decides before the run. */
export interface DnnPlan {
  graph: FloatGraph;
  net: QNet;
  schedule: Schedule;
  input: Float32Array;
  inputQ: QArray;
  params: DnnChipParams;
  tiler: TilerParams;
  level: { index: number; name: string; frequencyHz: number; voltageV: number };
  schedulerPe: number;
  workerPes: number[];
  /** Bytes of each worker's SRAM arena (all the data SRAM left after the code share). */
  arenaBytes: number;
}

export function loadGraph(model: DnnModel, baseDir: string): FloatGraph {
  const n = model.network;
  if ('onnx' in n) return importOnnxFile(resolve(baseDir, n.onnx));
  if ('preset' in n) return buildNetwork([3, 224, 224], n.preset === 'vgg16' ? vgg16Layers() : resnet50Layers(), model.weightSeed, `model.network.preset(${n.preset})`);
  return buildNetwork(n.input, n.layers, model.weightSeed);
}

function randomInput(size: number, seed: number, stream: number, low: number, high: number): Float32Array {
  const rng = new Prng().seed(seed, stream), x = new Float32Array(size);
  for (let i = 0; i < size; i++) x[i] = low + (high - low) * rng.nextFloat();
  return x;
}

/** The host's work: network, quantisation from calibration data, tiling and the static schedule. */
export function planDnn(model: DnnModel, machine: MachineSpec, baseDir = process.cwd(), graph?: FloatGraph): DnnPlan {
  const g = graph ?? loadGraph(model, baseDir);
  const size = g.input.shape.reduce((a, b) => a * b, 1);
  const inp = model.input;
  let input: Float32Array;
  if ('values' in inp) {
    if (inp.values.length !== size) throw new InputError(`the input has ${inp.values.length} values but the network takes ${size} ([${g.input.shape.join(', ')}])`, 'give one value per input element, channel-major', 'model.input.values');
    input = Float32Array.from(inp.values);
  } else {
    input = randomInput(size, inp.seed, 0, inp.low, inp.high);
  }
  const lo = 'values' in inp ? Math.min(...inp.values) : inp.low, hi = 'values' in inp ? Math.max(...inp.values) : inp.high;
  const q = model.quantization;
  const calibration = Array.from({ length: q.calibrationSamples }, (_, i) => randomInput(size, q.calibrationSeed, i + 1, lo, hi));
  calibration.push(input); // the input itself is part of the calibration set, so it is never clipped
  const net = quantizeGraph(g, calibration, { granularity: q.granularity, bits: q.precision === 'int16' ? 16 : 8 });
  if (net.ops.length === 0) throw new InputError('the network has no layer that computes', 'add at least one conv, dense, pooling, add or ReLU layer', 'model.network');

  const params = model.chip;
  const levels = machine.pe.performanceLevels;
  const index = params.performanceLevel ?? machine.pe.defaultPerformanceLevel ?? levels.length - 1;
  if (index >= levels.length) throw new InputError(`performance level ${index} does not exist (the machine has ${levels.length})`, `use 0..${levels.length - 1}`, 'model.chip.performanceLevel');
  const level = { index, ...levels[index] };
  if (params.workers + 1 > machine.chip.pes) throw new InputError(`${params.workers} workers and a scheduler need ${params.workers + 1} PEs; a chip has ${machine.chip.pes}`, `use at most ${machine.chip.pes - 1} workers`, 'model.chip.workers');
  const arenaBytes = (machine.pe.sramBytes - machine.pe.codeBytes - WORKER_CTL_BYTES) & ~7;
  const nsPerCycle = 1e9 / level.frequencyHz;
  const tiler: TilerParams = {
    workers: params.workers, arenaBytes, overlap: params.doubleBuffer, frequencyHz: level.frequencyHz, dramBytesPerNs: params.dramBytesPerNs,
    peDmaBytesPerNs: machine.costs.dmaBytesPerCycle / nsPerCycle, nocBytesPerNs: params.nocBytesPerNs, tileOverheadNs: params.tileOverheadNs,
    schedulerCyclesPerTile: params.flagCycles + params.dispatchCycles,
  };
  const schedule = buildSchedule(net, tiler);
  const inputQ = quantizeTensor(input, net.tensors.get(net.input)!.scale, net.bits);
  return {
    graph: g, net, schedule, input, inputQ, params, tiler, level: { index, name: level.name, frequencyHz: level.frequencyHz, voltageV: level.voltageV },
    schedulerPe: 0, workerPes: Array.from({ length: params.workers }, (_, i) => i + 1), arenaBytes,
  };
}

/** The DRAM the host fills before the start interrupt: every layer's weights and output parameters, the input, and a region per tensor. */
export function dnnDram(plan: DnnPlan, machine: MachineSpec): DramImage[] {
  const chip = machine.chips[0], net = plan.net;
  const dram: DramImage[] = [];
  for (const op of net.ops) {
    if (op.kind !== 'conv' && op.kind !== 'dense') continue;
    const C = op.bias.length, p = new Int32Array(3 * C);
    p.set(op.bias, 0); p.set(op.mult, C); p.set(op.shift, 2 * C);
    dram.push({ chip, name: `${op.name}.weights`, data: op.weights }, { chip, name: `${op.name}.params`, data: p });
  }
  const eb = net.bits === 16 ? 2 : 1;
  for (const t of net.tensors.values()) {
    if (t.buffer !== t.name) continue;
    dram.push(t.name === net.tensors.get(net.input)!.buffer ? { chip, name: t.name, data: plan.inputQ } : { chip, name: t.name, bytes: eb * t.size });
  }
  return dram;
}

/** What the programs are given at attach (the static schedule and where things are). */
export function programPlan(plan: DnnPlan, machine: MachineSpec): DnnProgramPlan {
  const scratch = new Sram(machine.chips[0], plan.schedulerPe, machine.pe.sramBytes, machine.pe.codeBytes);
  for (const r of schedulerRegions(plan.schedule)) scratch.allocate(r.name, r.bytes);
  return {
    schedule: plan.schedule, params: plan.params, schedulerPe: plan.schedulerPe, workerPes: plan.workerPes,
    bufferOf: Object.fromEntries([...plan.net.tensors.values()].map((t) => [t.name, t.buffer])), flagsOffset: scratch.region('flags').offset,
  };
}

/**
 * The machine image: the scheduler PE with its flag ring and state regions, every worker with its tile arena and
 * control words, the weights, parameters and input in DRAM.
 */
export function dnnImage(plan: DnnPlan, machine: MachineSpec): MachineImage {
  const chip = machine.chips[0];
  const pp = programPlan(plan, machine);
  return {
    tables: [],
    dram: dnnDram(plan, machine),
    pes: [
      { chip, pe: plan.schedulerPe, program: 'dnn-scheduler', label: 'DNN scheduler', regions: schedulerRegions(plan.schedule), params: pp },
      ...plan.workerPes.map((pe, index) => ({
        chip, pe, program: 'dnn-worker', label: `DNN worker ${index}`, params: { plan: pp, index } satisfies WorkerParams,
        regions: [{ name: 'arena', bytes: plan.arenaBytes }, { name: 'ctl', bytes: WORKER_CTL_BYTES }],
      })),
    ],
  };
}

export const shapesOf = (g: FloatGraph) => inferShapes(g);
