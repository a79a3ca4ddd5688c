import { z } from 'zod';
import { costModelSchema } from './costModel';
import { performanceLevelsSchema, DEFAULT_PERFORMANCE_LEVELS } from './performanceLevel';

/**
 * The machine as data. One zod schema is the single source of every parameter's type, default, unit (in the
 * name) and documentation; `describe()` texts carry the source tag from HARDWARE.md or the word "assumption".
 */
export const peSpecSchema = z
  .object({
    sramBytes: z.number().int().positive().default(128 * 1024).describe('local SRAM per PE, code and data [DS, G23]'),
    codeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(16 * 1024)
      .describe('SRAM reserved for program code (assumption: 16 KiB, leaving 112 KiB for data)'),
    performanceLevels: performanceLevelsSchema
      .default(DEFAULT_PERFORMANCE_LEVELS)
      .describe('DVFS performance levels, lowest first, or a preset name: spinnaker2 (default) [SM clocks, H22; voltages are assumptions] or h19 (28 nm test chip) [H19]'),
    defaultPerformanceLevel: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('index of the level a PE starts at; default: the highest'),
  })
  .strict();

export const chipSpecSchema = z
  .object({
    pes: z.number().int().min(1).max(152).default(152).describe('application PEs per chip (38 QPEs of 4) [DS, G23]'),
    routerEntries: z.number().int().positive().default(16384).describe('multicast router table entries per chip [DS, SM]'),
    dramBytes: z.number().int().positive().default(2 * 1024 ** 3).describe('LPDDR4 DRAM per chip [G23, DS]'),
  })
  .strict();

export const coordSchema = z.object({ x: z.number().int().nonnegative(), y: z.number().int().nonnegative() }).strict();
export type ChipCoord = z.infer<typeof coordSchema>;

export const machineSpecSchema = z
  .object({
    name: z.string().describe('preset or user name of the machine'),
    width: z.number().int().positive().describe('chips along x of the bounding box'),
    height: z.number().int().positive().describe('chips along y of the bounding box'),
    chips: z.array(coordSchema).min(1).describe('coordinates of the chips that exist'),
    wrapsAround: z
      .boolean()
      .default(false)
      .describe('links wrap around the edges (a torus): true for triads of boards, whose width and height are multiples of 12 [SM]'),
    boards: z
      .array(coordSchema)
      .default([])
      .describe('the Ethernet (root) chip of each 48-chip board; empty for a single chip [SM]'),
    pe: peSpecSchema.prefault({}),
    chip: chipSpecSchema.prefault({}),
    costs: costModelSchema.prefault({}),
  })
  .strict();

export type PeSpec = z.infer<typeof peSpecSchema>;
export type ChipSpec = z.infer<typeof chipSpecSchema>;
export type MachineSpec = z.infer<typeof machineSpecSchema>;
export type MachineSpecInput = z.input<typeof machineSpecSchema>;
