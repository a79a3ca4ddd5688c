import { z } from 'zod';
import { MACHINE_PRESETS } from '@s2sim/hardware';

/**
 * The plugin-independent part of a scenario file. The `model` section belongs to the plugin and is validated by
 * the plugin's own schema afterwards (`s2sim schema` merges both into one JSON Schema for editors).
 */
export const scenarioSchema = z
  .object({
    $schema: z.string().optional().describe('path or URL of the JSON Schema (from `s2sim schema`), for editor completion'),
    name: z.string().optional().describe('a short name for reports and the default results folder'),
    description: z.string().optional().describe('what this scenario shows'),
    machine: z
      .object({
        preset: z.enum(MACHINE_PRESETS).default('chip').describe('which machine to simulate: one chip of 152 PEs, or a 48-chip board'),
        pe: z.record(z.string(), z.unknown()).optional().describe('overrides of PE parameters (see packages/hardware)'),
        chip: z.record(z.string(), z.unknown()).optional().describe('overrides of chip parameters (see packages/hardware)'),
        costs: z.record(z.string(), z.unknown()).optional().describe('overrides of the cycle cost model (see packages/hardware)'),
      })
      .strict()
      .prefault({})
      .describe('the machine: a preset and overrides of its parameters'),
    plugin: z.string().describe('the plugin that runs the model, e.g. snn (`s2sim plugins` lists them)'),
    model: z.unknown().describe("the plugin's model"),
    run: z
      .object({
        durationMs: z.number().positive().max(3.6e6).optional().describe('simulated time, ms'),
        ticks: z.number().int().positive().max(1e9).optional().describe('simulated timer ticks (instead of durationMs)'),
        timestepMs: z.number().positive().max(1000).default(1).describe('timer tick period = time step, ms'),
        seed: z.number().int().nonnegative().max(0xffffffff).default(1).describe('seed of every PE generator'),
        threads: z.number().int().min(1).max(256).default(1).describe('worker threads (results never depend on it); the runtime uses them when it supports threads'),
        performanceLevel: z.string().optional().describe("fixed performance level of every PE by name (e.g. PL3); default: the machine's default level"),
      })
      .strict()
      .refine((r) => (r.durationMs === undefined) !== (r.ticks === undefined), { message: 'give exactly one of durationMs or ticks' })
      .describe('how long and how to run'),
    output: z
      .object({
        dir: z.string().optional().describe('results folder, relative to the current folder (default results/<name>); never overwritten'),
        plots: z.boolean().default(true).describe('render plots (SVG and PNG) into the results folder'),
      })
      .strict()
      .prefault({})
      .describe('where and what to write'),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
