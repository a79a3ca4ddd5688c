import { z } from 'zod';
import { f, type CellType, type NeuronState } from './cellType';
import { currentToVoltage, expSynapseParams, lifMembraneParams } from './param';

/** IF_curr_exp in PyNN's names, units (mV, nA, nF, ms) and defaults. */
export const ifCurrExpParamsSchema = z
  .object({
    ...lifMembraneParams(),
    ...expSynapseParams(),
  })
  .strict();
export type IfCurrExpParams = z.infer<typeof ifCurrExpParamsSchema>;

/**
 * Exact integration over a step h of dV/dt = -(V - v_rest)/tau_m + (I_E - I_I + i_offset)/cm with
 * I_x(t) = I_x(0) exp(-t/tau_x): V(h) = vInf + (V - vInf) e^{-h/tau_m} + pE I_E(0) - pI I_I(0).
 * Forward Euler uses the same form with e^{-h/tau} replaced by 1 - h/tau and p_x = h/cm.
 * Input arriving in a step is added to the current at the step's start (sPyNNaker's order).
 */
export function ifCurrExpPropagators(get: (k: string) => number, dt: number, integrator: 'exact' | 'euler'): number[] {
  const tauM = get('tau_m'), cm = get('cm'), tE = get('tau_syn_E'), tI = get('tau_syn_I');
  const exact = integrator === 'exact';
  const decay = (tau: number) => (exact ? Math.exp(-dt / tau) : 1 - dt / tau);
  const pE = exact ? currentToVoltage(dt, tauM, tE, cm) : dt / cm;
  const pI = exact ? currentToVoltage(dt, tauM, tI, cm) : dt / cm;
  const vInf = get('v_rest') + (get('i_offset') * tauM) / cm;
  return [decay(tauM), decay(tE), decay(tI), pE, pI, vInf, get('v_reset'), get('v_thresh'), Math.round(get('tau_refrac') / dt)];
}

export function ifCurrExpUpdate(st: NeuronState, fire: (i: number) => void): void {
  const { n, p, s, inE, inI } = st;
  for (let i = 0; i < n; i++) {
    const ie = f(s[n + i] + inE[i]);
    const ii = f(s[2 * n + i] + inI[i]);
    if (s[3 * n + i] > 0) {
      s[3 * n + i]--;
      s[i] = p[6 * n + i];
    } else {
      const vInf = p[5 * n + i];
      // Float32Array stores and Math.fround round each operation to single precision, as the M4F FPU does.
      const v = f(vInf + f(f(s[i] - vInf) * p[i]) + f(p[3 * n + i] * ie) - f(p[4 * n + i] * ii));
      if (v >= p[7 * n + i]) {
        s[i] = p[6 * n + i];
        s[3 * n + i] = p[8 * n + i];
        fire(i);
      } else s[i] = v;
    }
    s[n + i] = ie * p[n + i];
    s[2 * n + i] = ii * p[2 * n + i];
  }
}

export const ifCurrExp: CellType<IfCurrExpParams> = {
  name: 'IF_curr_exp',
  paramsSchema: ifCurrExpParamsSchema,
  stateFields: ['v', 'isyn_exc', 'isyn_inh', 'refrac'],
  paramFields: 9,
  integrators: ['exact', 'euler'],
  weightUnit: 'nA',
  spiking: true,
  cyclesPerNeuron: 60,
  compile(get, dt, integrator) {
    const v0 = (get as (k: string) => number)('v_init');
    return { params: ifCurrExpPropagators(get as (k: string) => number, dt, integrator), state: [Number.isNaN(v0) ? get('v_rest') : v0, 0, 0, 0] };
  },
  update: ifCurrExpUpdate,
};
