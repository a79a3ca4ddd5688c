import { z } from 'zod';
import { CELL_TYPES } from './cells';

const name = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'a population name is a letter or _ followed by letters, digits, _, . or -');
const size = z.number().int().positive().max(10_000_000).describe('number of neurons');
const neuronsPerPe = z.number().int().positive().max(2048).optional().describe('override of the automatic split (at most 2048: 11 key bits)');
const expectedRateHz = z.number().nonnegative().default(10).describe('expected mean rate, Hz, used to estimate cycles per tick when splitting (assumption: 10 Hz)');

/** A value, or a distribution drawn per connection from the run's seed (PyNN's RandomDistribution). */
export const valueSchema = z.union([
  z.number(),
  z.object({ normal: z.object({ mean: z.number(), std: z.number().nonnegative() }).strict(), min: z.number().optional(), max: z.number().optional() }).strict(),
  z.object({ uniform: z.object({ low: z.number(), high: z.number() }).strict() }).strict(),
]);
export type Value = z.infer<typeof valueSchema>;

/** Poisson input to every neuron, drawn per neuron and step from the PE's PRNG (as Brian2's PoissonInput). */
const poissonDrive = z
  .object({
    rate_Hz: z.number().nonnegative().describe('total rate of the Poisson input per neuron, Hz'),
    weight: z.number().describe('weight of each input event, in the receptor unit of the cell'),
    receptor: z.enum(['excitatory', 'inhibitory']).default('excitatory'),
  })
  .strict();

const recordable = z.string().describe("'spikes' or a state field of the cell type, e.g. 'v', 'isyn_exc', 'gsyn_inh'");
const neuronPopulations = CELL_TYPES.map((cell) =>
  z
    .object({
      name,
      model: z.literal(cell.name),
      size,
      params: (cell.paramsSchema as unknown as z.ZodObject).prefault({}),
      integrator: z.enum(cell.integrators as unknown as [string, ...string[]]).default(cell.integrators[0]),
      record: z.array(recordable).default([]),
      record_indices: z.array(z.number().int().nonnegative()).optional().describe('neurons whose state fields are recorded (default: all)'),
      poisson_drive: poissonDrive.optional(),
      initial_values: z.record(z.string(), valueSchema).optional().describe("initial state per field, e.g. v: { uniform: { low: 0, high: 20 } } (PyNN's initialize)"),
      neuronsPerPe,
      expectedRateHz,
    })
    .strict(),
);

const spikeSourceArray = z
  .object({
    name,
    model: z.literal('SpikeSourceArray'),
    size,
    /** spike_times[i]: the times of neuron i, ms; one list applies to every neuron when one list is given. */
    spike_times: z.array(z.array(z.number().nonnegative())),
    record: z.array(z.literal('spikes')).default([]),
    neuronsPerPe,
    expectedRateHz,
  })
  .strict();

const spikeSourcePoisson = z
  .object({
    name,
    model: z.literal('SpikeSourcePoisson'),
    size,
    rate: z.number().nonnegative().describe('rate per neuron, Hz'),
    start: z.number().nonnegative().default(0).describe('ms'),
    duration: z.number().positive().optional().describe('ms (default: to the end of the run)'),
    record: z.array(z.literal('spikes')).default([]),
    neuronsPerPe,
  })
  .strict();

export const populationSchema = z.discriminatedUnion('model', [...neuronPopulations, spikeSourceArray, spikeSourcePoisson] as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);

const selfConn = { allow_self_connections: z.boolean().default(true) };
/** PyNN's connectors, and `dense` (a weight matrix, as NIR's Linear) and `conv2d` (a shared kernel, as PyNN's ConvolutionConnector). */
export const connectorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('allToAll'), ...selfConn }).strict(),
  z.object({ type: z.literal('oneToOne') }).strict(),
  z.object({ type: z.literal('fixedProbability'), p_connect: z.number().min(0).max(1), ...selfConn }).strict(),
  z.object({ type: z.literal('fixedNumberPre'), n: z.number().int().nonnegative(), with_replacement: z.boolean().default(false), ...selfConn }).strict(),
  z.object({ type: z.literal('fixedNumberPost'), n: z.number().int().nonnegative(), with_replacement: z.boolean().default(false), ...selfConn }).strict(),
  z
    .object({
      type: z.literal('fromList'),
      /** rows [pre, post] or [pre, post, weight] or [pre, post, weight, delay ms]; missing values come from the projection. */
      connections: z.array(z.array(z.number()).min(2).max(4)),
    })
    .strict(),
  z.object({ type: z.literal('dense'), weights: z.array(z.array(z.number())).describe('weights[post][pre]; zeros are not connected') }).strict(),
  z
    .object({
      type: z.literal('conv2d'),
      in_shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).describe('[channels, height, width] of pre'),
      kernel: z.array(z.array(z.array(z.array(z.number())))).describe('kernel[out channel][in channel][ky][kx]'),
      stride: z.tuple([z.number().int().positive(), z.number().int().positive()]).default([1, 1]),
      padding: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).default([0, 0]),
    })
    .strict(),
]);
export type Connector = z.infer<typeof connectorSchema>;

export const projectionSchema = z
  .object({
    pre: name,
    post: name,
    connector: connectorSchema,
    /** PyNN's sign convention: the receptor gives the sign, the weight its magnitude; 'bySign' takes the sign of each weight (NIR). */
    receptor: z.enum(['excitatory', 'inhibitory', 'bySign']).default('excitatory'),
    weight: valueSchema.default(1).describe('weight in the receptor unit of the post cell (nA, uS, mV), unless the connector gives it'),
    delay: valueSchema.optional().describe('delay, ms (default: one time step); rounded to whole steps'),
  })
  .strict();

export const pynnModelSchema = z
  .object({
    populations: z.array(populationSchema).min(1),
    projections: z.array(projectionSchema).default([]),
  })
  .strict();

/** A NIR graph as the model: the file, the import options, and spike inputs per Input node. */
export const nirModelSchema = z
  .object({
    nir: z.string().describe('path of a .nir file (NIR 0.1/0.2 HDF5), relative to the scenario file'),
    dtMs: z.number().positive().optional().describe("NIR's time step, ms; must equal run.timestepMs when given"),
    reset: z.enum(['zero', 'subtract']).default('zero').describe('after a spike: to v_reset (0 unless the node gives one), or subtract the threshold'),
    integrator: z.enum(['exact', 'euler']).optional().describe('LIF/LI: exact (default) or forward Euler; CubaLIF/CubaLI: Euler unless exact'),
    inputs: z.record(z.string(), z.array(z.array(z.number().int().nonnegative()))).default({}).describe('per Input node: for each input neuron, its spike time steps'),
    record: z.enum(['outputs', 'all']).default('outputs').describe("record the Output nodes' sources, or spikes and v of every neuron node"),
  })
  .strict();

export const snnModelSchema = z.union([pynnModelSchema, nirModelSchema]);
export type NirModel = z.infer<typeof nirModelSchema>;

export type Population = z.infer<typeof populationSchema> & { name: string; model: string; size: number; record: string[] };
export type Projection = z.infer<typeof projectionSchema>;
export type SnnModel = { populations: Population[]; projections: Projection[] };
/** What a scenario's model may be: a PyNN-style network, or a NIR graph that is imported into one. */
export type SnnScenarioModel = SnnModel | NirModel;
export type SnnModelInput = z.input<typeof pynnModelSchema>;
export type NeuronPopulation = Population & { params: Record<string, number | number[] | undefined>; integrator: 'exact' | 'euler'; record_indices?: number[]; poisson_drive?: z.infer<typeof poissonDrive>; initial_values?: Record<string, Value>; neuronsPerPe?: number; expectedRateHz: number };
