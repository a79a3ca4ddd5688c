import { z } from 'zod';

/** One DVFS performance level (PL): a supply voltage and the clock it allows. */
export const performanceLevelSchema = z
  .object({
    name: z.string(),
    voltageV: z.number().positive().describe('core supply voltage, volts'),
    frequencyHz: z.number().positive().describe('PE clock, hertz'),
    source: z.string().describe('where the number comes from, or "assumption"'),
  })
  .strict();

export type PerformanceLevel = z.infer<typeof performanceLevelSchema>;

/** SpiNNaker2 (22 nm FDSOI): the two modelled clocks of SpiNNMachine; voltages are assumptions (HARDWARE.md). */
export const DEFAULT_PERFORMANCE_LEVELS: PerformanceLevel[] = [
  { name: 'PL1', voltageV: 0.5, frequencyHz: 150e6, source: 'SM clock; voltage assumption (near-threshold with ABB, H22)' },
  { name: 'PL2', voltageV: 0.6, frequencyHz: 300e6, source: 'SM clock; voltage assumption (H22)' },
];
