import { z } from 'zod';
import type { CostModel } from './costModel';

/** DMA timing parameters beyond the per-PE cost model. */
export const dmaSpecSchema = z
  .object({
    dramBytesPerS: z.number().positive().default(6.4e9).describe('sustained DRAM block-transfer bandwidth per chip [G23, DS]'),
  })
  .strict();
export type DmaSpec = z.infer<typeof dmaSpecSchema>;

/** Cycles the PE spends programming one transfer (the transfer itself runs beside the core). */
export function dmaSetupCycles(costs: CostModel): number {
  return costs.dmaSetupCycles;
}

/**
 * Modelled duration of one DMA transfer of `bytes`, nanoseconds: the slower of the PE-side engine
 * (`dmaBytesPerCycle` at the PE's clock) and the DRAM's sustained bandwidth, when DRAM is one end.
 */
export function dmaTransferNs(bytes: number, frequencyHz: number, costs: CostModel, touchesDram: boolean, spec: DmaSpec = { dramBytesPerS: 6.4e9 }): number {
  const engineNs = (bytes / costs.dmaBytesPerCycle / frequencyHz) * 1e9;
  const dramNs = touchesDram ? (bytes / spec.dramBytesPerS) * 1e9 : 0;
  return Math.max(engineNs, dramNs);
}
