import { EnergyAccount, OPERATIONS, type EnergyModel, type PeTickWork } from '@s2sim/power';
import type { MachineSpec } from '@s2sim/hardware';
import type { MachineParts } from './machineParts';
import { board48Offsets } from '@s2sim/router';
import { OP, OP_COUNT } from './peBlock';

/** Numbers per PE per tick in a window's energy log: level index, cycles, then the OPERATIONS counts. */
export const PE_LOG = 2 + OP_COUNT;
/** Numbers per chip per tick: packets its router routed, packets it sent over links. */
export const CHIP_LOG = 2;

// The log stores operations in peBlock's OP order; the account reads them by OPERATIONS name.
if (OPERATIONS.some((op, i) => OP[op] !== i)) throw new Error('energyLog: peBlock OP order differs from @s2sim/power OPERATIONS');

/**
 * One partition's energy log of a window: for each tick, its loaded PEs (global PE order) and then its chips (chip
 * order). Partitions hold whole chips in contiguous, increasing ranges, so the logs of all partitions read in
 * partition order walk the machine in order, and the host's single account gets the same additions in the same
 * order at any thread count: the same bits.
 */
export interface EnergyLogWindow {
  from: number;
  to: number;
  data: Float64Array;
}

/** Which PEs (global index) and chips a partition's log rows stand for. */
export interface EnergyLogLayout {
  pes: Int32Array;
  chips: Int32Array;
}

/** The layout of the log of a partition of `chips` (increasing chip indices), as the partition itself builds it. */
export function energyLayoutOf(parts: MachineParts, chips: readonly number[]): EnergyLogLayout {
  const set = new Set(chips);
  return { pes: Int32Array.from(parts.pes.filter((p) => set.has(p.chip)), (p) => p.globalPe), chips: Int32Array.from(chips) };
}

export const energyLogStride = (layout: EnergyLogLayout): number => layout.pes.length * PE_LOG + layout.chips.length * CHIP_LOG;

/**
 * The board of each chip: the board whose Ethernet chip plus one of the 48 board offsets (wrapped on a torus) is
 * that chip; chips no board claims (a single chip, a hand-made machine) count to board 0.
 */
export function boardOfChips(machine: MachineSpec): Int32Array {
  const out = new Int32Array(machine.chips.length);
  if (machine.boards.length <= 1) return out;
  const index = new Map(machine.chips.map((c, i) => [`${c.x},${c.y}`, i]));
  const offsets = board48Offsets();
  machine.boards.forEach((b, bi) => {
    for (const o of offsets) {
      let x = b.x + o.x, y = b.y + o.y;
      if (machine.wrapsAround) (x %= machine.width), (y %= machine.height);
      const c = index.get(`${x},${y}`);
      if (c !== undefined) out[c] = bi;
    }
  });
  return out;
}

/** The run's energy account, sized for the machine (its PEs, chips and boards). */
export function machineEnergyAccount(machine: MachineSpec, model: EnergyModel, tickNs: number): EnergyAccount {
  return new EnergyAccount({
    model, levels: machine.pe.performanceLevels, tickNs, chips: machine.chips.length, pesPerChip: machine.chip.pes,
    boardOfChip: boardOfChips(machine), costs: machine.costs,
  });
}

/**
 * Feeds windows of energy logs into the account, tick by tick: every partition's PEs (`addPeTick`), then every
 * partition's routers (`addRouterTick`), then `endTick` — the kernel contract of @s2sim/power.
 */
export function feedEnergyAccount(account: EnergyAccount, layouts: readonly EnergyLogLayout[], windows: readonly EnergyLogWindow[]): void {
  const { from, to } = windows[0];
  const work: Required<PeTickWork> = { cycles: 0, synapticEvent: 0, neuronUpdate: 0, mac: 0, expLog: 0, dmaByte: 0, packetSent: 0 };
  const strides = layouts.map(energyLogStride);
  for (let t = 0; t < to - from; t++) {
    for (let p = 0; p < layouts.length; p++) {
      const d = windows[p].data, pes = layouts[p].pes;
      let o = t * strides[p];
      for (let i = 0; i < pes.length; i++, o += PE_LOG) {
        work.cycles = d[o + 1];
        work.synapticEvent = d[o + 2];
        work.neuronUpdate = d[o + 3];
        work.mac = d[o + 4];
        work.expLog = d[o + 5];
        work.dmaByte = d[o + 6];
        work.packetSent = d[o + 7];
        account.addPeTick(pes[i], d[o], work);
      }
    }
    for (let p = 0; p < layouts.length; p++) {
      const d = windows[p].data, { pes, chips } = layouts[p];
      let o = t * strides[p] + pes.length * PE_LOG;
      for (let c = 0; c < chips.length; c++, o += CHIP_LOG) account.addRouterTick(chips[c], d[o], d[o + 1]);
    }
    account.endTick();
  }
}
