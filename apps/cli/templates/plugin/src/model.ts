import { z } from 'zod';

/** The `model` section of a scenario for this plugin. */
export const __CAMEL__ModelSchema = z
  .object({
    pes: z.number().int().min(1).max(152).default(4).describe('PEs that beat, placed on the first chip'),
    periodTicks: z.number().int().min(1).default(2).describe('a beat every this many timer ticks'),
  })
  .strict();

export type __PASCAL__Model = z.infer<typeof __CAMEL__ModelSchema>;
