import { DRAM_PORT } from './chipBlock';

/** Traffic through one chip's DRAM port since load. */
export interface DramPortStats {
  readBytes: number;
  writeBytes: number;
  /** Nanoseconds the port spent moving data (at most the run's duration: it serves one transfer at a time). */
  busyNs: number;
}

/**
 * A chip's DRAM port: one port shared by all PEs of the chip, served first come, first served at `bytesPerNs`
 * (6.4 GB/s [G23]). A transfer that reaches the port at `readyNs` (its DMA engine is free) starts when the port
 * is free too, holds the port for bytes / bandwidth, and is done no sooner than its engine allows (`engineNs`).
 * With one PE the result equals dmaTransferNs's max(engine, DRAM); with many PEs their DRAM traffic queues, so
 * 144 PEs together never read faster than the chip's DRAM. The state lives in the chip block's metadata (shared
 * memory), so threads and checkpoints see it. Requests are served in the order the chip's events make them, which
 * is time order up to one handler's length.
 */
export function dramPortTransfer(meta: Float64Array, readyNs: number, engineNs: number, bytes: number, bytesPerNs: number, write: boolean): number {
  meta[write ? DRAM_PORT.writeBytes : DRAM_PORT.readBytes] += bytes;
  const start = Math.max(readyNs, meta[DRAM_PORT.freeAtNs]);
  const service = bytes / bytesPerNs;
  meta[DRAM_PORT.freeAtNs] = start + service;
  meta[DRAM_PORT.busyNs] += service;
  return Math.max(start + service, readyNs + engineNs);
}

export function dramPortStats(meta: Float64Array): DramPortStats {
  return { readBytes: meta[DRAM_PORT.readBytes], writeBytes: meta[DRAM_PORT.writeBytes], busyNs: meta[DRAM_PORT.busyNs] };
}
