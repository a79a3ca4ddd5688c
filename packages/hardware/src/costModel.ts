import { z } from 'zod';

/**
 * Cycles charged to a PE per operation. No source we hold publishes these for SpiNNaker2's M4F code, so every
 * default is an assumption (HARDWARE.md), chosen near sPyNNaker's published per-event costs on SpiNNaker1.
 */
export const costModelSchema = z
  .object({
    timerInterruptCycles: z.number().nonnegative().default(200).describe('entering and leaving the timer handler (assumption)'),
    packetInterruptCycles: z.number().nonnegative().default(80).describe('entering the packet handler and looking up the row (assumption)'),
    synapticEventCycles: z.number().nonnegative().default(12).describe('one synaptic word applied to the ring buffer (assumption)'),
    neuronUpdateCycles: z.number().nonnegative().default(60).describe('one neuron state update with threshold test (assumption)'),
    packetSendCycles: z.number().nonnegative().default(12).describe('writing one multicast packet to the router (assumption)'),
    dmaSetupCycles: z.number().nonnegative().default(40).describe('programming one DMA transfer (assumption)'),
    dmaBytesPerCycle: z.number().positive().default(8).describe('DMA throughput in bytes per PE cycle (assumption)'),
    macsPerCycle: z.number().positive().default(64).describe('int8 MACs per cycle on the MAC array [FAQ, G23]'),
    expLogCycles: z.number().nonnegative().default(8).describe('one exp or ln on the accelerator (assumption) [P17, H22]'),
  })
  .strict();

export type CostModel = z.infer<typeof costModelSchema>;
