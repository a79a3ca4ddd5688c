import { z } from 'zod';
import { f, type CellType } from './cellType';
import { param, positiveParam } from './param';

/**
 * Izhikevich (2003) in PyNN's names, with exponential current synapses as sPyNNaker's IZK_curr_exp:
 * dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u); at v >= 30 mV: v = c, u += d. I in nA with the
 * implied 1 nF of the original model (so nA acts as mV/ms).
 */
export const izhikevichParamsSchema = z
  .object({
    a: param(0.02, 'recovery time scale, 1/ms'),
    b: param(0.2, 'recovery sensitivity, 1/ms'),
    c: param(-65.0, 'reset potential, mV'),
    d: param(2.0, 'recovery increment after a spike, mV/ms'),
    i_offset: param(0.0, 'constant injected current, nA'),
    tau_syn_E: positiveParam(5.0, 'excitatory synaptic time constant, ms'),
    tau_syn_I: positiveParam(5.0, 'inhibitory synaptic time constant, ms'),
    v_init: param(-70.0, 'initial membrane potential, mV'),
    u_init: param(-14.0, 'initial recovery variable, mV/ms'),
  })
  .strict();
export type IzhikevichParams = z.infer<typeof izhikevichParamsSchema>;

/** Forward Euler only: the quadratic membrane has no closed-form step. */
export const izhikevich: CellType<IzhikevichParams> = {
  name: 'Izhikevich',
  paramsSchema: izhikevichParamsSchema,
  stateFields: ['v', 'u', 'isyn_exc', 'isyn_inh'],
  paramFields: 8,
  integrators: ['euler'],
  weightUnit: 'nA',
  spiking: true,
  cyclesPerNeuron: 70,
  compile(get, dt) {
    return {
      params: [get('a'), get('b'), get('c'), get('d'), get('i_offset'), Math.exp(-dt / get('tau_syn_E')), Math.exp(-dt / get('tau_syn_I')), dt],
      state: [get('v_init'), get('u_init'), 0, 0],
    };
  },
  update(st, fire) {
    const { n, p, s, inE, inI } = st;
    for (let i = 0; i < n; i++) {
      const ie = f(s[2 * n + i] + inE[i]);
      const ii = f(s[3 * n + i] + inI[i]);
      const v = s[i], u = s[n + i], h = p[7 * n + i];
      const I = f(f(ie - ii) + p[4 * n + i]);
      const dv = f(f(f(f(0.04 * v) * v) + f(5 * v)) + f(f(140 - u) + I));
      const vn = f(v + f(h * dv));
      const un = f(u + f(h * f(p[i] * f(f(p[n + i] * v) - u))));
      if (vn >= 30) {
        s[i] = p[2 * n + i];
        s[n + i] = f(un + p[3 * n + i]);
        fire(i);
      } else {
        s[i] = vn;
        s[n + i] = un;
      }
      s[2 * n + i] = f(ie * p[5 * n + i]);
      s[3 * n + i] = f(ii * p[6 * n + i]);
    }
  },
};
