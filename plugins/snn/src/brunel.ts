import type { SnnModelInput } from './model';

/**
 * Brunel (2000), J Comput Neurosci 8:183, the sparsely connected network of excitatory and inhibitory
 * delta-current LIF neurons, with the parameters of Fig. 8C (asynchronous irregular regime): N_E = 10,000,
 * N_I = 2,500, in-degrees C_E = 1,000 and C_I = 250 (epsilon = 0.1), J = 0.1 mV, g = 5, D = 1.5 ms, theta = 20 mV,
 * V_r = 10 mV, tau = 20 ms, tau_rp = 2 ms, and external Poisson drive of C_E sources at nu_ext = 2 nu_thr, where
 * nu_thr = theta / (J C_E tau) = 10 Hz. Time step 0.1 ms.
 */
export interface BrunelOptions {
  /**
   * Network size relative to Fig. 8C (1 is the paper's network). In-degrees stay at C_E = 1,000 and C_I = 250 (the
   * dynamics depend on C and J) while the populations hold that many neurons; below, they are the whole population.
   */
  scale?: number;
  g?: number;
  /** nu_ext / nu_thr. */
  eta?: number;
  jMv?: number;
  delayMs?: number;
  timestepMs?: number;
  /** Record the spikes of every neuron (default) or of none. */
  record?: boolean;
  /** Neurons per PE (default: the automatic split). */
  neuronsPerPe?: number;
}

export const BRUNEL_FIG8C = { nE: 10_000, nI: 2_500, epsilon: 0.1, jMv: 0.1, g: 5, eta: 2, delayMs: 1.5, thetaMv: 20, vResetMv: 10, tauMs: 20, tauRefMs: 2, timestepMs: 0.1 } as const;

/** The Brunel network as an s2sim SNN model, in PyNN terms (IF_curr_delta with v_rest = 0 mV). */
export function brunelModel(opts: BrunelOptions = {}): SnnModelInput & { poissonSources: number; timestepMs: number } {
  const p = BRUNEL_FIG8C;
  const scale = opts.scale ?? 1;
  const nE = Math.max(1, Math.round(p.nE * scale));
  const nI = Math.max(1, Math.round(p.nI * scale));
  const cE = Math.min(nE, Math.round(p.epsilon * p.nE));
  const cI = Math.min(nI, Math.round(p.epsilon * p.nI));
  const J = opts.jMv ?? p.jMv;
  const g = opts.g ?? p.g;
  const eta = opts.eta ?? p.eta;
  const delay = opts.delayMs ?? p.delayMs;
  const nuThrHz = (p.thetaMv / (J * cE * p.tauMs)) * 1000;
  const cell = { tau_m: p.tauMs, cm: 1, v_rest: 0, v_reset: p.vResetMv, v_thresh: p.thetaMv, tau_refrac: p.tauRefMs, i_offset: 0 };
  const record = opts.record === false ? [] : ['spikes'];
  const common = {
    model: 'IF_curr_delta' as const, params: cell, record, expectedRateHz: 40,
    // Every neuron receives C_E independent Poisson sources at eta nu_thr: one Poisson count per step.
    poisson_drive: { rate_Hz: cE * eta * nuThrHz, weight: J, receptor: 'excitatory' as const },
    initial_values: { v: { uniform: { low: 0, high: p.thetaMv } } },
    ...(opts.neuronsPerPe ? { neuronsPerPe: opts.neuronsPerPe } : {}),
  };
  const fixedPre = (n: number) => ({ type: 'fixedNumberPre' as const, n });
  return {
    timestepMs: opts.timestepMs ?? p.timestepMs,
    poissonSources: cE,
    populations: [
      { name: 'exc', size: nE, ...common },
      { name: 'inh', size: nI, ...common },
    ],
    projections: [
      { pre: 'exc', post: 'exc', connector: fixedPre(cE), receptor: 'excitatory', weight: J, delay },
      { pre: 'exc', post: 'inh', connector: fixedPre(cE), receptor: 'excitatory', weight: J, delay },
      { pre: 'inh', post: 'exc', connector: fixedPre(cI), receptor: 'inhibitory', weight: g * J, delay },
      { pre: 'inh', post: 'inh', connector: fixedPre(cI), receptor: 'inhibitory', weight: g * J, delay },
    ],
  };
}

/** Mean rate (Hz) and mean coefficient of variation of the inter-spike intervals over neurons with >= 2 spikes. */
export function rateAndCv(neurons: ArrayLike<number>, timesMs: ArrayLike<number>, size: number, fromMs: number, toMs: number): { rateHz: number; cv: number } {
  const per: number[][] = Array.from({ length: size }, () => []);
  for (let i = 0; i < neurons.length; i++) if (timesMs[i] >= fromMs && timesMs[i] < toMs) per[neurons[i]].push(timesMs[i]);
  let count = 0, cvSum = 0, cvN = 0;
  for (const ts of per) {
    count += ts.length;
    if (ts.length < 3) continue;
    const isi = ts.slice(1).map((t, k) => t - ts[k]);
    const m = isi.reduce((a, b) => a + b, 0) / isi.length;
    const sd = Math.sqrt(isi.reduce((a, b) => a + (b - m) ** 2, 0) / isi.length);
    cvSum += sd / m;
    cvN++;
  }
  return { rateHz: count / size / ((toMs - fromMs) / 1000), cv: cvN ? cvSum / cvN : NaN };
}
