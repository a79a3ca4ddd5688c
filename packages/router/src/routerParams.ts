import { z } from 'zod';

/**
 * The router's and links' parameters: the single source of their types, defaults, units (in the names) and
 * documentation. Sources as in HARDWARE.md; "assumption" marks numbers no source confirms, and results that
 * depend on them say so.
 */
export const routerParamsSchema = z
  .object({
    hopLatencyNs: z
      .number()
      .nonnegative()
      .default(200)
      .describe('time from a packet entering a router to it entering the next chip\'s router, one hop (assumption: 200 ns, HARDWARE.md)'),
    localDeliveryNs: z
      .number()
      .nonnegative()
      .default(20)
      .describe('time from a packet entering the router to it reaching a local PE over the NoC (assumption)'),
    linkBandwidthMbitPerS: z
      .number()
      .positive()
      .default(2000)
      .describe('bandwidth of one chip-to-chip link in each direction; a packet occupies its link for bits / bandwidth (assumption)'),
    packetHeaderBits: z
      .number()
      .int()
      .nonnegative()
      .default(8)
      .describe('header bits sent with every packet besides key and payload (SpiNNaker1: 8 [ST]; assumption for SpiNNaker2)'),
    waitLimitNs: z
      .number()
      .nonnegative()
      .default(2000)
      .describe('how long a packet may wait for a busy link before it is dropped (SpiNNaker routers wait a configurable time [ST]; value: assumption)'),
    reinjection: z
      .boolean()
      .default(true)
      .describe('dropped packets are re-injected at the start of the next synchronisation window, as by SpiNNaker\'s reinjector [ST, SM] (assumption: on)'),
  })
  .strict();

export type RouterParams = z.infer<typeof routerParamsSchema>;
export type RouterParamsInput = z.input<typeof routerParamsSchema>;

/** Parameter documentation printed from the schema itself, so it can never disagree with the defaults. */
export function describeRouterParams(): Array<{ name: string; default: unknown; description: string }> {
  const defaults = routerParamsSchema.parse({});
  return Object.entries(routerParamsSchema.shape).map(([name, s]) => ({
    name,
    default: defaults[name as keyof RouterParams],
    description: s.description ?? '',
  }));
}
