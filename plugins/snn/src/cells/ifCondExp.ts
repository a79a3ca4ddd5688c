import { z } from 'zod';
import { f, type CellType } from './cellType';
import { expSynapseParams, lifMembraneParams, param } from './param';

/** IF_cond_exp (PyNN): LIF with exponentially decaying conductances; units mV, nF, uS, nA, ms. */
export const ifCondExpParamsSchema = z
  .object({
    ...lifMembraneParams(),
    ...expSynapseParams(),
    e_rev_E: param(0.0, 'excitatory reversal potential, mV'),
    e_rev_I: param(-70.0, 'inhibitory reversal potential, mV'),
  })
  .strict();
export type IfCondExpParams = z.infer<typeof ifCondExpParamsSchema>;

/**
 * The membrane is not linear in V once conductances vary, so "exact" here is the exponential integrator with the
 * conductances held over the step: V(h) = V_inf + (V - V_inf) e^{-h g_tot / cm}, exact while g is constant (one
 * exp per neuron, charged to the exp/log accelerator). "euler" is forward Euler, as sPyNNaker's default.
 */
export const ifCondExp: CellType<IfCondExpParams> = {
  name: 'IF_cond_exp',
  paramsSchema: ifCondExpParamsSchema,
  stateFields: ['v', 'gsyn_exc', 'gsyn_inh', 'refrac'],
  paramFields: 12,
  integrators: ['euler', 'exact'],
  weightUnit: 'uS',
  spiking: true,
  cyclesPerNeuron: 90,
  compile(get, dt, integrator) {
    const v0 = get('v_init');
    return {
      params: [
        dt / get('cm'), get('cm') / get('tau_m'), Math.exp(-dt / get('tau_syn_E')), Math.exp(-dt / get('tau_syn_I')),
        get('v_rest'), get('e_rev_E'), get('e_rev_I'), get('i_offset'), get('v_reset'), get('v_thresh'),
        Math.round(get('tau_refrac') / dt), integrator === 'exact' ? 1 : 0,
      ],
      state: [Number.isNaN(v0) ? get('v_rest') : v0, 0, 0, 0],
    };
  },
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const gE = f(s[n + i] + inE[i]);
      const gI = f(s[2 * n + i] + inI[i]);
      if (s[3 * n + i] > 0) {
        s[3 * n + i]--;
        s[i] = p[8 * n + i];
      } else {
        const v0 = s[i], gL = p[n + i];
        const current = f(f(gL * f(p[4 * n + i] - v0)) + f(gE * f(p[5 * n + i] - v0)) + f(gI * f(p[6 * n + i] - v0)) + p[7 * n + i]);
        let v: number;
        if (p[11 * n + i] === 1) {
          const gT = f(gL + gE + gI);
          const vInf = f(f(f(f(gL * p[4 * n + i]) + f(gE * p[5 * n + i])) + f(f(gI * p[6 * n + i]) + p[7 * n + i])) / gT);
          v = f(vInf + f(f(v0 - vInf) * f(Math.exp(-p[i] * gT))));
        } else v = f(v0 + f(p[i] * current));
        if (v >= p[9 * n + i]) {
          s[i] = p[8 * n + i];
          s[3 * n + i] = p[10 * n + i];
          fire(i);
        } else s[i] = v;
      }
      s[n + i] = f(gE * p[2 * n + i]);
      s[2 * n + i] = f(gI * p[3 * n + i]);
    }
  },
};
