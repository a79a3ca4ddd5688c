import { z } from 'zod';
import { dnnChipParamsSchema } from './chipParams';

const common = {
  name: z.string().optional().describe('layer name (default: type and index); later layers refer to it'),
  input: z.string().optional().describe('name of the earlier layer this one reads (default: the previous layer)'),
};

const layerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('conv2d'), ...common,
    outChannels: z.number().int().positive(), kernel: z.number().int().positive(),
    stride: z.number().int().positive().default(1), pad: z.number().int().nonnegative().default(0), relu: z.boolean().default(false),
  }).strict(),
  z.object({ type: z.literal('dense'), ...common, units: z.number().int().positive(), relu: z.boolean().default(false) }).strict(),
  z.object({
    type: z.enum(['maxpool', 'avgpool']), ...common,
    kernel: z.number().int().positive(), stride: z.number().int().positive().optional(), pad: z.number().int().nonnegative().default(0),
  }).strict(),
  z.object({ type: z.enum(['relu', 'flatten', 'globalavgpool']), ...common }).strict(),
  z.object({
    type: z.literal('residual'), ...common,
    from: z.string().describe('name of an earlier layer whose output is added to the current tensor (same shape)'),
    relu: z.boolean().default(false),
  }).strict(),
]);

export type LayerSpec = z.infer<typeof layerSchema>;

/** The `model` section of a DNN scenario: a network (layers, a preset or an ONNX file), its input and quantisation. */
export const dnnModelSchema = z
  .object({
    network: z.union([
      z.object({ input: z.array(z.number().int().positive()).min(1).max(3).describe('input shape [C, H, W] or [N]'), layers: z.array(layerSchema).min(1) }).strict(),
      z.object({ preset: z.enum(['vgg16', 'resnet50']).describe('VGG-16 or ResNet-50 shaped network with random weights (224x224x3 input)') }).strict(),
      z.object({ onnx: z.string().describe('path of an ONNX model, relative to the scenario file') }).strict(),
    ]),
    weightSeed: z.number().int().default(1).describe('seed of random weights (He uniform) for layer lists and presets'),
    input: z
      .union([
        z.object({ seed: z.number().int().default(7), low: z.number().default(0), high: z.number().default(1) }).strict(),
        z.object({ values: z.array(z.number()) }).strict(),
      ])
      .default({ seed: 7, low: 0, high: 1 })
      .describe('the float input: uniform random in [low, high) from a seed, or explicit values (C-major)'),
    quantization: z
      .object({
        granularity: z.enum(['per-tensor', 'per-channel']).default('per-channel').describe('weight scales per tensor or per output channel'),
        precision: z
          .enum(['int8', 'int16'])
          .default('int8')
          .describe('activations and weights in the MAC array\'s int8 mode (64 MACs/cycle) or int16 mode (16 MACs/cycle) [FAQ, G23]; accumulators are 29-bit either way'),
        calibrationSamples: z.number().int().min(0).max(256).default(4).describe('random calibration inputs drawn like the input (the input itself is always one more)'),
        calibrationSeed: z.number().int().default(11),
      })
      .strict()
      .prefault({}),
    chip: dnnChipParamsSchema.prefault({}),
  })
  .strict();

export type DnnModel = z.infer<typeof dnnModelSchema>;
export type DnnModelInput = z.input<typeof dnnModelSchema>;
