import { z } from 'zod';
import type { PerformanceLevel } from '@s2sim/hardware';

/**
 * Energy parameters of a PE. Dynamic energy per cycle scales with V² and baseline power with V·f (HARDWARE.md).
 * No source we hold gives SpiNNaker2's absolute numbers: the defaults are assumptions, written at a reference
 * voltage and frequency and scaled from there.
 */
export const energyModelSchema = z
  .object({
    referenceVoltageV: z.number().positive().default(0.6).describe('voltage at which the energies below are given (assumption)'),
    referenceFrequencyHz: z.number().positive().default(300e6).describe('frequency at which baseline power is given (assumption)'),
    dynamicEnergyPerCycleJ: z.number().nonnegative().default(10e-12).describe('switching energy per busy cycle at the reference voltage (assumption)'),
    baselinePowerW: z.number().nonnegative().default(5e-3).describe('leakage and clock power of one PE at the reference level (assumption)'),
    sleepBaselineFraction: z.number().min(0).max(1).default(0.2).describe('share of baseline power left while a PE sleeps (clock gating; assumption)'),
  })
  .strict();

export type EnergyModel = z.infer<typeof energyModelSchema>;

export const defaultEnergyModel = (): EnergyModel => energyModelSchema.parse({});

/** Dynamic energy of `cycles` busy cycles at a level, joules. */
export function dynamicEnergyJ(model: EnergyModel, level: PerformanceLevel, cycles: number): number {
  const v = level.voltageV / model.referenceVoltageV;
  return cycles * model.dynamicEnergyPerCycleJ * v * v;
}

/** Baseline power of a PE at a level, awake or asleep, watts. */
export function baselinePowerW(model: EnergyModel, level: PerformanceLevel, asleep: boolean): number {
  const scale = (level.voltageV / model.referenceVoltageV) * (level.frequencyHz / model.referenceFrequencyHz);
  return model.baselinePowerW * scale * (asleep ? model.sleepBaselineFraction : 1);
}

/** Energy of one PE over one tick: busy cycles at the level's clock, the rest asleep. */
export function peTickEnergyJ(model: EnergyModel, level: PerformanceLevel, busyCycles: number, tickNs: number) {
  const busyS = Math.min(busyCycles / level.frequencyHz, tickNs * 1e-9);
  const sleepS = tickNs * 1e-9 - busyS;
  const dynamic = dynamicEnergyJ(model, level, busyCycles);
  const baseline = baselinePowerW(model, level, false) * busyS + baselinePowerW(model, level, true) * sleepS;
  return { dynamic, baseline, total: dynamic + baseline };
}
