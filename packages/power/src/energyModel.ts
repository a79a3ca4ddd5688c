import { z } from 'zod';
import { H19_PERFORMANCE_LEVELS, type PerformanceLevel } from '@s2sim/hardware';

/** A PE's level change stalls it for at most this long [H17, H19]; the one default that the model and the policy share. */
export const DVFS_SWITCH_TIME_NS = 100;

const j = (doc: string, dflt: number) => z.number().nonnegative().default(dflt).describe(doc);

/**
 * Energy parameters of the machine, as a gem5-style parameter bundle: one zod schema with defaults, units in the
 * names and a source or "assumption" in every description.
 *
 * Scaling rules (HARDWARE.md): dynamic energy per cycle and per operation scales with V² (C·V² per transition);
 * baseline power of a PE (leakage and clock tree) scales with V·f; a sleeping PE (wait-for-interrupt, core clock
 * gated) keeps a fraction of it. PE energies are given at a reference level and scaled from there. Router, link,
 * chip and board energies are outside the PEs' DVFS domains and do not scale.
 */
export const energyModelSchema = z
  .object({
    referenceVoltageV: z.number().positive().default(0.6).describe('voltage at which the PE energies below are given (assumption: SpiNNaker2 PL2)'),
    referenceFrequencyHz: z.number().positive().default(300e6).describe('frequency at which baseline power is given (assumption: SpiNNaker2 PL2)'),
    dynamicEnergyPerCycleJ: j('switching energy of the core and its SRAM per busy cycle at the reference voltage (assumption)', 10e-12),
    baselinePowerW: j('leakage and clock power of one awake PE at the reference level (assumption)', 5e-3),
    sleepBaselineFraction: z.number().min(0).max(1).default(0.2).describe('share of baseline power left while a PE sleeps in wait-for-interrupt (assumption)'),
    synapticEventJ: j('energy of one synaptic event beyond the core cycles the cost model charges for it, reference voltage (assumption: 0, the work is core cycles)', 0),
    neuronUpdateJ: j('energy of one neuron update beyond its core cycles, reference voltage (assumption: 0, the work is core cycles)', 0),
    macJ: j('one int8 multiply-accumulate on the MAC array, reference voltage (assumption)', 0.2e-12),
    expLogJ: j('one exp or ln on the accelerator, reference voltage (assumption)', 5e-12),
    dmaByteJ: j('one byte moved by DMA over the NoC, reference voltage (assumption)', 1e-12),
    packetSentJ: j('injecting one packet from a PE into the NoC, reference voltage (assumption)', 5e-12),
    routerHopJ: j('one packet through a chip router (assumption; SpiNNaker1: 1 nJ per 40-bit hop [SM])', 0.2e-9),
    linkCrossingJ: j('one packet over a chip-to-chip link (assumption)', 1e-9),
    switchEnergyJ: j('one change of performance level of a PE (assumption)', 1e-9),
    switchTimeNs: z.number().nonnegative().default(DVFS_SWITCH_TIME_NS).describe('time a PE stalls while it changes level; "< 100 ns" [H17, H19]'),
    chipOverheadW: j('power of one chip outside its PEs: router, NoC, DRAM interface, periphery (assumption; SpiNNaker1 idle chip: 0.35 W [SM])', 0.3),
    boardOverheadW: j('power of one board outside its chips: FPGAs, Ethernet, power conversion (assumption)', 10),
  })
  .strict();

export type EnergyModel = z.infer<typeof energyModelSchema>;
export type EnergyModelInput = z.input<typeof energyModelSchema>;

/**
 * The 28 nm test chip of H19, as a preset. H19 publishes ratios, not these absolute values, so they are
 * assumptions chosen to reproduce its ratios (HARDWARE.md). H19's three savings fit together when dynamic power is
 * about 1/6 to 1/5 of a PE's total at the top level: baseline x 0.2 and dynamic x 0.5 give 0.2 x 5/6 + 0.5 x 1/6 =
 * 0.25, the -75 % total. Here an awake PE's baseline at 1.0 V/500 MHz equals the dynamic power of a fully busy one
 * (20 pJ x 500 MHz = 10 mW), and sleeping keeps 0.7 of it (the test chip gates the core clock, not the PE's clock
 * generator, SRAM or leakage; assumption); a PE busy 1/5 of the top level's cycles then has a dynamic share of
 * 2 mW / (2 + 7.6) mW, about 1/5. Where the share is smaller the total saving approaches the baseline saving.
 * H19 reports PE power only, so chip and board overheads are 0.
 */
export const H19_ENERGY_MODEL: EnergyModelInput = {
  referenceVoltageV: 1.0,
  referenceFrequencyHz: 500e6,
  dynamicEnergyPerCycleJ: 20e-12,
  baselinePowerW: 10e-3,
  sleepBaselineFraction: 0.7,
  chipOverheadW: 0,
  boardOverheadW: 0,
};

export const ENERGY_MODEL_PRESETS = { spinnaker2: {} as EnergyModelInput, h19: H19_ENERGY_MODEL } as const;
export type EnergyModelPreset = keyof typeof ENERGY_MODEL_PRESETS;

export const defaultEnergyModel = (): EnergyModel => energyModelSchema.parse({});

/** A preset with optional overrides, validated (an unknown key is an error). */
export function energyModelPreset(name: EnergyModelPreset, overrides: EnergyModelInput = {}): EnergyModel {
  const base = ENERGY_MODEL_PRESETS[name];
  if (!base) throw new RangeError(`no energy-model preset '${name}' (presets: ${Object.keys(ENERGY_MODEL_PRESETS).join(', ')})`);
  return energyModelSchema.parse({ ...base, ...overrides });
}

/**
 * The energy preset that belongs to a machine's levels: `h19` for the H19 test chip's levels, else `spinnaker2`.
 * So a scenario that selects `pe.performanceLevels: h19` gets the matching energies without a second setting.
 */
export function defaultEnergyModelFor(levels: readonly PerformanceLevel[], overrides: EnergyModelInput = {}): EnergyModel {
  const same = (a: readonly PerformanceLevel[], b: readonly PerformanceLevel[]) =>
    a.length === b.length && a.every((l, i) => l.voltageV === b[i].voltageV && l.frequencyHz === b[i].frequencyHz);
  return energyModelPreset(same(levels, H19_PERFORMANCE_LEVELS) ? 'h19' : 'spinnaker2', overrides);
}

/** (V / Vref)²: the factor on every dynamic energy at a level. */
export function dynamicScale(model: EnergyModel, level: PerformanceLevel): number {
  const v = level.voltageV / model.referenceVoltageV;
  return v * v;
}

/** Dynamic energy of `cycles` busy cycles at a level, joules. */
export function dynamicEnergyJ(model: EnergyModel, level: PerformanceLevel, cycles: number): number {
  return cycles * model.dynamicEnergyPerCycleJ * dynamicScale(model, level);
}

/** Baseline power of a PE at a level, awake or asleep, watts. */
export function baselinePowerW(model: EnergyModel, level: PerformanceLevel, asleep: boolean): number {
  const scale = (level.voltageV / model.referenceVoltageV) * (level.frequencyHz / model.referenceFrequencyHz);
  return model.baselinePowerW * scale * (asleep ? model.sleepBaselineFraction : 1);
}

/** Energy of one PE over one tick: busy cycles at the level's clock, the rest asleep. */
export function peTickEnergyJ(model: EnergyModel, level: PerformanceLevel, busyCycles: number, tickNs: number) {
  const tickS = tickNs * 1e-9;
  const busyS = Math.min(busyCycles / level.frequencyHz, tickS);
  const dynamic = dynamicEnergyJ(model, level, busyCycles);
  const baselineActive = baselinePowerW(model, level, false) * busyS;
  const baselineSleep = baselinePowerW(model, level, true) * (tickS - busyS);
  const baseline = baselineActive + baselineSleep;
  return { dynamic, baseline, baselineActive, baselineSleep, total: dynamic + baseline };
}
