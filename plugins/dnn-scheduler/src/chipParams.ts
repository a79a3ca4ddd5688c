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
    dramBytesPerNs: z.number().positive().default(6.4).describe('sustained DRAM bandwidth, bytes per ns = GB/s, shared by all PEs [G23: up to 6.4 GB/s]'),
    nocBytesPerNs: z.number().positive().default(4).describe('NoC throughput of one PE-to-PE DMA, bytes per ns (assumption)'),
    nocLatencyNs: z.number().nonnegative().default(40).describe('latency of a NoC write (flag, interrupt) between PEs, ns (assumption)'),
    irqCycles: z.number().nonnegative().default(50).describe('entering a user-interrupt handler and reading the command word (assumption)'),
    flagCycles: z.number().nonnegative().default(20).describe('scheduler: reading one status flag and updating the worker\'s state (assumption)'),
    dispatchCycles: z.number().nonnegative().default(30).describe('scheduler: writing a command word and raising a worker\'s interrupt (assumption)'),
    poolCyclesPerInput: z.number().nonnegative().default(1).describe('M4F cycles per input element of a pooling window (assumption)'),
    eltwiseCyclesPerElement: z.number().nonnegative().default(2).describe('M4F cycles per element of a residual add or ReLU (assumption)'),
    accumulateCyclesPerElement: z.number().nonnegative().default(1).describe('cycles to add one fetched int32 partial sum (assumption)'),
    tileOverheadNs: z.number().nonnegative().default(500).describe('mapper only: fixed cost per tile when comparing tilings (assumption)'),
    macEnergyJ: z.number().nonnegative().default(0.5e-12).describe('energy of one int8 MAC on the array at the reference voltage (assumption)'),
    dramEnergyPerByteJ: z.number().nonnegative().default(40e-12).describe('energy per DRAM byte moved, LPDDR4 ~5 pJ/bit (assumption)'),
    nocEnergyPerByteJ: z.number().nonnegative().default(2e-12).describe('energy per byte moved over the NoC (assumption)'),
  })
  .strict();

export type DnnChipParams = z.infer<typeof dnnChipParamsSchema>;
