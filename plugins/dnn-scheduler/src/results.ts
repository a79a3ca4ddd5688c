import type { MachineSpec, Sram } from '@s2sim/hardware';
import { baselinePowerW, defaultEnergyModel, dynamicEnergyJ, type EnergyModel } from '@s2sim/power';
import { runOnChip, type ChipRunStats } from './chipRun';
import { allocateSrams, type DnnPlan } from './pipeline';
import { dequantize, opMacs, type QArray } from './qnet';
import { MAC_ARRAY_GEOMETRY } from '@s2sim/hardware';
import { tileLayout } from './tiles';
import { BUSY, BUSY_NAMES } from './timeline';

export interface DnnLayerSummary {
  name: string;
  kind: string;
  tiles: number;
  waves: number;
  oTile: number;
  rTile: number;
  splits: number;
  /** Tiles held per worker (2: double buffered). */
  slots: number;
  macs: number;
  dramBytes: number;
  /** Time from the layer's start to the next layer's start (or the end), µs. */
  latencyUs: number;
  /** The layer's DRAM bytes at full bandwidth, µs: how far the layer is from its memory bound. */
  dramBoundUs: number;
}

export interface DnnResult {
  /** The output in real units (dequantised), its int8 values and its shape. */
  output: Float32Array;
  /** The quantised output: int8, or int16 for an int16 network. */
  outputQ: QArray;
  outputShape: number[];
  level: string;
  frequencyHz: number;
  latencyCycles: number;
  latencyUs: number;
  latencyNs: number;
  macs: number;
  /** MACs / (peak x workers x latency cycles), peak 64 (int8) or 16 (int16) MACs/cycle: the share of the chip's MAC array peak that the run used. */
  macUtilisation: number;
  dramReadBytes: number;
  dramWriteBytes: number;
  nocBytes: number;
  saturations: number;
  /** Lower bounds: all MACs at the array's peak on every worker; all DRAM bytes at the full DRAM bandwidth. */
  roofline: { computeNs: number; memoryNs: number };
  energy: { totalJ: number; peDynamicJ: number; macJ: number; baselineJ: number; dramJ: number; nocJ: number; assumptions: string };
  workers: number;
  layers: DnnLayerSummary[];
  timeline: ChipRunStats['timeline'];
  schedulerState: string;
}

/** Runs a plan on chip SRAMs (the kernel's, or fresh ones) and turns the counters into results. */
export function executePlan(plan: DnnPlan, machine: MachineSpec, srams = allocateSrams(plan, machine), energyModel: EnergyModel = defaultEnergyModel()): DnnResult {
  const s = runOnChip({
    net: plan.net, schedule: plan.schedule, input: plan.inputQ, params: plan.params, frequencyHz: plan.level.frequencyHz,
    dmaBytesPerCycle: machine.costs.dmaBytesPerCycle, dramCapacityBytes: machine.chip.dramBytes,
    schedulerSram: srams.scheduler as Sram, workerSrams: srams.workers, schedulerPe: plan.schedulerPe, workerPes: plan.workerPes,
  });
  const f = plan.level.frequencyHz, p = plan.params, workers = p.workers;
  const peak = MAC_ARRAY_GEOMETRY[plan.net.bits === 16 ? 'int16' : 'int8'].macsPerCycle;
  const outT = plan.net.tensors.get(plan.net.output)!;
  const latencyCycles = (s.latencyNs * f) / 1e9;
  const lvl = { name: plan.level.name, voltageV: plan.level.voltageV, frequencyHz: f, source: '' };
  const v2 = (plan.level.voltageV / energyModel.referenceVoltageV) ** 2;
  const busyCycles = s.workerBusyCycles.reduce((a, b) => a + b, 0) + s.schedulerBusyCycles;
  const peDynamicJ = dynamicEnergyJ(energyModel, lvl, busyCycles);
  const busyS = busyCycles / f, peS = (workers + 1) * s.latencyNs * 1e-9;
  const baselineJ = baselinePowerW(energyModel, lvl, false) * busyS + baselinePowerW(energyModel, lvl, true) * Math.max(0, peS - busyS);
  const macJ = s.macs * p.macEnergyJ * v2;
  const dramJ = (s.dramReadBytes + s.dramWriteBytes) * p.dramEnergyPerByteJ;
  const nocJ = s.nocBytes * p.nocEnergyPerByteJ;
  return {
    output: dequantize(s.output, outT.scale), outputQ: s.output, outputShape: outT.shape,
    level: plan.level.name, frequencyHz: f, latencyCycles, latencyUs: s.latencyNs / 1e3, latencyNs: s.latencyNs,
    macs: s.macs, macUtilisation: s.macs / (peak * workers * latencyCycles),
    dramReadBytes: s.dramReadBytes, dramWriteBytes: s.dramWriteBytes, nocBytes: s.nocBytes, saturations: s.saturations,
    roofline: { computeNs: (s.macs / (peak * workers * f)) * 1e9, memoryNs: (s.dramReadBytes + s.dramWriteBytes) / p.dramBytesPerNs },
    energy: {
      totalJ: peDynamicJ + macJ + baselineJ + dramJ + nocJ, peDynamicJ, macJ, baselineJ, dramJ, nocJ,
      assumptions: 'per-cycle, per-MAC, per-byte energies and baseline power are assumptions (HARDWARE.md): compare runs, do not quote absolutes',
    },
    workers,
    layers: plan.schedule.layers.map((l, i) => {
      const bytes = layerDramBytes(plan, i);
      const end = i + 1 < s.layerStartNs.length ? s.layerStartNs[i + 1] : s.latencyNs;
      return {
        name: l.op.name, kind: l.op.kind, tiles: l.tasks.length, waves: l.waves, oTile: l.tiling.oTile, rTile: l.tiling.rTile, splits: l.tiling.splits,
        slots: l.slots, macs: opMacs(l.op), dramBytes: bytes, latencyUs: (end - s.layerStartNs[i]) / 1e3, dramBoundUs: bytes / p.dramBytesPerNs / 1e3,
      };
    }),
    timeline: s.timeline,
    schedulerState: s.schedulerState,
  };
}

function layerDramBytes(plan: DnnPlan, layer: number): number {
  let bytes = 0;
  for (const id of plan.schedule.layers[layer].tasks) {
    const t = plan.schedule.tasks[id];
    const lay = tileLayout(plan.schedule.layers[layer].op, t);
    bytes += lay.dramInBytes + (t.group < 0 || t.leader ? lay.paramBytes + lay.outBytes : 0);
  }
  return bytes;
}

/** Analytic traffic of a schedule, from each tile's geometry (for reports and the conservation check). */
export function analyticDramBytes(plan: DnnPlan): { read: number; write: number } {
  let read = 0, write = 0;
  for (const t of plan.schedule.tasks) {
    const lay = tileLayout(plan.schedule.layers[t.layer].op, t);
    read += lay.dramInBytes;
    if (t.group < 0 || t.leader) { read += lay.paramBytes; write += lay.outBytes; }
  }
  return { read, write };
}

export function dnnSummary(r: DnnResult): Record<string, number | string> {
  return {
    latencyUs: +r.latencyUs.toFixed(3), latencyCycles: Math.round(r.latencyCycles), level: r.level, macs: r.macs,
    macUtilisation: +r.macUtilisation.toFixed(4), dramBytes: r.dramReadBytes + r.dramWriteBytes, nocBytes: r.nocBytes,
    energyJ: +r.energy.totalJ.toPrecision(4), saturations: r.saturations, workers: r.workers,
  };
}

/** Files for the results folder: outputs, per-layer tiling, the timeline as data and as a Vega-Lite plot spec. */
export function dnnOutputs(r: DnnResult): Array<{ path: string; content: string }> {
  const t = r.timeline;
  const rows: Array<[number, number, number, string]> = [];
  for (let i = 0; i < t.length; i++) rows.push([t.pe[i], +t.startNs[i].toFixed(1), +t.endNs[i].toFixed(1), BUSY_NAMES[t.kind[i]]]);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `PE busy intervals (latency ${r.latencyUs.toFixed(1)} µs at ${r.level})`,
    data: rows.length <= 20000 ? { values: rows.map(([pe, s, e, kind]) => ({ pe, startUs: s / 1e3, endUs: e / 1e3, kind })) } : { url: 'timeline.json' },
    mark: 'bar',
    encoding: {
      y: { field: 'pe', type: 'ordinal', title: 'PE' },
      x: { field: 'startUs', type: 'quantitative', title: 'time (µs)' },
      x2: { field: 'endUs' },
      color: { field: 'kind', type: 'nominal' },
    },
  };
  return [
    { path: 'dnn/output.csv', content: 'index,value,int8\n' + Array.from(r.output, (v, i) => `${i},${v},${r.outputQ[i]}`).join('\n') + '\n' },
    { path: 'dnn/layers.csv', content: 'name,kind,tiles,waves,oTile,rTile,splits,slots,macs,dramBytes,latencyUs,dramBoundUs\n' + r.layers.map((l) => [l.name, l.kind, l.tiles, l.waves, l.oTile, l.rTile, l.splits, l.slots, l.macs, l.dramBytes, l.latencyUs.toFixed(3), l.dramBoundUs.toFixed(3)].join(',')).join('\n') + '\n' },
    { path: 'dnn/timeline.json', content: JSON.stringify({ columns: ['pe', 'startNs', 'endNs', 'kind'], rows }) + '\n' },
    { path: 'dnn/timeline.vl.json', content: JSON.stringify(spec, null, 1) + '\n' },
  ];
}

export { BUSY };
