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
