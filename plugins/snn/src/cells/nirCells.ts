import { z } from 'zod';
import { f, type CellType, type NeuronState } from './cellType';
import { param, positiveParam } from './param';

/**
 * The neuron nodes of NIR (Pedersen et al. 2024), in NIR's names. Time constants are in ms here (the importer
 * converts NIR's seconds); IF and Integrator have no time constant, so their `r` acts per second, as in NIR.
 * Input x of a step is the weighted sum of the spikes that arrived (each spike the value 1 held over the step,
 * NIR's discrete-time convention) plus `bias` (an Affine's b). Spikes when v > v_threshold (strict, as Norse and
 * snnTorch); reset to v_reset, or by subtracting v_threshold when reset_subtract = 1.
 */
const common = {
  bias: param(0, 'constant input added every step (an Affine bias)'),
  v_init: param(0, 'initial membrane value'),
};
const spikeReset = {
  v_threshold: param(1, 'threshold'),
  v_reset: param(0, 'value after a spike (reset to v_reset)'),
  reset_subtract: param(0, '1: reset by subtracting v_threshold; 0: reset to v_reset'),
};

const lifSchema = z.object({ tau: positiveParam(10, 'membrane time constant, ms'), r: param(1, 'resistance'), v_leak: param(0, 'leak value'), ...spikeReset, ...common }).strict();
const cubaLifSchema = z
  .object({
    tau_syn: positiveParam(5, 'synaptic time constant, ms'), tau_mem: positiveParam(10, 'membrane time constant, ms'), r: param(1, 'resistance'),
    v_leak: param(0, 'leak value'), w_in: param(1, 'input weight into the synaptic current'), ...spikeReset, ...common,
  })
  .strict();
const ifSchema = z.object({ r: param(1, 'resistance (per second: dv/dt = r I, t in s)'), ...spikeReset, ...common }).strict();
const liSchema = z.object({ tau: positiveParam(10, 'time constant, ms'), r: param(1, 'resistance'), v_leak: param(0, 'leak value'), ...common }).strict();
const cubaLiSchema = z
  .object({ tau_syn: positiveParam(5, 'synaptic time constant, ms'), tau_mem: positiveParam(10, 'membrane time constant, ms'), r: param(1, 'resistance'), v_leak: param(0, 'leak value'), w_in: param(1, 'input weight'), ...common })
  .strict();
const integratorSchema = z.object({ r: param(1, 'gain per second: dv/dt = r I, t in s'), ...common }).strict();
const thresholdSchema = z.object({ v_threshold: param(0, 'threshold on the input'), bias: param(0, 'constant input') }).strict();

/** Leak factor a and input factor c of one step: exact (e^{-h/tau}, 1 - e^{-h/tau}) or Euler (1 - h/tau, h/tau). */
function leak(dt: number, tau: number, integrator: 'exact' | 'euler'): [number, number] {
  const a = integrator === 'exact' ? Math.exp(-dt / tau) : 1 - dt / tau;
  return [a, integrator === 'exact' ? 1 - a : dt / tau];
}

/** Threshold and reset after the membrane update: p columns [thr, vReset, subtract] start at column k. */
function spikeOrKeep(st: NeuronState, i: number, v: number, k: number, fire: (i: number) => void): void {
  const { n, p, s } = st;
  const thr = p[k * n + i];
  if (v > thr) {
    s[i] = p[(k + 2) * n + i] === 1 ? f(v - thr) : p[(k + 1) * n + i];
    fire(i);
  } else s[i] = v;
}

const base = { weightUnit: 'NIR input units', cyclesPerNeuron: 40 } as const;

/** LIF: tau dv/dt = (v_leak - v) + r x. Columns: a, c*r, v_leak, bias, thr, v_reset, subtract. */
export const nirLif: CellType<z.infer<typeof lifSchema>> = {
  ...base, name: 'LIF', paramsSchema: lifSchema, stateFields: ['v'], paramFields: 7, integrators: ['exact', 'euler'], spiking: true,
  compile(get, dt, integ) {
    const [a, c] = leak(dt, get('tau'), integ);
    return { params: [a, c * get('r'), get('v_leak'), get('bias'), get('v_threshold'), get('v_reset'), get('reset_subtract')], state: [get('v_init')] };
  },
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const x = f(f(inE[i] - inI[i]) + p[3 * n + i]);
      const vl = p[2 * n + i];
      spikeOrKeep(st, i, f(f(vl + f(f(s[i] - vl) * p[i])) + f(p[n + i] * x)), 4, fire);
    }
  },
};

/** LI: LIF without a threshold. */
export const nirLi: CellType<z.infer<typeof liSchema>> = {
  ...base, name: 'LI', paramsSchema: liSchema, stateFields: ['v'], paramFields: 4, integrators: ['exact', 'euler'], spiking: false,
  compile(get, dt, integ) {
    const [a, c] = leak(dt, get('tau'), integ);
    return { params: [a, c * get('r'), get('v_leak'), get('bias')], state: [get('v_init')] };
  },
  update(st) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const vl = p[2 * n + i];
      s[i] = f(f(vl + f(f(s[i] - vl) * p[i])) + f(p[n + i] * f(f(inE[i] - inI[i]) + p[3 * n + i])));
    }
  },
};

/**
 * CubaLIF: tau_syn dI/dt = -I + w_in x, tau_mem dv/dt = (v_leak - v) + r I. Each equation is stepped with the other
 * variable held at its value at the step's start (forward Euler; "exact" steps each linear equation exactly).
 * Columns: aS, cS*w_in, aM, cM*r, v_leak, bias, thr, v_reset, subtract. State: v, i_syn.
 */
function cubaCompile(get: (k: string) => number, dt: number, integ: 'exact' | 'euler', spiking: boolean) {
  const [aS, cS] = leak(dt, get('tau_syn'), integ);
  const [aM, cM] = leak(dt, get('tau_mem'), integ);
  const params = [aS, cS * get('w_in'), aM, cM * get('r'), get('v_leak'), get('bias')];
  if (spiking) params.push(get('v_threshold'), get('v_reset'), get('reset_subtract'));
  return { params, state: [get('v_init'), 0] };
}
function cubaStep(st: NeuronState, i: number): number {
  const { n, p, s, inE, inI } = st;
  const x = f(f(inE[i] - inI[i]) + p[5 * n + i]);
  const I = s[n + i];
  s[n + i] = f(f(I * p[i]) + f(p[n + i] * x));
  const vl = p[4 * n + i];
  return f(f(vl + f(f(s[i] - vl) * p[2 * n + i])) + f(p[3 * n + i] * I));
}
export const nirCubaLif: CellType<z.infer<typeof cubaLifSchema>> = {
  ...base, name: 'CubaLIF', paramsSchema: cubaLifSchema, stateFields: ['v', 'i_syn'], paramFields: 9, integrators: ['euler', 'exact'], spiking: true, cyclesPerNeuron: 55,
  compile: (get, dt, integ) => cubaCompile(get as (k: string) => number, dt, integ, true),
  update(st, fire) {
    for (let i = 0; i < st.n; i++) spikeOrKeep(st, i, cubaStep(st, i), 6, fire);
  },
};
export const nirCubaLi: CellType<z.infer<typeof cubaLiSchema>> = {
  ...base, name: 'CubaLI', paramsSchema: cubaLiSchema, stateFields: ['v', 'i_syn'], paramFields: 6, integrators: ['euler', 'exact'], spiking: false, cyclesPerNeuron: 50,
  compile: (get, dt, integ) => cubaCompile(get as (k: string) => number, dt, integ, false),
  update(st) {
    for (let i = 0; i < st.n; i++) st.s[i] = cubaStep(st, i);
  },
};

/** IF: dv/dt = r x (t in seconds), so one step adds r x h/1000. Columns: r h, bias, thr, v_reset, subtract. */
export const nirIf: CellType<z.infer<typeof ifSchema>> = {
  ...base, name: 'IF', paramsSchema: ifSchema, stateFields: ['v'], paramFields: 5, integrators: ['exact', 'euler'], spiking: true, cyclesPerNeuron: 30,
  compile: (get, dt) => ({ params: [(get('r') * dt) / 1000, get('bias'), get('v_threshold'), get('v_reset'), get('reset_subtract')], state: [get('v_init')] }),
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) spikeOrKeep(st, i, f(s[i] + f(p[i] * f(f(inE[i] - inI[i]) + p[n + i]))), 2, fire);
  },
};

/** Integrator: dv/dt = r x (t in seconds). */
export const nirIntegrator: CellType<z.infer<typeof integratorSchema>> = {
  ...base, name: 'Integrator', paramsSchema: integratorSchema, stateFields: ['v'], paramFields: 2, integrators: ['exact', 'euler'], spiking: false, cyclesPerNeuron: 20,
  compile: (get, dt) => ({ params: [(get('r') * dt) / 1000, get('bias')], state: [get('v_init')] }),
  update(st) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) s[i] = f(s[i] + f(p[i] * f(f(inE[i] - inI[i]) + p[n + i])));
  },
};

/** Threshold: a spike in every step whose input exceeds v_threshold; v records the input. */
export const nirThreshold: CellType<z.infer<typeof thresholdSchema>> = {
  ...base, name: 'Threshold', paramsSchema: thresholdSchema, stateFields: ['v'], paramFields: 2, integrators: ['exact'], spiking: true, cyclesPerNeuron: 15,
  compile: (get) => ({ params: [get('v_threshold'), get('bias')], state: [0] }),
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const x = f(f(inE[i] - inI[i]) + p[n + i]);
      s[i] = x;
      if (x > p[i]) fire(i);
    }
  },
};
