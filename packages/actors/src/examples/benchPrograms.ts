import { machinePreset, type MachineSpec } from '@s2sim/hardware';
import { LINK_COUNT } from '@s2sim/router';
import { defineProgram } from '../program';
import type { MachineImage, TableEntryImage } from '../machineImage';

/**
 * Programs and images for the runtime benchmark (apps/bench/src/suites/runtime.ts), in a module so that worker
 * threads load them by name. `idle`: a timer handler that does nothing. `neighbours`: each tick every PE sends one
 * packet that its chip routes over all six links; each neighbour chip delivers it to the PE of the same number.
 */
export const idleProgram = defineProgram({
  name: 'bench.idle',
  attach: () => null,
  timer() {},
});

export const neighbourProgram = defineProgram({
  name: 'bench.neighbours',
  attach: (sram) => new Uint32Array(sram.buffer, sram.region('state').offset, 2),
  timer(s, ctx) {
    ctx.charge(500);
    ctx.sendMulticast(s[0], ctx.tick);
  },
  packet(s, ctx) {
    s[1]++;
    ctx.charge(100);
  },
});

export function benchMachine(): MachineSpec {
  return machinePreset('board48');
}

/** Every PE of every chip runs `bench.idle`. */
export function idleImage(machine: MachineSpec, pesPerChip = machine.chip.pes): MachineImage {
  return {
    pes: machine.chips.flatMap((chip) => Array.from({ length: pesPerChip }, (_, pe) => ({ chip, pe, program: 'bench.idle', regions: [] }))),
    tables: [],
  };
}

/** Every PE sends to the same PE of the six neighbouring chips, every tick. */
export function neighbourImage(machine: MachineSpec, pesPerChip = machine.chip.pes): MachineImage {
  const at = new Map(machine.chips.map((c, i) => [`${c.x},${c.y}`, i]));
  const deltas = [[1, 0], [1, 1], [0, 1], [-1, 0], [-1, -1], [0, -1]];
  const entries = machine.chips.map((): TableEntryImage[] => []);
  const image: MachineImage = { pes: [], tables: [] };
  machine.chips.forEach((c, ci) => {
    for (let pe = 0; pe < pesPerChip; pe++) {
      const key = ((ci << 8) | pe) >>> 0;
      image.pes.push({ chip: c, pe, program: 'bench.neighbours', regions: [{ name: 'state', data: Uint32Array.of(key, 0) }] });
      entries[ci].push({ key, mask: 0xffffffff, route: { links: Array.from({ length: LINK_COUNT }, (_, l) => l) } });
      for (const [dx, dy] of deltas) {
        const n = at.get(`${c.x + dx},${c.y + dy}`);
        if (n !== undefined) entries[n].push({ key, mask: 0xffffffff, route: { pes: [pe] } });
      }
    }
  });
  image.tables = machine.chips.map((c, i) => ({ chip: c, entries: entries[i] }));
  return image;
}

/** This module, for `programModules`: worker threads import the benchmark programs from it. */
export const BENCH_PROGRAMS_MODULE = import.meta.url;
