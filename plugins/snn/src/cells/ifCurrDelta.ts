import { z } from 'zod';
import { f, type CellType } from './cellType';
import { lifMembraneParams } from './param';

/** IF_curr_delta (PyNN): each spike makes the membrane jump by its weight in mV; units mV, nF, nA, ms. */
export const ifCurrDeltaParamsSchema = z
  .object({
    ...lifMembraneParams(),
  })
  .strict();
export type IfCurrDeltaParams = z.infer<typeof ifCurrDeltaParamsSchema>;

/**
 * V(h) = vInf + (V - vInf) e^{-h/tau_m} + sum of this step's weights (exact; Euler uses 1 - h/tau_m). Input that
 * arrives while the neuron is refractory is discarded, as NEST's iaf_psc_delta does.
 */
export const ifCurrDelta: CellType<IfCurrDeltaParams> = {
  name: 'IF_curr_delta',
  paramsSchema: ifCurrDeltaParamsSchema,
  stateFields: ['v', 'refrac'],
  paramFields: 5,
  integrators: ['exact', 'euler'],
  weightUnit: 'mV',
  spiking: true,
  cyclesPerNeuron: 40,
  compile(get, dt, integrator) {
    const tauM = get('tau_m');
    const decay = integrator === 'exact' ? Math.exp(-dt / tauM) : 1 - dt / tauM;
    const v0 = get('v_init');
    return {
      params: [decay, get('v_rest') + (get('i_offset') * tauM) / get('cm'), get('v_reset'), get('v_thresh'), Math.round(get('tau_refrac') / dt)],
      state: [Number.isNaN(v0) ? get('v_rest') : v0, 0],
    };
  },
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      if (s[n + i] > 0) {
        s[n + i]--;
        s[i] = p[2 * n + i];
        continue;
      }
      const vInf = p[n + i];
      const v = f(f(vInf + f(f(s[i] - vInf) * p[i])) + f(inE[i] - inI[i]));
      if (v >= p[3 * n + i]) {
        s[i] = p[2 * n + i];
        s[n + i] = p[4 * n + i];
        fire(i);
      } else s[i] = v;
    }
  },
};
