import { z } from 'zod';
import { ifCurrExpParamsSchema } from './ifCurrExp';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a population name is letters, digits, _ or -');

const ifCurrExpPopulation = z
  .object({
    name,
    model: z.literal('IF_curr_exp'),
    size: z.number().int().positive().max(10_000_000),
    params: ifCurrExpParamsSchema.prefault({}),
    record: z.array(z.enum(['spikes'])).default([]),
    neuronsPerPe: z.number().int().positive().max(2048).optional().describe('override of the automatic split'),
  })
  .strict();

const spikeSourceArrayPopulation = z
  .object({
    name,
    model: z.literal('SpikeSourceArray'),
    size: z.number().int().positive().max(10_000_000),
    /** spike_times[i]: the times of neuron i, ms; one list applies to every neuron when size > 1 and one list is given. */
    spike_times: z.array(z.array(z.number().nonnegative())),
    record: z.array(z.enum(['spikes'])).default([]),
    neuronsPerPe: z.number().int().positive().max(2048).optional(),
  })
  .strict();

export const populationSchema = z.discriminatedUnion('model', [ifCurrExpPopulation, spikeSourceArrayPopulation]);

/** A PyNN FromListConnector: rows [pre, post, weight (nA), delay (ms)]. */
const fromListConnector = z
  .object({
    type: z.literal('fromList'),
    connections: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number(), z.number().positive()])),
  })
  .strict();

export const projectionSchema = z
  .object({
    pre: name,
    post: name,
    connector: fromListConnector,
    receptor: z.enum(['excitatory', 'inhibitory']).default('excitatory'),
  })
  .strict();

export const snnModelSchema = z
  .object({
    populations: z.array(populationSchema).min(1),
    projections: z.array(projectionSchema).default([]),
  })
  .strict();

export type Population = z.infer<typeof populationSchema>;
export type Projection = z.infer<typeof projectionSchema>;
export type SnnModel = z.infer<typeof snnModelSchema>;
export type SnnModelInput = z.input<typeof snnModelSchema>;
