import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from './plugin';
import { snnModelSchema, type SnnScenarioModel } from './model';

/**
 * Delays beyond a PE's 15-slot ring go through delay extension PEs. With IF_curr_delta targets and a weight far
 * above threshold, a target fires in the very step its input arrives, so a spike sent at step s over d steps must
 * produce a target spike at exactly s + d (the definition of the delay, independent of the implementation).
 */
describe('delay extensions', () => {
  const delays = [1, 2, 15, 16, 29, 30, 31, 46, 100, 240];
  const sendSteps = [0, 3, 50];
  it('a spike over d steps arrives exactly d steps later, for d from 1 to 240', () => {
    const model = snnModelSchema.parse({
      populations: [
        { name: 'src', model: 'SpikeSourceArray', size: 1, spike_times: [sendSteps] },
        { name: 'dst', model: 'IF_curr_delta', size: delays.length, params: { tau_refrac: 0, v_rest: 0, v_reset: 0, v_thresh: 10 }, record: ['spikes'] },
      ],
      projections: [{ pre: 'src', post: 'dst', connector: { type: 'fromList', connections: delays.map((d, j) => [0, j, 50, d]) } }],
    }) as SnnScenarioModel;
    const run = runPlugin(snnPlugin, model, { machine: machinePreset('chip'), ticks: 320, tickNs: 1e6, seed: 1 });
    const got = Array.from(run.result.spikes.dst.neurons, (n, i) => [n, run.result.spikes.dst.timesMs[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const want = delays.flatMap((d, j) => sendSteps.map((s) => [j, s + d])).filter(([, t]) => t < 320);
    expect(got).toEqual(want);
    expect(run.mapping.report.delayExtensions).toBe(1);
    expect(run.sim.provenance().routers[0].droppedNoRoute).toBe(0);
  });

  it('delays of a distribution are rounded to steps and each takes its own stage', () => {
    const model = snnModelSchema.parse({
      populations: [
        { name: 'src', model: 'SpikeSourceArray', size: 20, spike_times: [[0]] },
        { name: 'dst', model: 'IF_curr_delta', size: 20, params: { tau_refrac: 0, v_rest: 0, v_reset: 0, v_thresh: 10 }, record: ['spikes'] },
      ],
      projections: [{ pre: 'src', post: 'dst', connector: { type: 'oneToOne' }, weight: 50, delay: { uniform: { low: 0.5, high: 60 } } }],
    }) as SnnScenarioModel;
    const run = runPlugin(snnPlugin, model, { machine: machinePreset('chip'), ticks: 80, tickNs: 1e6, seed: 3 });
    const report = run.mapping.report.projections[0];
    expect(report.maxDelayTicks).toBeGreaterThan(15);
    expect(run.result.spikes.dst.neurons.length).toBe(20);
    // each target fired once, at its own delay: all between 1 and 60 steps after t = 0
    for (const t of run.result.spikes.dst.timesMs) expect(t >= 1 && t <= 60).toBe(true);
  });
});
