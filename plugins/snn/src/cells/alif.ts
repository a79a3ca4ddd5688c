import { z } from 'zod';
import { f, type CellType } from './cellType';
import { ifCurrExpParamsSchema, ifCurrExpPropagators } from './ifCurrExp';
import { param, positiveParam } from './param';

/**
 * Adaptive LIF (ALIF, as in Bellec et al. 2018/2020): IF_curr_exp whose threshold rises by `beta` mV at each spike
 * and relaxes back with `tau_a`: theta = v_thresh + b, b <- b e^{-h/tau_a} (+ beta on a spike).
 */
export const alifParamsSchema = ifCurrExpParamsSchema.extend({
  tau_a: positiveParam(200.0, 'threshold adaptation time constant, ms'),
  beta: param(1.0, 'threshold increment per spike, mV'),
});
export type AlifParams = z.infer<typeof alifParamsSchema>;

export const alif: CellType<AlifParams> = {
  name: 'ALIF',
  paramsSchema: alifParamsSchema,
  stateFields: ['v', 'isyn_exc', 'isyn_inh', 'refrac', 'b'],
  paramFields: 11,
  integrators: ['exact', 'euler'],
  weightUnit: 'nA',
  spiking: true,
  cyclesPerNeuron: 70,
  compile(get, dt, integrator) {
    const g = get as (k: string) => number;
    const decayA = integrator === 'exact' ? Math.exp(-dt / g('tau_a')) : 1 - dt / g('tau_a');
    const v0 = g('v_init');
    return { params: [...ifCurrExpPropagators(g, dt, integrator), decayA, g('beta')], state: [Number.isNaN(v0) ? g('v_rest') : v0, 0, 0, 0, 0] };
  },
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const ie = f(s[n + i] + inE[i]);
      const ii = f(s[2 * n + i] + inI[i]);
      let b = s[4 * n + i];
      if (s[3 * n + i] > 0) {
        s[3 * n + i]--;
        s[i] = p[6 * n + i];
      } else {
        const vInf = p[5 * n + i];
        const v = f(vInf + f(f(s[i] - vInf) * p[i]) + f(p[3 * n + i] * ie) - f(p[4 * n + i] * ii));
        if (v >= f(p[7 * n + i] + b)) {
          s[i] = p[6 * n + i];
          s[3 * n + i] = p[8 * n + i];
          b = f(b + p[10 * n + i]);
          fire(i);
        } else s[i] = v;
      }
      s[4 * n + i] = f(b * p[9 * n + i]);
      s[n + i] = f(ie * p[n + i]);
      s[2 * n + i] = f(ii * p[2 * n + i]);
    }
  },
};
