import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from './plugin';
import { snnModelSchema, type SnnScenarioModel } from './model';

const chip = machinePreset('chip');
function runOne(pop: Record<string, unknown>, ticks: number, dt: number, extra: Record<string, unknown>[] = [], projections: unknown[] = []) {
  const model = snnModelSchema.parse({ populations: [{ name: 'x', size: 1, record: ['spikes', 'v'], ...pop }, ...extra], projections }) as SnnScenarioModel;
  return runPlugin(snnPlugin, model, { machine: chip, ticks, tickNs: dt * 1e6, seed: 11 });
}
const spikeSteps = (r: ReturnType<typeof runOne>, dt: number, pop = 'x') => Array.from(r.result.spikes[pop].timesMs, (t) => Math.round(t / dt));

/** Spike steps of a LIF neuron integrated in float64 by `step(v)` (the change of v over a step), held at v_reset for the refractory steps after each spike. */
function eulerLifSpikeSteps(p: { v_rest: number; v_reset: number; v_thresh: number; tau_refrac: number }, dt: number, ticks: number, step: (v: number) => number): number[] {
  const ref: number[] = [];
  let v = p.v_rest, refr = 0;
  for (let t = 0; t < ticks; t++) {
    if (refr > 0) {
      refr--;
      v = p.v_reset;
      continue;
    }
    v += step(v);
    if (v >= p.v_thresh) {
      ref.push(t);
      v = p.v_reset;
      refr = Math.round(p.tau_refrac / dt);
    }
  }
  return ref;
}

describe('neuron models against independent float64 integrations', () => {
  it('IF_cond_exp, forward Euler, constant current: the spike steps', () => {
    const p = { cm: 0.2, tau_m: 15, tau_refrac: 2, v_rest: -65, v_reset: -70, v_thresh: -52, i_offset: 0.35, e_rev_E: 0, e_rev_I: -80 };
    const dt = 0.1, ticks = 1500;
    const r = runOne({ model: 'IF_cond_exp', params: p, integrator: 'euler' }, ticks, dt);
    // The conductance form of the step (no synaptic input: the same ODE as a current LIF, written as NEST does).
    const ref = eulerLifSpikeSteps(p, dt, ticks, (v) => (dt / p.cm) * ((p.cm / p.tau_m) * (p.v_rest - v) + p.i_offset));
    expect(ref.length).toBeGreaterThan(5);
    const got = spikeSteps(r, dt);
    expect(got.length).toBe(ref.length);
    got.forEach((t, k) => expect(Math.abs(t - ref[k])).toBeLessThanOrEqual(1));
  });

  it('Izhikevich regular spiking (a .02, b .2, c -65, d 8) under 10 nA: spike steps of forward Euler', () => {
    const q = { a: 0.02, b: 0.2, c: -65, d: 8, i_offset: 10, v_init: -65, u_init: -13 };
    const dt = 0.1, ticks = 3000;
    const r = runOne({ model: 'Izhikevich', params: q }, ticks, dt);
    const ref: number[] = [];
    let v = q.v_init, u = q.u_init;
    for (let t = 0; t < ticks; t++) {
      const vn = v + dt * (0.04 * v * v + 5 * v + 140 - u + q.i_offset);
      const un = u + dt * q.a * (q.b * v - u);
      if (vn >= 30) {
        ref.push(t);
        v = q.c;
        u = un + q.d;
      } else {
        v = vn;
        u = un;
      }
    }
    const got = spikeSteps(r, dt);
    expect(ref.length).toBeGreaterThan(4);
    expect(got.length).toBe(ref.length);
    got.forEach((t, k) => expect(Math.abs(t - ref[k])).toBeLessThanOrEqual(1));
    // regular spiking adapts: the first interval is shorter than the last
    expect(ref[1] - ref[0]).toBeLessThan(ref[ref.length - 1] - ref[ref.length - 2]);
  });

  it('ALIF: the threshold adapts, so intervals lengthen, as an exact float64 reference', () => {
    const p = { cm: 0.25, tau_m: 20, tau_refrac: 1, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -65, v_thresh: -55, i_offset: 0.7, tau_a: 100, beta: 2 };
    const dt = 1, ticks = 400;
    const r = runOne({ model: 'ALIF', params: p }, ticks, dt);
    const aM = Math.exp(-dt / p.tau_m), aA = Math.exp(-dt / p.tau_a);
    const vInf = p.v_rest + (p.i_offset * p.tau_m) / p.cm;
    const ref: number[] = [];
    let v = p.v_rest, b = 0, refr = 0;
    for (let t = 0; t < ticks; t++) {
      if (refr > 0) {
        refr--;
        v = p.v_reset;
      } else {
        v = vInf + (v - vInf) * aM;
        if (v >= p.v_thresh + b) {
          ref.push(t);
          v = p.v_reset;
          refr = p.tau_refrac / dt;
          b += p.beta;
        }
      }
      b *= aA;
    }
    expect(spikeSteps(r, dt)).toEqual(ref);
    expect(ref[1] - ref[0]).toBeLessThan(ref[ref.length - 1] - ref[ref.length - 2]);
  });

  it('IF_curr_exp exact and Euler differ, and Euler matches an independent Euler integration', () => {
    const p = { cm: 0.25, tau_m: 10, tau_refrac: 2, tau_syn_E: 2, tau_syn_I: 5, v_rest: -65, v_reset: -70, v_thresh: -55, i_offset: 0.3 };
    const dt = 0.5, ticks = 400;
    const euler = runOne({ model: 'IF_curr_exp', params: p, integrator: 'euler' }, ticks, dt);
    const ref = eulerLifSpikeSteps(p, dt, ticks, (v) => dt * ((p.v_rest - v) / p.tau_m + p.i_offset / p.cm));
    expect(spikeSteps(euler, dt)).toEqual(ref);
    const exact = runOne({ model: 'IF_curr_exp', params: p, integrator: 'exact' }, ticks, dt);
    expect(spikeSteps(exact, dt)).not.toEqual(ref);
  });
});

describe('Poisson input from the PE generators', () => {
  it('SpikeSourcePoisson fires at its rate (within 5 sigma) and the same seed gives the same spikes', () => {
    const model = snnModelSchema.parse({ populations: [{ name: 'p', model: 'SpikeSourcePoisson', size: 200, rate: 20, record: ['spikes'] }] }) as SnnScenarioModel;
    const run = () => runPlugin(snnPlugin, model, { machine: chip, ticks: 2000, tickNs: 1e6, seed: 5 }).result.spikes.p;
    const a = run(), b = run();
    const expected = 200 * 2 * 20;
    expect(Math.abs(a.neurons.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expect(Array.from(b.timesMs)).toEqual(Array.from(a.timesMs));
  });

  it('poisson_drive on IF_curr_delta: the free membrane mean equals rate x weight x tau (shot noise)', () => {
    const dt = 0.1, ticks = 20000;
    const r = runOne({ model: 'IF_curr_delta', size: 50, params: { tau_m: 20, v_rest: 0, v_reset: 0, v_thresh: 1e6, tau_refrac: 0 }, poisson_drive: { rate_Hz: 5000, weight: 0.1 }, record: ['v'] }, ticks, dt);
    const v = r.result.state.x.v.values;
    let sum = 0, n = 0;
    for (let t = 5000; t < ticks; t++) for (let k = 0; k < 50; k++, n++) sum += v[t * 50 + k];
    // stationary mean of dv/dt = -v/tau + w * rate: w * rate * tau = 0.1 * 5 kHz * 20 ms = 10 mV
    expect(sum / n).toBeGreaterThan(9.7);
    expect(sum / n).toBeLessThan(10.3);
  });
});

describe('fixed-point weights', () => {
  it('the ring accumulator saturates at 2^31 - 1 units and counts every saturated add', () => {
    const N = 70_000;
    const model = snnModelSchema.parse({
      populations: [
        { name: 's', model: 'SpikeSourceArray', size: 1, spike_times: [[0]] },
        { name: 'x', model: 'IF_curr_delta', size: 1, params: { v_rest: 0, v_reset: 0, v_thresh: 1e9, tau_m: 1e9 }, record: ['v'], neuronsPerPe: 1 },
      ],
      projections: [{ pre: 's', post: 'x', connector: { type: 'fromList', connections: Array.from({ length: N }, () => [0, 0, 1, 1]) } }],
    }) as SnnScenarioModel;
    // One spike drives 70,000 synapses: more cycles than a tick holds, so the automatic split refuses it; the
    // neuronsPerPe override maps it anyway and the overrun is reported.
    const run = runPlugin(snnPlugin, model, { machine: chip, ticks: 3, tickNs: 1e6, seed: 1 });
    expect(run.sim.provenance().pes.some((p) => p.timerOverruns > 0)).toBe(true);
    // weight 1 mV -> 2^15 units (the largest power of two that keeps it under 2^16); 65,535 adds fit below 2^31.
    const fit = Math.floor((2 ** 31 - 1) / 2 ** 15);
    expect(run.result.provenance.ringSaturations).toBe(N - fit);
    expect(run.result.state.x.v.values[1]).toBeCloseTo((2 ** 31 - 1) / 2 ** 15, 0);
  });

  it('weights are rounded to 16 bits of the largest weight onto the PE, and the delta is felt exactly', () => {
    const model = snnModelSchema.parse({
      populations: [
        { name: 's', model: 'SpikeSourceArray', size: 2, spike_times: [[0], [5]] },
        { name: 'x', model: 'IF_curr_delta', size: 1, params: { v_rest: 0, v_reset: 0, v_thresh: 100, tau_m: 1e12 }, record: ['v'] },
      ],
      projections: [{ pre: 's', post: 'x', connector: { type: 'fromList', connections: [[0, 0, 3.7, 1], [1, 0, 0.001, 1]] } }],
    }) as SnnScenarioModel;
    const v = runPlugin(snnPlugin, model, { machine: chip, ticks: 10, tickNs: 1e6, seed: 1 }).result.state.x.v.values;
    const bits = Math.floor(Math.log2(65535 / 3.7)); // 14: 3.7 mV -> 60,621 units
    expect(v[1]).toBeCloseTo(Math.round(3.7 * 2 ** bits) / 2 ** bits, 5);
    expect(v[6] - v[1]).toBeCloseTo(Math.round(0.001 * 2 ** bits) / 2 ** bits, 6);
  });
});
