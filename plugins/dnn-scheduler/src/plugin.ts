import { definePlugin, type Mapping, type Simulation } from '@s2sim/actors';
import { dnnModelSchema, type DnnModel } from './model';
import { dnnImage, planDnn, type DnnPlan } from './pipeline';
import { opMacs } from './qnet';
import { dnnFinished, dnnOutputs, dnnSummary, dnnTimelineSpec, readResults, startDnn, type DnnResult } from './results';
import { dnnSchedulerProgram } from './schedulerProgram';
import { dnnWorkerProgram } from './workerProgram';

export { dnnSchedulerProgram, dnnWorkerProgram };

/** What `s2sim map` shows (JSON-safe); the plan itself rides along, hidden from JSON. */
export interface DnnMappingReport {
  network: { layers: number; macs: number; weights: number; granularity: string };
  workers: number;
  arenaBytes: number;
  level: string;
  layers: Array<{ name: string; kind: string; tiles: number; waves: number; oTile: number; rTile: number; splits: number }>;
  plan?: DnnPlan;
}

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
 * scheduler PE, which runs the whole network on chip with the workers, as PE programs on the runtime kernel. The
 * run ends when the scheduler halts (`finished`): the scenario's ticks are an upper bound.
 */
export const dnnPlugin = definePlugin<DnnModel, DnnMappingReport, DnnResult>({
  name: 'dnn-scheduler',
  description: 'Tiled int8 DNN inference on the MAC arrays: host mapper, on-chip scheduler PE (xstate) and worker PEs',
  programs: [dnnSchedulerProgram, dnnWorkerProgram],
  module: '@s2sim/dnn-scheduler',
  modelSchema: dnnModelSchema,
  map: mapDnn,
  start: (sim: Simulation, mapping: Mapping<DnnMappingReport>) => startDnn(sim, mapping.report.plan!),
  finished: (sim: Simulation, mapping: Mapping<DnnMappingReport>) => dnnFinished(sim, mapping.report.plan!),
  results: (sim: Simulation, mapping: Mapping<DnnMappingReport>): DnnResult => readResults(mapping.report.plan!, sim),
  summary: dnnSummary,
  outputs: dnnOutputs,
  plots: (r: DnnResult) => [{ name: 'dnn-timeline', spec: dnnTimelineSpec(r) }],
});
