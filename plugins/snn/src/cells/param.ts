import { z } from 'zod';

/** A PyNN parameter: one value for the whole population, or one per neuron (as PyNN accepts arrays). */
const error = 'expected number (or an array of numbers, one per neuron)';
export const param = (dflt: number, doc: string) => z.union([z.number(), z.array(z.number())], { error }).default(dflt).describe(doc);
export const positiveParam = (dflt: number, doc: string) =>
  z.union([z.number().positive(), z.array(z.number().positive())], { error: 'expected number > 0 (or an array of them, one per neuron)' }).default(dflt).describe(doc);
export const optionalParam = (doc: string) => z.union([z.number(), z.array(z.number())], { error }).optional().describe(doc);

/** The synaptic propagator of a current that decays with tau_s into a membrane with tau_m (exact, over dt). */
export function currentToVoltage(dt: number, tauM: number, tauS: number, cm: number): number {
  const decayM = Math.exp(-dt / tauM);
  if (Math.abs(tauM - tauS) < 1e-9) return (dt / cm) * decayM;
  return ((1 / cm) * ((tauM * tauS) / (tauM - tauS))) * (decayM - Math.exp(-dt / tauS));
}

/** The membrane parameters every PyNN integrate-and-fire cell shares, with PyNN's defaults (written once). */
export const lifMembraneParams = () => ({
  cm: positiveParam(1.0, 'membrane capacitance, nF'),
  tau_m: positiveParam(20.0, 'membrane time constant, ms'),
  tau_refrac: param(0.1, 'refractory period, ms'),
  v_rest: param(-65.0, 'resting potential, mV'),
  v_reset: param(-65.0, 'reset potential after a spike, mV'),
  v_thresh: param(-50.0, 'spike threshold, mV'),
  i_offset: param(0.0, 'constant injected current, nA'),
  v_init: optionalParam('initial membrane potential, mV (default: v_rest)'),
});

/** Exponential synapse time constants of PyNN's *_exp cells. */
export const expSynapseParams = () => ({
  tau_syn_E: positiveParam(5.0, 'excitatory synaptic time constant, ms'),
  tau_syn_I: positiveParam(5.0, 'inhibitory synaptic time constant, ms'),
});
