import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnModelSchema, snnPlugin } from '@s2sim/snn';
import { defaultEnergyModelFor } from './energyModel';
import { dvfsPolicyFromSpec } from './dvfsPolicyRegistry';

/**
 * Integration (test-only import of downstream packages): the policies in the kernel's DVFS slot. Synfire rings on
 * the h19 levels, run at the fixed top level and with the workload-driven policy. The kernel processes packets in
 * the tick they arrive, so the policy runs with `processing: 'immediate'`.
 */
const RINGS = 30;
const N = 20;
const TICKS = 150;
const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50, i_offset: 0 };

function rings() {
  const conns: Array<[number, number, number, number]> = [];
  for (let r = 0; r < RINGS; r++) for (let i = 0; i < N; i++) conns.push([r * N + i, r * N + ((i + 1) % N), 2, 1]);
  return snnModelSchema.parse({
    populations: [
      { name: 'stim', model: 'SpikeSourceArray', size: RINGS, spike_times: Array.from({ length: RINGS }, (_, r) => [r % 10]) },
      { name: 'rings', model: 'IF_curr_exp', size: RINGS * N, params: cell, record: ['spikes'], neuronsPerPe: 100 },
    ],
    projections: [
      { pre: 'stim', post: 'rings', connector: { type: 'fromList', connections: Array.from({ length: RINGS }, (_, r) => [r, r * N, 2, 1]) } },
      { pre: 'rings', post: 'rings', connector: { type: 'fromList', connections: conns } },
    ],
  });
}

describe('DVFS policies in the kernel', () => {
  const machine = machinePreset('chip', { pe: { performanceLevels: 'h19' } });
  const energy = defaultEnergyModelFor(machine.pe.performanceLevels);
  const run = (spec: unknown) => runPlugin(snnPlugin, rings(), { machine, ticks: TICKS, tickNs: 1e6, seed: 3, kernel: { dvfs: dvfsPolicyFromSpec(spec), energy } });
  const top = run({ policy: 'fixed' });
  const dvfs = run({ policy: 'workload', processing: 'immediate' });

  it('changes the energy, never the results', () => {
    expect(top.result.spikes.rings.neurons.length).toBeGreaterThan(RINGS * 10);
    expect(Array.from(dvfs.result.spikes.rings.neurons)).toEqual(Array.from(top.result.spikes.rings.neurons));
    expect(Array.from(dvfs.result.spikes.rings.timesMs)).toEqual(Array.from(top.result.spikes.rings.timesMs));
  });

  it('runs light PEs at the lowest level, with no overruns, and saves energy', () => {
    const e = dvfs.sim.energy();
    expect(dvfs.sim.dvfsPolicy).toBe('workload-driven');
    expect(top.sim.energy().ticksByLevel).toEqual({ PL3: top.sim.energy().peTicks });
    expect((e.ticksByLevel.PL1 ?? 0) / e.peTicks).toBeGreaterThan(0.9);
    expect(dvfs.sim.provenance().pes.reduce((s, p) => s + p.timerOverruns, 0)).toBe(0);
    expect(e.totalJ).toBeLessThan(0.5 * top.sim.energy().totalJ);
    expect(e.dynamicJ + e.baselineJ).toBeCloseTo(e.totalJ, 15);
  });
});
