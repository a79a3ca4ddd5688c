import { Dram, Sram, type MachineSpec, type SramRegion } from '@s2sim/hardware';
import type { EnergyModel } from '@s2sim/power';
import { MulticastTable, ROUTE_WORDS } from '@s2sim/router';

/** The serialisable parameters every partition needs (the rest of the options stay on the host). */
export interface KernelParams {
  tickNs: number;
  routerLatencyNs: number;
  linkLatencyNs: number;
  minDelayTicks: number;
  mailboxCapacity: number;
  eventQueueCapacity: number;
  inboxCapacity: number;
  energy: EnergyModel;
  /** Bandwidth of each chip's DRAM port, bytes per ns (absent in old checkpoints: 6.4). */
  dramBytesPerNs?: number;
}

export interface PePart {
  chip: number;
  pe: number;
  globalPe: number;
  program: string;
  params: unknown;
  label: string;
  sram: Sram;
  /** The chip's control table (Float64 fields of its PEs) and this PE's offset in it, bytes. */
  control: SharedArrayBuffer;
  controlOffset: number;
  /** The PE's queues: heads, PRNG, mailbox, DMA and user rings. */
  queues: SharedArrayBuffer;
}

/** Everything a loaded machine is made of: shared buffers and the read-only tables. */
export interface MachineParts {
  machine: MachineSpec;
  params: KernelParams;
  tables: MulticastTable[];
  drams: Dram[];
  chipBlocks: SharedArrayBuffer[];
  pes: PePart[];
}

/** The same parts as a structured-clone message: SharedArrayBuffers travel by reference, tables by copy. */
export interface PartsMessage {
  machine: MachineSpec;
  params: KernelParams;
  tables: Array<{ size: number; keys: Uint32Array; masks: Uint32Array; routes: Uint32Array }>;
  drams: Array<Array<{ name: string; bytes: number; buffer: SharedArrayBuffer }>>;
  chipBlocks: SharedArrayBuffer[];
  pes: Array<Omit<PePart, 'sram'> & { sram: SharedArrayBuffer; regions: SramRegion[] }>;
}

export function partsToMessage(p: MachineParts): PartsMessage {
  return {
    machine: p.machine,
    params: p.params,
    tables: p.tables.map((t) => ({
      size: t.size, keys: t.keys.slice(0, t.size), masks: t.masks.slice(0, t.size), routes: t.routes.slice(0, t.size * ROUTE_WORDS),
    })),
    drams: p.drams.map((d) => d.regions.map((r) => ({ name: r.name, bytes: r.bytes, buffer: r.buffer }))),
    chipBlocks: p.chipBlocks,
    pes: p.pes.map((x) => ({ ...x, sram: x.sram.buffer, regions: [...x.sram.regions] })),
  };
}

/** An Sram over an existing shared buffer, with the same regions at the same offsets (a worker's view of a PE). */
export function adoptSram(chip: { x: number; y: number }, pe: number, buffer: SharedArrayBuffer, regions: readonly SramRegion[]): Sram {
  const s = new Sram(chip, pe, 0, 0);
  Object.defineProperty(s, 'buffer', { value: buffer });
  Object.defineProperty(s, 'sramBytes', { value: buffer.byteLength });
  for (const r of regions) {
    const a = s.allocate(r.name, r.bytes);
    if (a.offset !== r.offset) throw new Error(`SRAM region '${r.name}' moved from ${r.offset} to ${a.offset} when re-opened`);
  }
  return s;
}

export function partsFromMessage(m: PartsMessage): MachineParts {
  const { machine } = m;
  return {
    machine,
    params: m.params,
    tables: m.tables.map((t, i) => {
      const table = new MulticastTable(Math.max(1, t.size), `chip(${machine.chips[i].x},${machine.chips[i].y})`);
      for (let e = 0; e < t.size; e++) table.add(t.keys[e], t.masks[e], t.routes.subarray(e * ROUTE_WORDS, (e + 1) * ROUTE_WORDS));
      return table;
    }),
    drams: m.drams.map((regions, i) => {
      const d = new Dram(machine.chips[i], machine.chip.dramBytes);
      for (const r of regions) d.adopt(r.name, r.buffer, r.bytes);
      return d;
    }),
    chipBlocks: m.chipBlocks,
    pes: m.pes.map((x) => ({ ...x, sram: adoptSram(machine.chips[x.chip], x.pe, x.sram, x.regions) })),
  };
}
