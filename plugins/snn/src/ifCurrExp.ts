import { z } from 'zod';

/**
 * IF_curr_exp in PyNN's names, units and defaults: a leaky integrate-and-fire neuron with exponentially decaying
 * current-based synapses. Units: mV, nA, nF, ms.
 */
export const ifCurrExpParamsSchema = z
  .object({
    cm: z.number().positive().default(1.0).describe('membrane capacitance, nF'),
    tau_m: z.number().positive().default(20.0).describe('membrane time constant, ms'),
    tau_refrac: z.number().nonnegative().default(0.1).describe('refractory period, ms'),
    tau_syn_E: z.number().positive().default(5.0).describe('excitatory synaptic time constant, ms'),
    tau_syn_I: z.number().positive().default(5.0).describe('inhibitory synaptic time constant, ms'),
    v_rest: z.number().default(-65.0).describe('resting potential, mV'),
    v_reset: z.number().default(-65.0).describe('reset potential after a spike, mV'),
    v_thresh: z.number().default(-50.0).describe('spike threshold, mV'),
    i_offset: z.number().default(0.0).describe('constant injected current, nA'),
    v_init: z.number().optional().describe('initial membrane potential, mV (default: v_rest)'),
  })
  .strict();

export type IfCurrExpParams = z.infer<typeof ifCurrExpParamsSchema>;

/** Float32 propagators of one time step, as the PE stores them (the M4F computes in single precision). */
export const PROPAGATOR_FIELDS = ['decayM', 'decayE', 'decayI', 'pE', 'pI', 'vInf', 'vReset', 'vThresh', 'refracTicks'] as const;
export const PROPAGATOR_COUNT = PROPAGATOR_FIELDS.length;

/**
 * Exact integration over a step h of dV/dt = -(V - v_rest)/tau_m + (I_E - I_I + i_offset)/cm with
 * I_x(t) = I_x(0) exp(-t/tau_x): V(h) = vInf + (V - vInf) e^{-h/tau_m} + pE I_E(0) - pI I_I(0), where
 * p_x = (1/cm) tau_m tau_x / (tau_m - tau_x) (e^{-h/tau_m} - e^{-h/tau_x}), or (h/cm) e^{-h/tau} when they are equal.
 */
export function ifCurrExpPropagators(p: IfCurrExpParams, dtMs: number): Float32Array {
  const decayM = Math.exp(-dtMs / p.tau_m);
  const syn = (tau: number) =>
    Math.abs(p.tau_m - tau) < 1e-9
      ? (dtMs / p.cm) * decayM
      : ((1 / p.cm) * ((p.tau_m * tau) / (p.tau_m - tau))) * (decayM - Math.exp(-dtMs / tau));
  const vInf = p.v_rest + (p.i_offset * p.tau_m) / p.cm;
  return Float32Array.from([
    decayM, Math.exp(-dtMs / p.tau_syn_E), Math.exp(-dtMs / p.tau_syn_I), syn(p.tau_syn_E), syn(p.tau_syn_I),
    vInf, p.v_reset, p.v_thresh, Math.round(p.tau_refrac / dtMs),
  ]);
}
