import { z } from 'zod';

/**
 * Parameters of the DNN run on one chip. Sources as in ../../shared/HARDWARE.md; every number no source confirms is
 * marked "assumption" and can be overridden in the scenario.
 */
export const dnnChipParamsSchema = z
  .object({
    workers: z.number().int().min(1).max(151).default(144).describe('worker PEs; Kelber et al. 2020 spread layers over 144 PEs [C]'),
    performanceLevel: z.number().int().nonnegative().optional().describe('index of the PEs\' performance level; default: the machine default (the highest)'),
    doubleBuffer: z
      .boolean()
      .default(true)
      .describe('workers hold two tiles (each in half the arena), so the next tile\'s DMA overlaps the current tile\'s MAC work, as in Kelber et al. 2020'),
    dramBytesPerNs: z.number().positive().default(6.4).describe('sustained DRAM bandwidth, bytes per ns = GB/s, shared by all PEs [G23: up to 6.4 GB/s]; runDnn gives it to the kernel (dramBytesPerNs); a scenario run must use the same'),
    nocBytesPerNs: z.number().positive().default(4).describe('mapper only: NoC throughput of one PE-to-PE DMA when comparing tilings, bytes per ns (assumption; the kernel moves PE-to-PE DMA at the PE\'s engine rate)'),
    nocLatencyNs: z.number().nonnegative().default(40).describe('mapper only: latency of a NoC write between PEs when comparing tilings, ns (assumption; the kernel uses its routerLatencyNs)'),
    irqCycles: z.number().nonnegative().default(50).describe('decoding a command word or the host start, on top of the kernel\'s interrupt entry (assumption)'),
    flagCycles: z.number().nonnegative().default(20).describe('scheduler: reading one status flag and updating the worker\'s state (assumption)'),
    dispatchCycles: z.number().nonnegative().default(30).describe('scheduler: writing a command word and raising a worker\'s interrupt (assumption)'),
    poolCyclesPerInput: z.number().nonnegative().default(1).describe('M4F cycles per input element of a pooling window (assumption)'),
    eltwiseCyclesPerElement: z.number().nonnegative().default(2).describe('M4F cycles per element of a residual add or ReLU (assumption)'),
    accumulateCyclesPerElement: z.number().nonnegative().default(1).describe('cycles to add one fetched int32 partial sum (assumption)'),
    tileOverheadNs: z.number().nonnegative().default(500).describe('mapper only: fixed cost per tile when comparing tilings (assumption)'),
  })
  .strict();

export type DnnChipParams = z.infer<typeof dnnChipParamsSchema>;
