import type { SnnModelInput } from './model';

/**
 * The cortical microcircuit of Potjans & Diesmann (2014), Cereb Cortex 24:785, with the parameters of the PyNN/NEST
 * reference implementation: 8 populations (L2/3, L4, L5, L6; E and I), 77,169 IF_curr_exp neurons at full scale,
 * connection probabilities of their Table 5, Poisson background of K_ext sources at 8 Hz, mean PSP 0.15 mV
 * (87.8 pA), g = -4, L4E -> L2/3E doubled, weights normal with 10 % spread, delays normal 1.5 +- 0.75 ms (E) and
 * 0.75 +- 0.375 ms (I), v_init per population as NEST's example ('optimized'; PD14's normal(-58, 10) mV as 'original').
 */
export const MICROCIRCUIT = {
  populations: ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'],
  sizes: [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948],
  /** connProbs[target][source] */
  connProbs: [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
  ],
  kExt: [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100],
  bgRateHz: 8,
  /**
   * Initial membrane potentials, mV: 'original' N(-58, 10) for all (PD14), or NEST's 'optimized' per-population
   * mean and sd (the NEST microcircuit example's network_params.py, its default), which avoid the synchronous burst
   * at t = 0 that N(-58, 10) starts (a fifth of all neurons above threshold in the first step).
   */
  v0: {
    original: { mean: [-58, -58, -58, -58, -58, -58, -58, -58], std: [10, 10, 10, 10, 10, 10, 10, 10] },
    optimized: { mean: [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43], std: [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48] },
  },
  weightNa: 0.08781,
  g: -4,
  cell: { cm: 0.25, tau_m: 10, tau_syn_E: 0.5, tau_syn_I: 0.5, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50, i_offset: 0 },
} as const;

/**
 * Mean spontaneous rates of the full-scale model (L2/3E .. L6I, Hz) as published for the NEST reference simulation:
 * Potjans & Diesmann (2014) Fig. 6, the values van Albada et al. (2018, Front Neurosci 12:291) compare SpiNNaker
 * and NEST against. Read off bar charts to about 10 %: a yardstick for the bench, not a test tolerance.
 */
export const MICROCIRCUIT_REFERENCE_RATES = {
  ratesHz: [0.9, 2.8, 4.4, 5.7, 7.6, 8.3, 1.1, 7.7],
  source: 'Potjans & Diesmann 2014 Fig. 6 (NEST, full scale), approximate (read off the bar chart, as quoted by van Albada et al. 2018)',
  /** A second set, NEST full-scale means used as targets by an L2L microcircuit optimizee: the spread shows the uncertainty. */
  nestRatesHz: [0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523],
} as const;

export interface MicrocircuitOptions {
  /**
   * Fraction of the neurons (1 = 77,169). Connection probabilities stay, so in-degrees scale with it too. By default
   * recurrent weights are divided by the scale so each neuron's mean recurrent input stays (its variance grows by
   * 1/scale, which van Albada et al. 2015 would also correct with DC input and a K-dependent factor; not done here).
   */
  scale?: number;
  compensateWeights?: boolean;
  timestepMs?: number;
  record?: boolean;
  /**
   * Independent copies of the circuit (default 1), populations named `c<k>_L23E` etc. when more than one: a way to
   * fill a machine (130 columns at scale 0.1 are a million neurons on a 48-chip board) with realistic local
   * connectivity. The columns are not connected to each other.
   */
  columns?: number;
  /** Initial membrane potentials: NEST's 'optimized' per-population distributions (default) or PD14's 'original'. */
  v0?: 'optimized' | 'original';
}

export function microcircuitModel(opts: MicrocircuitOptions = {}): SnnModelInput & { timestepMs: number } {
  const m = MICROCIRCUIT;
  const scale = opts.scale ?? 1;
  const columns = opts.columns ?? 1;
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`microcircuitModel: columns must be a positive integer, got ${columns}`);
  const v0 = m.v0[opts.v0 ?? 'optimized'];
  const sizes = m.sizes.map((n) => Math.max(1, Math.round(n * scale)));
  const populations: NonNullable<SnnModelInput['populations']> = [];
  const projections: NonNullable<SnnModelInput['projections']> = [];
  for (let col = 0; col < columns; col++) {
    const name = (pop: string) => (columns === 1 ? pop : `c${col}_${pop}`);
    m.populations.forEach((pop, i) => {
      populations.push({
        name: name(pop), model: 'IF_curr_exp' as const, size: sizes[i], params: m.cell, expectedRateHz: 5,
        record: opts.record === false ? [] : ['spikes'],
        initial_values: { v: { normal: { mean: v0.mean[i], std: v0.std[i] } } },
        // K_ext independent Poisson sources at 8 Hz with the excitatory weight, one count per step.
        poisson_drive: { rate_Hz: m.kExt[i] * m.bgRateHz, weight: m.weightNa, receptor: 'excitatory' as const },
      });
    });
    m.populations.forEach((post, t) => {
      m.populations.forEach((pre, s) => {
        const p = m.connProbs[t][s];
        if (p === 0) return;
        const exc = s % 2 === 0;
        const k = opts.compensateWeights === false ? 1 : 1 / scale;
        const mean = k * (exc ? m.weightNa * (pre === 'L4E' && post === 'L23E' ? 2 : 1) : Math.abs(m.g) * m.weightNa);
        projections.push({
          pre: name(pre), post: name(post), receptor: exc ? 'excitatory' : 'inhibitory',
          connector: { type: 'fixedProbability', p_connect: p },
          weight: { normal: { mean, std: 0.1 * mean }, min: 0 },
          delay: exc ? { normal: { mean: 1.5, std: 0.75 }, min: 0.1 } : { normal: { mean: 0.75, std: 0.375 }, min: 0.1 },
        });
      });
    });
  }
  return { timestepMs: opts.timestepMs ?? 0.1, populations, projections };
}
