import { machinePreset, type MachineSpec } from '@s2sim/hardware';
import { dnnModelSchema, type DnnModelInput } from './model';
import { planDnn, type DnnPlan } from './pipeline';
import { executePlan, type DnnResult } from './results';
import type { FloatGraph } from './graph';

/** Plans a DNN and runs it on one chip on the runtime kernel, in one call: for scripts, tests and benchmarks. */
export function runDnn(model: DnnModelInput, opts: { machine?: MachineSpec; baseDir?: string; graph?: FloatGraph } = {}): { plan: DnnPlan; result: DnnResult } {
  const machine = opts.machine ?? machinePreset('chip');
  const plan = planDnn(dnnModelSchema.parse(model), machine, opts.baseDir, opts.graph);
  return { plan, result: executePlan(plan, machine) };
}
