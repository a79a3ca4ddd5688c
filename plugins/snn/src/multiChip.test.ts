import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin, runPluginAsync } from '@s2sim/actors';
import { snnPlugin } from './plugin';
import { snnModelSchema, type SnnScenarioModel } from './model';

/**
 * Placement must not change results: the same network split into 4 PEs of one chip, and into 200 PEs over two
 * chips of a board (spikes crossing chips through multicast trees and compressed tables), gives the same spikes.
 */
describe('multi-chip mapping', () => {
  const N = 400;
  const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50 };
  const model = (perPe: number) =>
    snnModelSchema.parse({
      populations: [
        { name: 'stim', model: 'SpikeSourceArray', size: 4, spike_times: [[0], [5], [9], [31]] },
        { name: 'ring', model: 'IF_curr_exp', size: N, params: cell, record: ['spikes'], neuronsPerPe: perPe },
      ],
      projections: [
        { pre: 'stim', post: 'ring', connector: { type: 'fromList', connections: [[0, 0, 2, 1], [1, 150, 2, 1], [2, 300, 2, 3], [3, 399, 2, 2]] } },
        // each neuron drives the next and one far away (other chip when split finely), with delays up to 40 steps
        { pre: 'ring', post: 'ring', connector: { type: 'fromList', connections: Array.from({ length: N }, (_, i) => [i, (i + 1) % N, 2, 1 + (i % 3)]) } },
        { pre: 'ring', post: 'ring', connector: { type: 'fromList', connections: Array.from({ length: N / 4 }, (_, k) => [k * 4, (k * 4 + 200) % N, 1.2, 20 + (k % 21)]) } },
      ],
    }) as SnnScenarioModel;

  it('the same spikes on one chip and over two chips', () => {
    const one = runPlugin(snnPlugin, model(100), { machine: machinePreset('chip'), ticks: 300, tickNs: 1e6, seed: 1 });
    const two = runPlugin(snnPlugin, model(2), { machine: machinePreset('board48'), ticks: 300, tickNs: 1e6, seed: 1 });
    const chips = new Set(two.mapping.report.pieces.map((p) => `${p.chip.x},${p.chip.y}`));
    expect(chips.size).toBeGreaterThan(1);
    expect(two.mapping.report.tables.length).toBeGreaterThan(1);
    expect(one.result.spikes.ring.neurons.length).toBeGreaterThan(N);
    expect(Array.from(two.result.spikes.ring.neurons)).toEqual(Array.from(one.result.spikes.ring.neurons));
    expect(Array.from(two.result.spikes.ring.timesMs)).toEqual(Array.from(one.result.spikes.ring.timesMs));
  });

  // Delays of 4-6 steps, and 20-28 steps through delay extensions (last stage 5-13 steps): no spike acts sooner than
  // 4 steps after it is sent, so threads may meet every 4 ticks; the spikes must not depend on it.
  const slow = () => {
    const m = model(2) as unknown as { projections: Array<{ connector: { connections: number[][] } }> };
    m.projections[0].connector.connections.forEach((c) => (c[3] = 4));
    m.projections[1].connector.connections.forEach((c, i) => (c[3] = 4 + (i % 3)));
    m.projections[2].connector.connections.forEach((c, k) => (c[3] = 20 + (k % 9)));
    return m as unknown as SnnScenarioModel;
  };

  it('windows as long as the shortest delay (4 ticks here) give the same spikes as one-tick windows, on 1 and 2 threads', { timeout: 60_000 }, async () => {
    const opts = { machine: machinePreset('board48'), ticks: 200, tickNs: 1e6, seed: 1 };
    const perTick = runPlugin(snnPlugin, slow(), { ...opts, kernel: { windowTicks: 1, minDelayTicks: 1 } });
    const windowed = runPlugin(snnPlugin, slow(), opts);
    expect(windowed.mapping.minDelayTicks).toBe(4);
    expect(windowed.sim.options.windowTicks).toBe(4);
    const threads = await runPluginAsync(snnPlugin, slow(), { ...opts, kernel: { threads: 2 } });
    expect(perTick.result.spikes.ring.neurons.length).toBeGreaterThan(N / 2);
    for (const r of [windowed, threads]) {
      expect(Array.from(r.result.spikes.ring.neurons)).toEqual(Array.from(perTick.result.spikes.ring.neurons));
      expect(Array.from(r.result.spikes.ring.timesMs)).toEqual(Array.from(perTick.result.spikes.ring.timesMs));
    }
  });

  it('two worker threads (one chip each) give the same bits as one thread', { timeout: 60_000 }, async () => {
    const opts = { machine: machinePreset('board48'), ticks: 200, tickNs: 1e6, seed: 1 };
    const one = runPlugin(snnPlugin, model(2), opts);
    const two = await runPluginAsync(snnPlugin, model(2), { ...opts, kernel: { threads: 2 } });
    expect(Array.from(two.result.spikes.ring.neurons)).toEqual(Array.from(one.result.spikes.ring.neurons));
    expect(Array.from(two.result.spikes.ring.timesMs)).toEqual(Array.from(one.result.spikes.ring.timesMs));
  });
});
