import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from './plugin';
import { snnModelSchema, type SnnModelInput } from './model';

const N = 20;
const cell = { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -50, i_offset: 0 };

function ringModel(): SnnModelInput {
  return {
    populations: [
      { name: 'stim', model: 'SpikeSourceArray', size: 1, spike_times: [[0]] },
      { name: 'ring', model: 'IF_curr_exp', size: N, params: cell, record: ['spikes'], neuronsPerPe: 7 },
    ],
    projections: [
      { pre: 'stim', post: 'ring', connector: { type: 'fromList', connections: [[0, 0, 2, 1]] } },
      { pre: 'ring', post: 'ring', connector: { type: 'fromList', connections: Array.from({ length: N }, (_, i) => [i, (i + 1) % N, 2, 1] as [number, number, number, number]) } },
    ],
  };
}

/**
 * Independent reference in float64: the same semantics (input of step t applied in step t, then the exact solution
 * of the linear ODE pair over one step, by its own derivation: V is integrated with the analytic solution of
 * tau_m dV/dt = -(V - v_rest) + R I(t), I(t) = I0 exp(-t / tau_s)), written without the plugin's propagators.
 */
function reference(steps: number): Array<[number, number]> {
  const R = cell.tau_m / cell.cm;
  const a = 1 / cell.tau_m, b = 1 / cell.tau_syn_E;
  const v = new Array(N).fill(cell.v_rest), I = new Array(N).fill(0), refr = new Array(N).fill(0);
  const pending = new Map<number, number[]>([[1, [0]]]); // step -> targets receiving 2 nA
  const spikes: Array<[number, number]> = [];
  for (let t = 0; t < steps; t++) {
    for (const j of pending.get(t) ?? []) I[j] += 2;
    for (let i = 0; i < N; i++) {
      if (refr[i] > 0) {
        refr[i]--;
        v[i] = cell.v_reset;
      } else {
        // V(h) = v_rest + (V0 - v_rest) e^{-a h} + R a I0 (e^{-b h} - e^{-a h}) / (a - b)
        const h = 1;
        const vn = cell.v_rest + (v[i] - cell.v_rest) * Math.exp(-a * h) + (R * a * I[i] * (Math.exp(-b * h) - Math.exp(-a * h))) / (a - b);
        if (vn >= cell.v_thresh) {
          spikes.push([i, t]);
          v[i] = cell.v_reset;
          refr[i] = 2;
          pending.set(t + 1, [...(pending.get(t + 1) ?? []), (i + 1) % N]);
        } else v[i] = vn;
      }
      I[i] *= Math.exp(-b);
    }
  }
  return spikes;
}

describe('synfire ring (IF_curr_exp, one chip)', () => {
  const run = runPlugin(snnPlugin, snnModelSchema.parse(ringModel()), { machine: machinePreset('chip'), ticks: 100, tickNs: 1e6, seed: 1 });
  const train = run.result.spikes.ring;
  const got = Array.from(train.neurons, (n, i) => [n, train.timesMs[i]] as [number, number]);

  it('activity travels around the ring in order, more than once', () => {
    expect(got.length).toBeGreaterThan(N);
    got.forEach(([n], i) => expect(n).toBe(i % N));
    for (let i = 1; i < got.length; i++) expect(got[i][1]).toBeGreaterThan(got[i - 1][1]);
  });

  it('spike times equal an independent float64 integration of the same equations', () => {
    expect(got).toEqual(reference(100));
  });

  it('was split over several PEs and routed by multicast keys', () => {
    expect(run.mapping.report.pieces.filter((p) => p.population === 'ring')).toHaveLength(3);
    expect(run.sim.provenance().routers[0].localMulticast).toBe(got.length + 1);
    expect(run.sim.provenance().routers[0].droppedNoRoute).toBe(0);
  });
});
