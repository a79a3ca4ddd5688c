import type { DnnChipParams } from './chipParams';
import type { Schedule } from './schedule';

/**
 * What the scheduler and worker programs know before the run: the static schedule (tiles, groups, per-worker
 * queues, the layers' ops), the DRAM region of every tensor, the PEs, and where the flag ring lies in the
 * scheduler's SRAM. It reaches the programs as their attach() parameters (read-only: the machine image's
 * constant data). All run-time state lives in SRAM regions.
 */
export interface DnnProgramPlan {
  schedule: Schedule;
  params: DnnChipParams;
  /** Tensor name -> the DRAM region that holds it (a flatten shares its input's region). */
  bufferOf: Record<string, string>;
  schedulerPe: number;
  workerPes: number[];
  /** Byte offset of the scheduler's 'flags' region in its SRAM. */
  flagsOffset: number;
}
