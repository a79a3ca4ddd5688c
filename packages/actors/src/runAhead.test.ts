import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { defineProgram, type PeProgram } from './program';
import { ProgramRegistry } from './programRegistry';
import { PeFaultError } from './faultError';
import { Simulation } from './simulation';

// Senders spread bursts of packets over each tick; receivers charge a key-dependent number of cycles per packet, so
// they are often busy when packets arrive, and also serve their own timer and a DMA to themselves (interrupts that
// packets outrank). Every receiver handler writes (kind, key, start time) into the receiver's SRAM log. The same
// network runs with the receiver's packet handler declared local (the kernel runs queued packets ahead) and not
// (the plain event order): every log, counter and mailbox overflow must be the same.
const chip = { x: 0, y: 0 };
const SENDERS = 6;
const RECEIVERS = 4;
const LOG = 3 * 4096;

const sender = defineProgram({
  name: 'ra.sender',
  attach: () => ({}),
  timer(_s, ctx) {
    const n = 4 + Math.floor(ctx.rng.nextFloat() * 12);
    for (let i = 0; i < n; i++) {
      ctx.charge(Math.floor(ctx.rng.nextFloat() * 3000));
      ctx.sendMulticast((ctx.pe << 8) | i);
    }
  },
});

type Log = { log: Float64Array; at: number };
function receiver(local: boolean): PeProgram<Log> {
  const write = (s: Log, kind: number, key: number, t: number) => {
    s.log[s.at++] = kind;
    s.log[s.at++] = key;
    s.log[s.at++] = t;
  };
  return defineProgram<Log>({
    name: local ? 'ra.receiver.local' : 'ra.receiver',
    packetIsLocal: local,
    attach: (sram) => ({ log: new Float64Array(sram.buffer, sram.region('log').offset, LOG), at: 0 }),
    timer(s, ctx) {
      write(s, 1, ctx.tick, ctx.timeNs);
      ctx.dmaToPe(ctx.pe, 0, 8, 8, ctx.tick);
      ctx.charge(500);
    },
    packet(s, ctx, key) {
      write(s, 0, key, ctx.timeNs);
      ctx.charge(200 + (key & 0xff) * 90);
    },
    dma(s, ctx, tag) {
      write(s, 2, tag, ctx.timeNs);
    },
  });
}

// Two chips: the senders' packets also cross to chip (1,0), whose receivers get them from the inbox at a tick's
// start (the backlog drain's path) rather than from the chip's own fan-out.
const east = { x: 1, y: 0 };

function run(local: boolean, mailboxCapacity: number, twoChips = false) {
  const programs = new ProgramRegistry().register(sender).register(receiver(local));
  const sim = new Simulation(machinePreset(twoChips ? 'triad' : 'chip'), programs, { tickNs: 100_000, seed: 7, mailboxCapacity });
  const name = local ? 'ra.receiver.local' : 'ra.receiver';
  const receivers = (at: { x: number; y: number }) =>
    Array.from({ length: RECEIVERS }, (_, r) => ({ chip: at, pe: SENDERS + r, program: name, regions: [{ name: 'log', bytes: LOG * 8 }] }));
  const fanOut = (pe: number) => (pe < 3 ? [6, 7, 8] : [7, 8, 9]);
  sim.load({
    pes: [
      ...Array.from({ length: SENDERS }, (_, pe) => ({ chip, pe, program: 'ra.sender', regions: [] })),
      ...receivers(chip),
      ...(twoChips ? receivers(east) : []),
    ],
    // Senders 0-2 reach receivers 6-8, senders 3-5 reach receivers 7-9: overlapping fan-outs.
    tables: [
      { chip, entries: Array.from({ length: SENDERS }, (_, pe) => ({ key: pe << 8, mask: 0xffffff00, route: { pes: fanOut(pe), ...(twoChips ? { links: [0] } : {}) } })) },
      ...(twoChips ? [{ chip: east, entries: Array.from({ length: SENDERS }, (_, pe) => ({ key: pe << 8, mask: 0xffffff00, route: { pes: fanOut(5 - pe) } })) }] : []),
    ],
  });
  sim.run(40);
  const logs = [chip, ...(twoChips ? [east] : [])].flatMap((at) => Array.from({ length: RECEIVERS }, (_, r) => {
    const sram = sim.sram(at.x, at.y, SENDERS + r);
    const log = new Float64Array(sram.buffer, sram.region('log').offset, LOG);
    let end = 0;
    while (end < LOG && (log[end] !== 0 || log[end + 1] !== 0 || log[end + 2] !== 0)) end += 3;
    return Array.from(log.subarray(0, end));
  }));
  const prov = sim.provenance().pes.map(({ label: _l, program: _p, ...counters }) => counters);
  return { logs, prov, handled: sim.lastRunHandled };
}

describe('running local packet handlers ahead of the event order', () => {
  for (const [capacity, twoChips] of [[4096, false], [6, false], [4096, true], [6, true]] as const) {
    it(`gives the same handler start times, interrupt order and counters as the plain event order (mailbox ${capacity}${twoChips ? ', packets from another chip' : ''})`, () => {
      const plain = run(false, capacity, twoChips);
      const ahead = run(true, capacity, twoChips);
      const packets = plain.logs.flat().filter((_, i) => i % 3 === 0).filter((k) => k === 0).length;
      expect(packets).toBeGreaterThan(1000);
      expect(ahead.logs).toEqual(plain.logs);
      expect(ahead.prov).toEqual(plain.prov);
      expect(ahead.handled).toBe(plain.handled);
      const overflows = plain.prov.reduce((s, p) => s + p.mailboxOverflows, 0);
      if (capacity === 6) expect(overflows).toBeGreaterThan(0); // the small mailbox does overflow, in both orders alike
      else expect(overflows).toBe(0);
      // Receivers are busy when packets arrive: some packet starts later than the packet could have arrived.
      expect(plain.prov.reduce((s, p) => s + p.timerOverruns, 0)).toBeGreaterThan(0);
    });
  }

  it('faults a PE whose local packet handler sends a packet, naming the declaration', () => {
    const liar = defineProgram({
      name: 'ra.liar',
      packetIsLocal: true,
      attach: () => ({}),
      timer(_s, ctx) {
        if (ctx.tick === 0) ctx.sendMulticast(1);
      },
      packet(_s, ctx) {
        ctx.sendMulticast(2);
      },
    });
    const sim = new Simulation(machinePreset('chip'), new ProgramRegistry().register(liar), { tickNs: 100_000, seed: 1 });
    sim.load({ pes: [{ chip, pe: 0, program: 'ra.liar', regions: [] }], tables: [{ chip, entries: [{ key: 1, mask: 0xffffffff, route: { pes: [0] } }] }] });
    expect(() => sim.run(2)).toThrow(PeFaultError);
    expect(sim.faults[0].cause).toMatch(/sendMulticast in the packet handler of 'ra\.liar', which declares packetIsLocal/);
  });
});
