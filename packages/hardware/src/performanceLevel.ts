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

/**
 * The 28 nm SLP test chip of Höppner et al. 2019 [H19]: 4 PEs scaled between 0.70 V/125 MHz and 1.0 V/500 MHz at
 * three levels. H19 gives the end points; the middle level is an assumption (halfway in voltage, half the top clock).
 */
export const H19_PERFORMANCE_LEVELS: PerformanceLevel[] = [
  { name: 'PL1', voltageV: 0.7, frequencyHz: 125e6, source: 'H19 (lowest level: 0.70 V, 125 MHz)' },
  { name: 'PL2', voltageV: 0.85, frequencyHz: 250e6, source: 'assumption (H19 names three levels; the middle one is not in our sources)' },
  { name: 'PL3', voltageV: 1.0, frequencyHz: 500e6, source: 'H19 (highest level: 1.0 V, 500 MHz)' },
];

/** Named sets of performance levels that a machine spec can select by name (`pe.performanceLevels: h19`). */
export const PERFORMANCE_LEVEL_PRESETS = {
  spinnaker2: DEFAULT_PERFORMANCE_LEVELS,
  h19: H19_PERFORMANCE_LEVELS,
} as const satisfies Record<string, PerformanceLevel[]>;

export type PerformanceLevelPreset = keyof typeof PERFORMANCE_LEVEL_PRESETS;
export const PERFORMANCE_LEVEL_PRESET_NAMES = Object.keys(PERFORMANCE_LEVEL_PRESETS) as PerformanceLevelPreset[];

/** A copy of a named level set (copies, so that a caller's edits never change the preset). */
export function performanceLevelPreset(name: PerformanceLevelPreset): PerformanceLevel[] {
  const levels = PERFORMANCE_LEVEL_PRESETS[name];
  if (!levels) throw new RangeError(`no performance-level preset '${name}' (presets: ${PERFORMANCE_LEVEL_PRESET_NAMES.join(', ')})`);
  return levels.map((l) => ({ ...l }));
}

/**
 * `pe.performanceLevels` in a machine spec: either a preset name or explicit levels (lowest first). A name is
 * expanded to the preset's levels, so the parsed spec always holds explicit levels.
 */
export const performanceLevelsSchema = z.union([
  z.enum(PERFORMANCE_LEVEL_PRESET_NAMES as [PerformanceLevelPreset, ...PerformanceLevelPreset[]]).transform((n) => performanceLevelPreset(n)),
  z
    .array(performanceLevelSchema)
    .min(1)
    .refine((ls) => ls.every((l, i) => i === 0 || (l.frequencyHz >= ls[i - 1].frequencyHz && l.voltageV >= ls[i - 1].voltageV)), {
      message: 'performance levels must be ordered lowest first (voltage and frequency not decreasing)',
    }),
]);
