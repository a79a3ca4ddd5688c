import { z } from 'zod';
import type { Sram } from '@s2sim/hardware';
import { definePlugin } from '../plugin';
import { defineProgram } from '../program';
import { payloadToFloat } from '../payload';
import type { MachineImage, TableEntryImage } from '../machineImage';

/**
 * The SDK's example plugin (README.md shows it whole): on every chip, `pesPerChip` PEs gossip. Each tick a PE draws
 * from its PRNG and, with probability `sendProbability`, multicasts a float32 value (its tick-scaled id) to the
 * PEs of its own chip and of the chips to its east and north. Receivers add the float payload to a sum, count the
 * packets, and remember the latest sender tick, all in SRAM.
 */
export const gossipModelSchema = z
  .object({
    pesPerChip: z.number().int().min(1).max(152).default(4).describe('gossiping PEs per chip'),
    sendProbability: z.number().min(0).max(1).default(0.5).describe('chance that a PE sends in a tick'),
    workCycles: z.number().int().nonnegative().default(1000).describe('cycles each timer handler charges'),
  })
  .strict();
export type GossipModel = z.infer<typeof gossipModelSchema>;

/** SRAM layout: params [pesPerChip, probability x 2^32, workCycles, key], stats [received, lastSentTick], sum (float32). */
interface GossipState {
  params: Uint32Array;
  stats: Uint32Array;
  sum: Float32Array;
}

const view = (sram: Sram): GossipState => ({
  params: new Uint32Array(sram.buffer, sram.region('params').offset, 4),
  stats: new Uint32Array(sram.buffer, sram.region('stats').offset, 2),
  sum: new Float32Array(sram.buffer, sram.region('sum').offset, 1),
});

export const gossipProgram = defineProgram<GossipState>({
  name: 'example.gossip',
  attach: (sram) => view(sram),
  timer(s, ctx) {
    ctx.charge(s.params[2]);
    if (ctx.rng.nextUint32() < s.params[1]) ctx.sendMulticastFloat(s.params[3], Math.fround(ctx.globalPe / 1024 + ctx.tick));
  },
  packet(s, ctx, _key, payload) {
    s.stats[0]++;
    s.stats[1] = ctx.sentTick;
    s.sum[0] = Math.fround(s.sum[0] + payloadToFloat(payload));
    ctx.record('example.rx', payloadToFloat(payload));
  },
});

export interface GossipResult {
  /** Per loaded PE in image order: packets received and the float32 sum of their payloads. */
  received: number[];
  sums: number[];
}

export const gossipPlugin = definePlugin<GossipModel, { pes: number }, GossipResult>({
  name: 'example-gossip',
  description: 'PEs on every chip multicast float payloads to their chip and their east and north neighbours',
  programs: [gossipProgram],
  module: new URL('./gossipPlugin.ts', import.meta.url).href,
  modelSchema: gossipModelSchema,
  map(model, { machine }) {
    const at = new Map(machine.chips.map((c, i) => [`${c.x},${c.y}`, i]));
    const image: MachineImage = { pes: [], tables: [] };
    const entries = machine.chips.map((): TableEntryImage[] => []);
    const local = Array.from({ length: model.pesPerChip }, (_, p) => p);
    machine.chips.forEach((c, ci) => {
      for (let p = 0; p < model.pesPerChip; p++) {
        const key = ((ci << 8) | p) >>> 0;
        image.pes.push({
          chip: c, pe: p, program: 'example.gossip', label: `gossip ${ci}.${p}`,
          regions: [
            { name: 'params', data: Uint32Array.of(model.pesPerChip, Math.min(2 ** 32 - 1, Math.floor(model.sendProbability * 2 ** 32)), model.workCycles, key) },
            { name: 'stats', bytes: 8 },
            { name: 'sum', bytes: 4 },
          ],
        });
        // Source chip: its own PEs and links 0 (E) and 2 (N); a neighbour delivers to its PEs and stops the packet.
        entries[ci].push({ key, mask: 0xffffffff, route: { pes: local, links: [0, 2] } });
        for (const [dx, dy] of [[1, 0], [0, 1]]) {
          const n = at.get(`${c.x + dx},${c.y + dy}`);
          if (n !== undefined) entries[n].push({ key, mask: 0xffffffff, route: { pes: local } });
        }
      }
    });
    image.tables = machine.chips.map((c, i) => ({ chip: c, entries: entries[i] }));
    return { image, report: { pes: image.pes.length } };
  },
  results(sim, mapping) {
    const received: number[] = [], sums: number[] = [];
    for (const p of mapping.image.pes) {
      const sram = sim.sram(p.chip.x, p.chip.y, p.pe);
      const s = view(sram);
      received.push(s.stats[0]);
      sums.push(s.sum[0]);
    }
    return { received, sums };
  },
  summary: (r) => ({ packetsReceived: r.received.reduce((a, b) => a + b, 0) }),
  outputs: (r) => [{ path: 'gossip.csv', content: 'pe,received,sum\n' + r.received.map((n, i) => `${i},${n},${r.sums[i]}`).join('\n') + '\n' }],
});
