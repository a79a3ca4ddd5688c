import { z } from 'zod';
import { MACHINE_PRESETS } from '@s2sim/hardware';

/**
 * The plugin-independent part of a scenario file. The `model` section belongs to the plugin and is validated by
 * the plugin's own schema afterwards.
 */
export const scenarioSchema = z
  .object({
    name: z.string().optional().describe('a short name for reports'),
    description: z.string().optional(),
    machine: z
      .object({
        preset: z.enum(MACHINE_PRESETS).default('chip').describe('which machine to simulate'),
        pe: z.record(z.string(), z.unknown()).optional().describe('overrides of PE parameters'),
        chip: z.record(z.string(), z.unknown()).optional().describe('overrides of chip parameters'),
        costs: z.record(z.string(), z.unknown()).optional().describe('overrides of the cycle cost model'),
      })
      .strict()
      .prefault({}),
    plugin: z.string().describe('the plugin that runs the model, e.g. snn'),
    model: z.unknown().describe("the plugin's model"),
    run: z
      .object({
        durationMs: z.number().positive().max(3.6e6).optional().describe('simulated time, ms'),
        ticks: z.number().int().positive().max(1e9).optional().describe('simulated timer ticks (instead of durationMs)'),
        timestepMs: z.number().positive().max(1000).default(1).describe('timer tick period = time step, ms'),
        seed: z.number().int().nonnegative().max(0xffffffff).default(1).describe('seed of every PE generator'),
      })
      .strict()
      .refine((r) => (r.durationMs === undefined) !== (r.ticks === undefined), { message: 'give exactly one of durationMs or ticks' }),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
