import { definePlugin, defineProgram, type Mapping, type Simulation } from '@s2sim/actors';
import type { Sram } from '@s2sim/hardware';
import { dnnModelSchema, type DnnModel } from './model';
import { dnnImage, planDnn, type DnnPlan } from './pipeline';
import { opMacs } from './qnet';
import { dnnOutputs, dnnSummary, executePlan, type DnnResult } from './results';

/** What `s2sim map` shows (JSON-safe); the plan itself rides along, hidden from JSON. */
export interface DnnMappingReport {
  network: { layers: number; macs: number; weights: number; granularity: string };
  workers: number;
  arenaBytes: number;
  level: string;
  layers: Array<{ name: string; kind: string; tiles: number; waves: number; oTile: number; rTile: number; splits: number }>;
  plan?: DnnPlan;
}

/** The scheduler PE's program: typed-array views over its flag and state regions (the xstate machine runs them). */
export const dnnSchedulerProgram = defineProgram({
  name: 'dnn-scheduler',
  attach: (sram: Sram) => ({ flags: sram.bytes('flags'), inFlight: sram.bytes('inFlight'), tileState: sram.bytes('tileState') }),
});

/** A worker PE's program: its tile arena. */
export const dnnWorkerProgram = defineProgram({
  name: 'dnn-worker',
  attach: (sram: Sram) => ({ arena: sram.bytes('arena') }),
});

function mapDnn(model: DnnModel, ctx: { machine: Parameters<typeof planDnn>[1]; baseDir: string }): Mapping<DnnMappingReport> {
  const plan = planDnn(model, ctx.machine, ctx.baseDir);
  const report: DnnMappingReport = {
    network: {
      layers: plan.net.ops.length,
      macs: plan.net.ops.reduce((s, o) => s + opMacs(o), 0),
      weights: plan.net.ops.reduce((s, o) => s + (o.kind === 'conv' || o.kind === 'dense' ? o.weights.length : 0), 0),
      granularity: plan.net.granularity,
    },
    workers: plan.params.workers, arenaBytes: plan.arenaBytes, level: plan.level.name,
    layers: plan.schedule.layers.map((l) => ({ name: l.op.name, kind: l.op.kind, tiles: l.tasks.length, waves: l.waves, oTile: l.tiling.oTile, rTile: l.tiling.rTile, splits: l.tiling.splits })),
  };
  Object.defineProperty(report, 'plan', { value: plan, enumerable: false });
  return { image: dnnImage(plan, ctx.machine), report };
}

/**
 * DNN inference as Kelber et al. 2020 map it: the host tiles layers and fixes a schedule; one interrupt starts the
 * scheduler PE, which runs the whole network on chip with the workers. The tick kernel loads the image (so SRAM
 * limits are checked there) and the chip run happens, event by event at nanosecond resolution, when results are
 * read, on the SRAM the kernel loaded.
 */
export const dnnPlugin = definePlugin<DnnModel, DnnMappingReport, DnnResult>({
  name: 'dnn-scheduler',
  description: 'Tiled int8 DNN inference on the MAC arrays: host mapper, on-chip scheduler PE (xstate) and worker PEs',
  programs: [dnnSchedulerProgram, dnnWorkerProgram],
  modelSchema: dnnModelSchema,
  map: mapDnn,
  results(sim: Simulation, mapping: Mapping<DnnMappingReport>): DnnResult {
    const plan = mapping.report.plan!;
    const c = sim.machine.chips[0];
    return executePlan(plan, sim.machine, { scheduler: sim.sram(c.x, c.y, plan.schedulerPe), workers: plan.workerPes.map((pe) => sim.sram(c.x, c.y, pe)) });
  },
  summary: dnnSummary,
  outputs: dnnOutputs,
});
