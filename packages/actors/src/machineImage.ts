import type { ChipCoord } from '@s2sim/hardware';
import type { RouteSpec } from '@s2sim/router';

/** One SRAM region to allocate on a PE, with its initial contents (zeros when only `bytes` is given). */
export interface RegionImage {
  name: string;
  bytes?: number;
  data?: ArrayBufferView;
}

export interface PeImage {
  chip: ChipCoord;
  pe: number;
  program: string;
  regions: RegionImage[];
  /** Small plain parameters handed to the program's attach() (structured-clone data: they travel to workers). */
  params?: unknown;
  /** What runs here, for reports (e.g. "population exc[0:255]"). */
  label?: string;
}

export interface TableEntryImage {
  key: number;
  mask: number;
  route: RouteSpec;
}

export interface TableImage {
  chip: ChipCoord;
  entries: TableEntryImage[];
}

/** A DRAM region of a chip (allocated lazily: only regions named here take memory). */
export interface DramImage {
  chip: ChipCoord;
  name: string;
  bytes?: number;
  data?: ArrayBufferView;
}

/** What a plugin's mapper produces and the kernel loads: programs and data per PE, routing tables per chip. */
export interface MachineImage {
  pes: PeImage[];
  tables: TableImage[];
  dram?: DramImage[];
}
