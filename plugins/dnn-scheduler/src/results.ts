import { InputError, ProgramRegistry, Simulation, runUntilHalted } from '@s2sim/actors';
import { MAC_ARRAY_GEOMETRY, type MachineSpec } from '@s2sim/hardware';
import { fixedLevelPolicy } from '@s2sim/power';
import { dnnImage, type DnnPlan } from './pipeline';
import { dequantize, opMacs, type QArray } from './qnet';
import { DONE_CHANNEL, LAYER_CHANNEL, dnnSchedulerProgram } from './schedulerProgram';
import { tileLayout } from './tiles';
import { BUSY, BUSY_CHANNEL, BUSY_NAMES, Timeline } from './timeline';
import { timelineSpec } from './timelinePlot';
import { dnnWorkerProgram, workerCounters } from './workerProgram';

/** Timer period of a DNN run, ns: only the granularity of the run loop and of the energy account (the programs use no timer). */
export const DNN_TICK_NS = 100_000;

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
  /** Bytes through the chip's shared DRAM port (the kernel's count). */
  dramReadBytes: number;
  dramWriteBytes: number;
  /** Partial sums moved PE to PE over the NoC. */
  nocBytes: number;
  /** All DMA bytes the PEs moved (the kernel's per-PE count): DRAM read + written + NoC. */
  dmaBytes: number;
  saturations: number;
  /** Lower bounds: all MACs at the array's peak on every worker; all DRAM bytes at the full DRAM bandwidth. */
  roofline: { computeNs: number; memoryNs: number };
  /** From the runtime's energy account (sim.energyReport()) over the ticks the run took. */
  energy: { totalJ: number; peDynamicJ: number; macJ: number; dmaJ: number; baselineJ: number; chipJ: number; ticks: number; assumptions: string };
  workers: number;
  layers: DnnLayerSummary[];
  timeline: Timeline;
  schedulerState: string;
  /** Kernel handlers run (interrupts handled on all PEs). */
  interrupts: number;
}

/** The host's one start interrupt: a packet to the scheduler PE, delivered at the start of the next tick. */
export function startDnn(sim: Simulation, plan: DnnPlan): void {
  const c = sim.machine.chips[0];
  sim.inject(c.x, c.y, plan.schedulerPe, 0x444e4e); // key: 'DNN'
}

/** True once the scheduler PE has halted (it signalled completion) or faulted. */
export function dnnFinished(sim: Simulation, plan: DnnPlan): boolean {
  const c = sim.machine.chips[0];
  const st = sim.peState(c.x, c.y, plan.schedulerPe);
  return st === 'halted' || st === 'faulted';
}

/**
 * Runs a plan on the runtime kernel: loads the image (SRAM regions, DRAM contents, programs), raises the host's
 * start interrupt, runs tick by tick until the scheduler halts, and reads the results back.
 */
export function executePlan(plan: DnnPlan, machine: MachineSpec, opts: { tickNs?: number; maxTicks?: number } = {}): DnnResult {
  const level = machine.pe.defaultPerformanceLevel ?? machine.pe.performanceLevels.length - 1;
  const sim = new Simulation(machine, new ProgramRegistry().register(dnnSchedulerProgram).register(dnnWorkerProgram), {
    tickNs: opts.tickNs ?? DNN_TICK_NS, seed: 1, dramBytesPerNs: plan.params.dramBytesPerNs,
    ...(plan.level.index !== level ? { dvfs: fixedLevelPolicy(plan.level.index) } : {}),
  });
  sim.load(dnnImage(plan, machine));
  startDnn(sim, plan);
  const c = machine.chips[0];
  const maxTicks = opts.maxTicks ?? 100_000;
  const r = runUntilHalted(sim, { pes: [{ x: c.x, y: c.y, pe: plan.schedulerPe }], maxTicks });
  if (!r.halted) throw new Error(`the DNN scheduler had not finished after ${maxTicks} ticks of ${sim.options.tickNs} ns (a schedule bug, or raise maxTicks)`);
  return readResults(plan, sim);
}

/** Reads a finished run back: output from DRAM, counters from the kernel and the workers' SRAM, energy from the account. */
export function readResults(plan: DnnPlan, sim: Simulation): DnnResult {
  const c = sim.machine.chips[0], per = sim.machine.chip.pes;
  const done = sim.recorder.channel(DONE_CHANNEL).values;
  const schedState = sim.peState(c.x, c.y, plan.schedulerPe);
  if (done.length !== 1) {
    const fault = sim.faults[0];
    if (!fault && schedState !== 'faulted') {
      throw new InputError(`the DNN scheduler had not finished after ${sim.ticksRun} ticks of ${sim.options.tickNs / 1e3} µs`, 'raise run.ticks (an upper bound: the run ends in the tick where the scheduler halts)', 'run.ticks');
    }
    throw new Error(
      `the DNN scheduler did not finish (its PE is ${schedState} after ${sim.ticksRun} ticks)` + (fault ? `: ${fault.pe} faulted: ${fault.cause}` : '') +
        '. Hint: a run ends when the scheduler halts; give the scenario enough ticks (run.ticks is an upper bound)',
    );
  }
  const prov = sim.provenance();
  const sched = prov.pes.find((p) => p.pe === `chip(${c.x},${c.y}).pe(${plan.schedulerPe})`)!;
  if (sched.level !== plan.level.name) {
    throw new InputError(`the PEs ran at ${sched.level} but the model was mapped for ${plan.level.name}`, 'give the scenario\'s run.performanceLevel the same level as model.chip.performanceLevel', 'model.chip.performanceLevel');
  }
  const latencyNs = done[0];
  const f = plan.level.frequencyHz, p = plan.params, workers = p.workers;
  const peak = MAC_ARRAY_GEOMETRY[plan.net.bits === 16 ? 'int16' : 'int8'].macsPerCycle;
  const outT = plan.net.tensors.get(plan.net.output)!;
  const bytes = sim.dram(c.x, c.y, outT.buffer);
  const outputQ = plan.net.bits === 16 ? new Int16Array(bytes.slice(0, 2 * outT.size).buffer) : new Int8Array(bytes.slice(0, outT.size).buffer);
  let saturations = 0, nocBytes = 0;
  for (const pe of plan.workerPes) {
    const w = workerCounters(sim.readRegion(c.x, c.y, pe, 'ctl'));
    saturations += w.saturations;
    nocBytes += w.nocBytes;
  }
  const macs = prov.pes.reduce((s, x) => s + x.macs, 0);
  const dmaBytes = prov.pes.reduce((s, x) => s + x.dmaBytes, 0);
  const port = sim.dramPort(c.x, c.y);
  const latencyCycles = (latencyNs * f) / 1e9;
  const rep = sim.energyReport();
  const layerStart = Array.from(sim.recorder.channel(LAYER_CHANNEL).values);
  return {
    output: dequantize(outputQ, outT.scale), outputQ, outputShape: outT.shape,
    level: plan.level.name, frequencyHz: f, latencyCycles, latencyUs: latencyNs / 1e3, latencyNs,
    macs, macUtilisation: macs / (peak * workers * latencyCycles),
    dramReadBytes: port.readBytes, dramWriteBytes: port.writeBytes, nocBytes, dmaBytes, saturations,
    roofline: { computeNs: (macs / (peak * workers * f)) * 1e9, memoryNs: (port.readBytes + port.writeBytes) / sim.options.dramBytesPerNs },
    energy: {
      totalJ: rep.totalJ, peDynamicJ: rep.pe.dynamicJ, macJ: rep.parts.peMacJ, dmaJ: rep.parts.peDmaByteJ, baselineJ: rep.pe.baselineJ,
      chipJ: rep.parts.chipOverheadJ + rep.parts.boardOverheadJ, ticks: rep.ticks,
      assumptions: `the runtime's energy account (@s2sim/power) over ${rep.ticks} ticks of ${rep.tickNs / 1e3} µs; per-cycle, per-MAC, per-DMA-byte energies and baseline power are assumptions (HARDWARE.md); DRAM device energy is not in the account`,
    },
    workers,
    layers: plan.schedule.layers.map((l, i) => {
      const b = layerDramBytes(plan, i);
      const end = i + 1 < layerStart.length ? layerStart[i + 1] : latencyNs;
      return {
        name: l.op.name, kind: l.op.kind, tiles: l.tasks.length, waves: l.waves, oTile: l.tiling.oTile, rTile: l.tiling.rTile, splits: l.tiling.splits,
        slots: l.slots, macs: opMacs(l.op), dramBytes: b, latencyUs: (end - layerStart[i]) / 1e3, dramBoundUs: b / p.dramBytesPerNs / 1e3,
      };
    }),
    timeline: Timeline.fromRecords(sim.recorder.channel(BUSY_CHANNEL), (g) => g % per),
    schedulerState: schedState === 'halted' ? 'done' : schedState,
    interrupts: prov.pes.reduce((s, x) => s + x.interrupts, 0),
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

/** Files for the results folder: outputs, per-layer tiling, the timeline as data and its Vega-Lite spec. */
export function dnnOutputs(r: DnnResult): Array<{ path: string; content: string }> {
  const t = r.timeline;
  const rows: Array<[number, number, number, string]> = [];
  for (let i = 0; i < t.length; i++) rows.push([t.pe[i], +t.startNs[i].toFixed(1), +t.endNs[i].toFixed(1), BUSY_NAMES[t.kind[i]]]);
  return [
    { path: 'dnn/output.csv', content: 'index,value,int8\n' + Array.from(r.output, (v, i) => `${i},${v},${r.outputQ[i]}`).join('\n') + '\n' },
    { path: 'dnn/layers.csv', content: 'name,kind,tiles,waves,oTile,rTile,splits,slots,macs,dramBytes,latencyUs,dramBoundUs\n' + r.layers.map((l) => [l.name, l.kind, l.tiles, l.waves, l.oTile, l.rTile, l.splits, l.slots, l.macs, l.dramBytes, l.latencyUs.toFixed(3), l.dramBoundUs.toFixed(3)].join(',')).join('\n') + '\n' },
    { path: 'dnn/timeline.json', content: JSON.stringify({ columns: ['pe', 'startNs', 'endNs', 'kind'], rows }) + '\n' },
    { path: 'dnn/timeline.vl.json', content: JSON.stringify(dnnTimelineSpec(r), null, 1) + '\n' },
  ];
}

/** The timeline plot (rendered by the host into plots/dnn-timeline.svg and .png). */
export function dnnTimelineSpec(r: DnnResult): Record<string, unknown> {
  return timelineSpec(r.timeline, r.latencyNs, `PE busy intervals: ${r.workers} workers and the scheduler, latency ${r.latencyUs.toFixed(1)} µs at ${r.level}`);
}

export { BUSY };
