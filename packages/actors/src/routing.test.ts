import { describe, expect, it } from 'vitest';
import { machinePreset, type MachineSpec } from '@s2sim/hardware';
import { LINK_DELTAS } from '@s2sim/router';
import { defineProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { Simulation } from './simulation';
import { machineTopology } from './chipLinks';
import type { MachineImage } from './machineImage';

/** PE 0 of the source chip multicasts key 7 once, at tick 0; PE 0 of each receiving chip counts what arrives. */
const sender = defineProgram({
  name: 'test.sendOnce',
  attach: (sram, params) => ({ rx: new Uint32Array(sram.buffer, sram.region('rx').offset, 1), send: params === 'send' }),
  timer(s, ctx) {
    if (s.send && ctx.tick === 0) ctx.sendMulticast(7, 99);
  },
  packet(s, _ctx, key, payload) {
    if (key === 7 && payload === 99) s.rx[0]++;
  },
});
const programs = new ProgramRegistry().register(sender);

/** Sends east from `src`; `dst` (the chip one hop east, if the caller names one) delivers to PE 0. */
function sendEast(machine: MachineSpec, src: { x: number; y: number }, dst: { x: number; y: number } | null) {
  const sim = new Simulation(machine, programs, { tickNs: 1e6, seed: 1 });
  const pes = [src, ...(dst ? [dst] : [])].map((chip, i) => ({ chip, pe: 0, program: 'test.sendOnce', params: i === 0 ? 'send' : 'listen', regions: [{ name: 'rx', bytes: 4 }] }));
  const tables: MachineImage['tables'] = [{ chip: src, entries: [{ key: 7, mask: 0xffffffff, route: { links: [0] } }] }];
  if (dst) tables.push({ chip: dst, entries: [{ key: 7, mask: 0xffffffff, route: { pes: [0] } }] });
  sim.load({ pes, tables });
  sim.run(3);
  return sim;
}

describe('inter-chip routing over the router package topology', () => {
  it('a packet sent east from the last column of a triad wraps to column 0 and arrives; the link counters show it', () => {
    const triad = machinePreset('triad');
    // Independent of the kernel: the east neighbour of (11, 5) on a 12x12 torus, by the link deltas.
    const [dx, dy] = LINK_DELTAS[0];
    const dst = { x: (11 + dx) % 12, y: (5 + dy) % 12 };
    expect(dst).toEqual({ x: 0, y: 5 });
    const sim = sendEast(triad, { x: 11, y: 5 }, dst);
    const rx = (x: number, y: number) => new Uint32Array(sim.readRegion(x, y, 0, 'rx').slice().buffer)[0];
    expect(rx(0, 5)).toBe(1);
    expect(rx(11, 5)).toBe(0);
    const routers = sim.provenance().routers;
    const src = routers.find((r) => r.chip === 'chip(11,5)')!;
    expect(src.links.E).toEqual({ sent: 1, dropped: 0 });
    for (const l of ['NE', 'N', 'W', 'SW', 'S'] as const) expect(src.links[l]).toEqual({ sent: 0, dropped: 0 });
    expect(src.linkHops).toBe(1);
    expect(sim.energyReport().parts.linkCrossingsJ).toBeGreaterThan(0);
  });

  it('on a single board (no wrap) the same east link from the board edge leads nowhere: dropped and counted', () => {
    const board = machinePreset('board48');
    const topo = machineTopology(board);
    // The east edge of the board: a chip whose east neighbour does not exist.
    const edge = board.chips.find((c) => topo.neighbour(c.x, c.y, 0) === null)!;
    const sim = sendEast(board, edge, null);
    const r = sim.provenance().routers.find((x) => x.chip === `chip(${edge.x},${edge.y})`)!;
    expect(r.links.E).toEqual({ sent: 0, dropped: 1 });
    expect(r.droppedNoLink).toBe(1);
  });

  it('passes a packet through chips without an entry by default routing (straight on), counting every link', () => {
    const triad = machinePreset('triad');
    // From (10, 3) east: (11, 3) has no entry and sends it straight on over the wrap to (0, 3), which delivers.
    const sim = new Simulation(triad, programs, { tickNs: 1e6, seed: 1 });
    const mk = (x: number, y: number, params: string) => ({ chip: { x, y }, pe: 0, program: 'test.sendOnce', params, regions: [{ name: 'rx', bytes: 4 }] });
    sim.load({
      pes: [mk(10, 3, 'send'), mk(0, 3, 'listen')],
      tables: [
        { chip: { x: 10, y: 3 }, entries: [{ key: 7, mask: 0xffffffff, route: { links: [0] } }] },
        { chip: { x: 0, y: 3 }, entries: [{ key: 7, mask: 0xffffffff, route: { pes: [0] } }] },
      ],
    });
    sim.run(3);
    expect(new Uint32Array(sim.readRegion(0, 3, 0, 'rx').slice().buffer)[0]).toBe(1);
    const routers = sim.provenance().routers;
    expect(routers.find((r) => r.chip === 'chip(10,3)')!.links.E.sent).toBe(1);
    expect(routers.find((r) => r.chip === 'chip(11,3)')!.links.E.sent).toBe(1);
  });

  it('sends a point-to-point packet over the wrap of a triad by the shortest route, counting its link', () => {
    const p2p = defineProgram({
      name: 'test.p2p',
      attach: (sram, params) => ({ rx: new Uint32Array(sram.buffer, sram.region('rx').offset, 1), send: params === 'send' }),
      timer(s, ctx) {
        if (s.send && ctx.tick === 0) ctx.sendPointToPoint({ x: 0, y: 5 }, 3, 42, 7);
      },
      packet(s, ctx, key, payload) {
        if (ctx.packetKind === 'p2p' && key === 42 && payload === 7) s.rx[0]++;
      },
    });
    const sim = new Simulation(machinePreset('triad'), new ProgramRegistry().register(p2p), { tickNs: 1e6, seed: 1 });
    const mk = (x: number, y: number, pe: number, params: string) => ({ chip: { x, y }, pe, program: 'test.p2p', params, regions: [{ name: 'rx', bytes: 4 }] });
    sim.load({ pes: [mk(11, 5, 0, 'send'), mk(0, 5, 3, 'listen')], tables: [] });
    sim.run(3);
    expect(new Uint32Array(sim.readRegion(0, 5, 3, 'rx').slice().buffer)[0]).toBe(1);
    const src = sim.provenance().routers.find((r) => r.chip === 'chip(11,5)')!;
    // (0,5) is one hop east of (11,5) across the wrap (11 hops the other way round).
    expect(src.linkHops).toBe(1);
    expect(src.links.E.sent).toBe(1);
  });
});
