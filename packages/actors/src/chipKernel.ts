import { peTickEnergyJ } from '@s2sim/power';
import type { ChipCoord, Dram } from '@s2sim/hardware';
import { CompiledLookup, LINK_COUNT, ROUTE_WORDS, decodeRoute, type MulticastTable } from '@s2sim/router';
import { C, IN_STRIDE, type ChipBlock } from './chipBlock';
import { EV, EV_STRIDE } from './eventHeap';
import type { KernelEnv } from './kernelEnv';
import { PE_LOG, CHIP_LOG } from './energyLog';
import { F, IRQ, IRQ_NAMES, PACKET_MC, PACKET_P2P } from './peBlock';
import { PeEventCode, PeState, nextPeState } from './peStateTable';
import { AHEAD_LIMIT, type PeRuntime } from './peRuntime';
import { walkRoute, type RouteWalk } from './routeWalk';

/** Heap event kind of a point-to-point packet arrival (ranked as a packet). */
const EV_P2P = 4;
/**
 * Heap event kind of a multicast packet reaching this chip's PEs: one event for the whole route (its `pe` field is
 * the table entry), fanned out to the entry's PEs in PE order when it is due. One event per target PE would cost a
 * heap push and pop per PE; the order of handlers is the same either way (see deliverFanout).
 */
const EV_FANOUT = 5;
const SLEEPING = PeState['running.sleeping'];
const HANDLING = PeState['running.handling'];
const PAUSED = PeState.paused;
const IRQ_EVENT = PeEventCode.IRQ, RETURN_EVENT = PeEventCode.RETURN, FAULT_EVENT = PeEventCode.FAULT, HALT_EVENT = PeEventCode.HALT;

// runLocalHandler writes these two transitions directly; the PE's state machine must agree.
if (nextPeState(SLEEPING, IRQ_EVENT) !== HANDLING || nextPeState(HANDLING, RETURN_EVENT) !== SLEEPING) {
  throw new Error('the PE state machine no longer takes an interrupt from sleeping to handling and back');
}

const deliverable = (state: number) => state === SLEEPING || state === HANDLING || state === PAUSED;

/**
 * One chip's kernel. A tick runs a named schedule at its start time T — DVFS (each PE picks its level), inbox
 * (packets from other chips due this tick enter mailboxes), timer (each running PE's timer interrupt is raised),
 * dispatch (idle PEs take their highest-priority interrupt) — then the chip's events in modelled time order until
 * T + tick, then accounting (overruns, energy). A PE runs one handler at a time and stays busy for its cycles at its
 * clock; interrupts that arrive meanwhile wait in its queues.
 */
export class ChipKernel {
  readonly pes: Array<PeRuntime | undefined>;
  readonly loaded: PeRuntime[] = [];
  private readonly walks = new Map<number, RouteWalk>();
  private readonly ev = new Float64Array(EV_STRIDE);
  private curTick = 0;
  private tickEndNs = 0;
  /** The chip's clock: the time of the event being handled (the tick's start during the tick-start sweep). */
  private nowNs = 0;
  /** Handlers run so far (events handled), for benchmarks. */
  handled = 0;
  /** This tick's router traffic: packets routed (sent from here, or a hop into another chip) and link crossings. */
  private tickRouted = 0;
  private tickCrossings = 0;
  /** Where this chip's PEs and router sit in a tick of the partition's energy log (set by the partition). */
  logPeSlot = 0;
  logChipSlot = 0;

  constructor(
    readonly env: KernelEnv,
    readonly index: number,
    readonly coord: ChipCoord,
    readonly block: ChipBlock,
    readonly table: MulticastTable,
    readonly dram: Dram,
    peCount: number,
  ) {
    this.pes = new Array(peCount);
    // The table is fixed once the image is loaded: compile its first-match lookup once (a hash of exact keys and a
    // trie of the rest, as the router package's kernel does) instead of scanning every entry for every packet.
    this.compiled = table.size > 0 ? new CompiledLookup(table) : undefined;
    // ...and each entry's target PEs, decoded once from its route bits: entry e's PEs are
    // targetPes[targetsFrom[e] .. targetsFrom[e + 1]), in PE order (the fan-out's order).
    this.targetsFrom = new Int32Array(table.size + 1);
    const pes: number[] = [];
    for (let e = 0; e < table.size; e++) {
      pes.push(...decodeRoute(table.routes, e * ROUTE_WORDS).pes);
      this.targetsFrom[e + 1] = pes.length;
    }
    this.targetPes = Int32Array.from(pes);
  }

  private readonly targetsFrom: Int32Array;
  private readonly targetPes: Int32Array;

  private readonly compiled: CompiledLookup | undefined;

  addPe(rt: PeRuntime): void {
    this.pes[rt.pe] = rt;
    this.loaded.push(rt);
    this.loaded.sort((a, b) => a.pe - b.pe);
  }

  runTick(tick: number): void {
    const env = this.env;
    const T = tick * env.tickNs;
    this.curTick = tick;
    this.tickEndNs = T + env.tickNs;
    this.nowNs = T;
    const loaded = this.loaded;
    this.chooseLevels(tick);
    if (this.block.inboxLength > 0) this.deliverInbox(tick);
    this.drainBacklogs(T);
    // Timer, then dispatch, PE by PE: a handler run here only schedules events after T, so one PE's dispatch cannot
    // change what the next PE sees at T, and one sweep does both.
    for (let i = 0; i < loaded.length; i++) {
      const rt = loaded[i];
      const f = rt.block.f;
      if (f[F.state] !== SLEEPING) continue;
      if (rt.program.timer) {
        if (f[F.timerPending] === 0) f[F.nextTimerTick] = tick;
        f[F.timerPending]++;
      }
      if (f[F.wakeAtNs] >= 0 || rt.block.pendingIrq() < 0) continue;
      if (f[F.busyUntilNs] <= T) this.dispatch(rt, T, false, false);
      else this.scheduleWake(rt, f[F.busyUntilNs]);
    }
    const heap = this.block.heap;
    const ev = this.ev;
    while (heap.peekTime() < this.tickEndNs) {
      heap.pop(ev);
      const t = ev[0], kind = ev[3];
      this.nowNs = t;
      if (kind === EV_FANOUT) {
        this.deliverFanout(t, ev[4], ev[5], ev[6], ev[7]);
        continue;
      }
      const rt = this.pes[ev[4]];
      if (!rt) continue;
      const f = rt.block.f;
      if (kind === EV.wake) {
        if (f[F.wakeAtNs] !== t) continue; // cancelled (drainBacklogs ran the PE's packets ahead)
        f[F.wakeAtNs] = -1;
        // Packets run ahead since the wake-up was set keep the PE busy past it: wake it when they end.
        if (f[F.busyUntilNs] > t) {
          this.scheduleWake(rt, f[F.busyUntilNs]);
          continue;
        }
        if (f[F.state] === SLEEPING) this.dispatch(rt, t, true, false);
        continue;
      }
      if (!deliverable(f[F.state])) {
        this.block.meta[C.droppedNoTarget]++;
        continue;
      }
      if (kind === EV.packet || kind === EV_P2P) rt.block.pushPacket(ev[5], ev[6], ev[7], kind === EV_P2P ? PACKET_P2P : PACKET_MC, rt.aheadAfter(t));
      else if (kind === EV.dma) rt.block.pushDma(ev[5]);
      else if (kind === EV.user) rt.block.pushUser(ev[5], ev[6]);
      this.notify(rt, t);
    }
    this.endTick();
  }

  /**
   * A multicast packet reaches the PEs of table entry `entry` at `t`. Each PE but the last may not go on to its next
   * pending handler at once (the next PE's delivery at `t` comes first), exactly as when every PE had its own event.
   */
  private deliverFanout(t: number, entry: number, key: number, payload: number, sentTick: number): void {
    const m = this.block.meta, targets = this.targetPes;
    let last: PeRuntime | undefined;
    for (let i = this.targetsFrom[entry], end = this.targetsFrom[entry + 1]; i < end; i++) {
      const rt = this.pes[targets[i]];
      if (!rt || !deliverable(rt.block.f[F.state])) {
        m[C.droppedNoTarget]++;
        continue;
      }
      if (last) {
        this.notify(last, t, false);
        last = undefined;
      }
      if (!this.runLocalPacket(rt, t, key, payload, sentTick)) {
        rt.block.pushPacket(key, payload, sentTick, PACKET_MC, rt.aheadAfter(t));
        last = rt;
      }
    }
    if (last) this.notify(last, t, true);
  }

  /**
   * The common case of deliverFanout, without the mailbox: a sleeping PE with a local packet handler and nothing
   * queued runs the packet at once, from its arrival or (ahead) from the end of its current work — what pushing it
   * and notifying the PE would do. False when the case does not apply (the caller queues the packet).
   */
  private runLocalPacket(rt: PeRuntime, t: number, key: number, payload: number, sentTick: number): boolean {
    const f = rt.block.f;
    // A PE waiting for a wake-up (to serve a lower interrupt when it frees) may still take the packet first: packets
    // outrank the rest, and the wake-up moves to the end of the packet's handler when it comes (see runTick).
    if (!rt.packetIsLocal || f[F.state] !== SLEEPING || rt.block.heads[1] !== 0) return false;
    const busyUntil = f[F.busyUntilNs];
    let start = t;
    if (busyUntil > t) {
      // Ahead, the packet waits in the mailbox until it starts: a full mailbox (modelled) takes the queueing path.
      if (busyUntil >= this.tickEndNs || rt.aheadAfter(t) >= Math.min(AHEAD_LIMIT, rt.block.mailboxCapacity)) return false;
      rt.pushAhead(busyUntil);
      start = busyUntil;
    }
    f[F.packetsReceived]++;
    this.runLocalHandler(rt, f, start, key, payload, sentTick);
    // Another interrupt (its timer) still waits: it runs when this handler ends, in the chip's event order.
    if (f[F.wakeAtNs] < 0 && f[F.state] === SLEEPING && rt.block.pendingIrq() >= 0) this.scheduleWake(rt, f[F.busyUntilNs]);
    return true;
  }

  /** A handler threw: the PE moves to faulted, and the fault is reported with its interrupt and tick. */
  private fault(rt: PeRuntime, irq: number, e: unknown): void {
    const f = rt.block.f;
    f[F.state] = nextPeState(f[F.state], FAULT_EVENT);
    f[F.faultTick] = rt.tick;
    this.env.faults.push({
      pe: rt.peName, globalPe: rt.globalPe, program: rt.program.name, interrupt: IRQ_NAMES[irq], tick: rt.tick,
      cause: e instanceof Error ? e.message : String(e),
    });
  }

  /**
   * runHandler for a local multicast packet of a sleeping PE: the same effects without its interrupt dispatch and
   * state-table lookups, on the hottest path of a run (about 12 ns less a packet).
   */
  private runLocalHandler(rt: PeRuntime, f: Float64Array, t: number, key: number, payload: number, sentTick: number): void {
    rt.startNs = t;
    rt.cycles = this.env.costs.packetInterruptCycles;
    const hz = this.env.levels[f[F.level]].frequencyHz;
    rt.frequencyHz = hz;
    rt.haltRequested = false;
    rt.tick = this.curTick;
    rt.sentTick = sentTick;
    rt.packetKind = 'multicast';
    f[F.state] = HANDLING;
    f[F.interrupts]++;
    f[F.packetInterrupts]++;
    this.handled++;
    rt.inLocalPacket = true;
    try {
      rt.program.packet!(rt.programState, rt, key, payload);
      f[F.state] = SLEEPING;
    } catch (e) {
      this.fault(rt, IRQ.packet, e);
    }
    rt.inLocalPacket = false;
    f[F.tickCycles] += rt.cycles;
    f[F.busyUntilNs] = t + (rt.cycles * 1e9) / hz;
  }

  /**
   * Packets still queued at a tick's start (their PE was busy past the last tick's end) on PEs with local packet
   * handlers run now, ahead, one packet per PE in turn: the order in which they arrived across PEs, so that a
   * spike's rows, side by side in DRAM, are read together. Each still starts when its PE frees (packets outrank
   * every other interrupt); the PE's wake-up is moved to the end of what remains.
   */
  private drainBacklogs(T: number): void {
    const list = this.backlog;
    if (list.length === 0) return;
    let k = 0;
    for (const rt of list) if (rt.block.f[F.state] === SLEEPING && rt.block.heads[1] > 0) list[k++] = rt;
    list.length = k;
    for (const rt of list) rt.block.f[F.wakeAtNs] = -1;
    let left = list.length;
    while (left > 0) {
      left = 0;
      for (let i = 0; i < list.length; i++) {
        const rt = list[i];
        const f = rt.block.f;
        if (f[F.state] !== SLEEPING || rt.block.heads[1] === 0) continue;
        const busyUntil = f[F.busyUntilNs];
        const start = busyUntil > T ? busyUntil : T;
        if (start >= this.tickEndNs || (start > T && rt.aheadAfter(T) >= AHEAD_LIMIT)) continue;
        if (start > T) rt.pushAhead(start);
        this.execute(rt, IRQ.packet, start);
        left++;
      }
    }
    for (const rt of list) {
      const f = rt.block.f;
      if (f[F.state] === SLEEPING && rt.block.pendingIrq() >= 0 && f[F.busyUntilNs] > T) this.scheduleWake(rt, f[F.busyUntilNs]);
    }
    list.length = 0;
  }

  /**
   * PEs with local packet handlers that may hold queued packets at the next tick's start: those left with a queue at
   * a tick's end, and those a packet from another chip reaches at the tick's start (drainBacklogs' candidates).
   */
  private readonly backlog: PeRuntime[] = [];

  private chooseLevels(tick: number): void {
    const { env, loaded } = this;
    if (env.fixedLevel >= 0) return; // no policy: every PE stays at the level it was loaded with
    const sample = env.sample;
    for (let i = 0; i < loaded.length; i++) {
      const rt = loaded[i];
      const f = rt.block.f;
      const st = f[F.state];
      if (st !== SLEEPING && st !== PAUSED) continue;
      sample.peIndex = rt.globalPe;
      sample.lastTickCycles = f[F.lastTickCycles];
      sample.lastTickPackets = f[F.lastTickPackets];
      if (rt.program.estimateCycles) {
        rt.tick = tick;
        sample.estimatedCycles = rt.program.estimateCycles(rt.programState, rt);
      } else sample.estimatedCycles = undefined;
      f[F.level] = env.dvfs.chooseLevel(sample, env.levels, env.tickNs, f[F.level]);
    }
  }

  private deliverInbox(tick: number): void {
    const b = this.block;
    const n = b.dueCount(tick);
    const inbox = b.inbox;
    for (let r = 0; r < n; r++) {
      const o = r * IN_STRIDE;
      const target = inbox[o + 3], key = inbox[o + 4], payload = inbox[o + 5], sentTick = inbox[o + 6], kind = inbox[o + 7];
      if (target < 0) {
        this.deliverNow(-target - 1, key, payload, sentTick, kind);
        continue;
      }
      const targets = this.targetPes;
      for (let i = this.targetsFrom[target], end = this.targetsFrom[target + 1]; i < end; i++) this.deliverNow(targets[i], key, payload, sentTick, kind);
    }
    b.dropFront(n);
  }

  private deliverNow(pe: number, key: number, payload: number, sentTick: number, kind: number): void {
    const rt = this.pes[pe];
    if (!rt || !deliverable(rt.block.f[F.state])) {
      this.block.meta[C.droppedNoTarget]++;
      return;
    }
    this.block.meta[C.remoteDelivered]++;
    // Its first queued packet: a candidate for drainBacklogs (one with a queue already is one since the tick's end).
    if (rt.packetIsLocal && rt.block.heads[1] === 0) this.backlog.push(rt);
    rt.block.pushPacket(key, payload, sentTick, kind, rt.aheadAfter(this.nowNs));
  }

  private scheduleWake(rt: PeRuntime, at: number): void {
    rt.block.f[F.wakeAtNs] = at;
    this.block.heap.push(at, EV.wake, this.block.nextEventSeq(), EV.wake, rt.pe, 0, 0, 0);
  }

  /** An interrupt arrived at `t`: run it now if the PE is idle, else make sure it wakes when its handler ends. */
  private notify(rt: PeRuntime, t: number, mayChain = true): void {
    const f = rt.block.f;
    if (f[F.state] !== SLEEPING || f[F.wakeAtNs] >= 0) return;
    const busyUntil = f[F.busyUntilNs];
    if (busyUntil <= t) this.dispatch(rt, t, mayChain, false);
    else if (this.mayRunAhead(rt, busyUntil)) this.dispatch(rt, busyUntil, false, true);
    else this.scheduleWake(rt, busyUntil);
  }

  /**
   * Whether the PE may run its next handler at `startNs`, ahead of the chip's other events: only a local packet
   * handler (PeProgram.packetIsLocal), which nothing else on the chip can observe, and it starts at the same time it
   * would in event order, because packets outrank every other interrupt and the mailbox is first in, first out. The
   * tick's end and the record of packets run ahead (for the mailbox's modelled occupancy) bound it.
   */
  private mayRunAhead(rt: PeRuntime, startNs: number): boolean {
    return rt.packetIsLocal && startNs < this.tickEndNs && rt.aheadCount < AHEAD_LIMIT && rt.block.pendingIrq() === IRQ.packet;
  }

  /**
   * Runs the PE's pending interrupts from time `t`, highest priority first. Inside the event loop it may go on
   * straight to the next handler when no other event of the chip comes first, or when the next handler is a local
   * packet handler (run ahead, `ahead`); otherwise it schedules a wake-up.
   */
  private dispatch(rt: PeRuntime, t: number, inEventLoop: boolean, ahead: boolean): void {
    const f = rt.block.f;
    let now = t;
    for (;;) {
      if (f[F.state] !== SLEEPING) return;
      const irq = rt.block.pendingIrq();
      if (irq < 0) return;
      if (ahead) rt.pushAhead(now);
      this.execute(rt, irq, now);
      if (f[F.state] !== SLEEPING || rt.block.pendingIrq() < 0) return;
      const end = f[F.busyUntilNs];
      if (inEventLoop && end < this.tickEndNs && end < this.block.heap.peekTime()) {
        now = end;
        ahead = false;
        continue;
      }
      if (this.mayRunAhead(rt, end)) {
        now = end;
        ahead = true;
        continue;
      }
      this.scheduleWake(rt, end);
      return;
    }
  }

  /** Takes the PE's pending interrupt `irq` off its queue and runs its handler from time `t`. */
  private execute(rt: PeRuntime, irq: number, t: number): void {
    const b = rt.block;
    if (irq === IRQ.packet) {
      const i = b.shiftPacket();
      const p = b.packets;
      this.runHandler(rt, irq, t, p[i], p[i + 1], p[i + 2], p[i + 3]);
    } else if (irq === IRQ.dma) this.runHandler(rt, irq, t, b.shiftDma(), 0, 0, 0);
    else if (irq === IRQ.user) {
      const i = b.shiftUser();
      this.runHandler(rt, irq, t, b.user[i], b.user[i + 1], 0, 0);
    } else this.runHandler(rt, irq, t, 0, 0, 0, 0);
  }

  /**
   * Runs one handler from time `t` and keeps the PE busy for its cycles. Arguments: a packet's key, payload, sent
   * tick and kind; a DMA's tag; a user interrupt's code and sender.
   */
  private runHandler(rt: PeRuntime, irq: number, t: number, a: number, b: number, c: number, d: number): void {
    const env = this.env;
    const f = rt.block.f;
    const costs = env.costs;
    rt.startNs = t;
    rt.cycles = 0;
    rt.frequencyHz = env.levels[f[F.level]].frequencyHz;
    rt.haltRequested = false;
    rt.tick = this.curTick;
    f[F.state] = nextPeState(f[F.state], IRQ_EVENT);
    f[F.interrupts]++;
    this.handled++;
    const program = rt.program;
    try {
      if (irq === IRQ.packet) {
        rt.sentTick = c;
        rt.packetKind = d === PACKET_P2P ? 'p2p' : 'multicast';
        rt.cycles += costs.packetInterruptCycles;
        f[F.packetInterrupts]++;
        if (rt.packetIsLocal) {
          rt.inLocalPacket = true;
          try {
            program.packet?.(rt.programState, rt, a, b);
          } finally {
            rt.inLocalPacket = false;
          }
        } else program.packet?.(rt.programState, rt, a, b);
      } else if (irq === IRQ.dma) {
        rt.cycles += costs.packetInterruptCycles; // assumption: entering the DMA handler costs what entering the packet handler does
        f[F.dmaInterrupts]++;
        program.dma?.(rt.programState, rt, a);
      } else if (irq === IRQ.user) {
        rt.cycles += costs.packetInterruptCycles; // assumption, as for DMA
        f[F.userInterrupts]++;
        program.user?.(rt.programState, rt, a, b);
      } else {
        rt.tick = f[F.nextTimerTick];
        f[F.nextTimerTick]++;
        f[F.timerPending]--;
        rt.cycles += costs.timerInterruptCycles;
        f[F.timerInterrupts]++;
        program.timer!(rt.programState, rt);
      }
      f[F.state] = nextPeState(f[F.state], RETURN_EVENT);
      if (rt.haltRequested) f[F.state] = nextPeState(f[F.state], HALT_EVENT);
    } catch (e) {
      this.fault(rt, irq, e);
    }
    f[F.tickCycles] += rt.cycles;
    f[F.busyUntilNs] = t + (rt.cycles * 1e9) / rt.frequencyHz;
  }

  sendMulticast(rt: PeRuntime, key: number, payload: number): void {
    const env = this.env, b = this.block, m = b.meta;
    const t = rt.timeNs;
    if (env.spikeLog) env.spikeLog.push(rt.globalPe, key);
    m[C.localMulticast]++;
    this.tickRouted++;
    const entry = this.compiled ? this.compiled.lookup(key) : -1;
    if (entry < 0) {
      m[C.droppedNoRoute]++;
      return;
    }
    const routes = this.table.routes;
    const base = entry * ROUTE_WORDS;
    if (this.targetsFrom[entry + 1] > this.targetsFrom[entry]) b.heap.push(t + env.routerLatencyNs, EV.packet, b.nextEventSeq(), EV_FANOUT, entry, key, payload, this.curTick);
    const links = routes[base] & ((1 << LINK_COUNT) - 1);
    if (links === 0) return;
    let walk = this.walks.get(key);
    if (!walk) this.walks.set(key, (walk = walkRoute(this.index, key, links, env.tables, env.neighbours)));
    m[C.linkHops] += walk.hops;
    // Every hop enters a router and crosses a link; both are charged to the sending chip (the walk is cached per
    // source, and another chip's counters may belong to another thread).
    this.tickRouted += walk.hops;
    this.tickCrossings += walk.hops;
    const lc = env.linkCounts;
    for (let i = 0; i < walk.links.length; i++) lc[walk.links[i] * 2]++;
    for (let i = 0; i < walk.deadLinks.length; i++) lc[walk.deadLinks[i] * 2 + 1]++;
    m[C.droppedNoLink] += walk.droppedNoLink;
    m[C.droppedLoop] += walk.droppedLoop;
    const d = walk.deliveries;
    for (let i = 0; i < d.length; i += 3) {
      const due = this.dueTick(t, d[i + 2]);
      env.outgoing.push(d[i], due, this.index, b.nextSendSeq(), d[i + 1], key, payload, this.curTick, PACKET_MC);
      m[C.remoteSent]++;
    }
  }

  sendPointToPoint(rt: PeRuntime, chip: ChipCoord, pe: number, key: number, payload: number): void {
    const env = this.env, b = this.block;
    const dst = env.machine.chips.findIndex((c) => c.x === chip.x && c.y === chip.y);
    if (dst < 0) throw new RangeError(`${rt.peName}: point-to-point packet to chip(${chip.x},${chip.y}), which does not exist`);
    if (!Number.isInteger(pe) || pe < 0 || pe >= env.machine.chip.pes) throw new RangeError(`${rt.peName}: point-to-point packet to PE ${pe}`);
    b.meta[C.pointToPointSent]++;
    this.tickRouted++;
    const t = rt.timeNs;
    if (dst === this.index) {
      if (!this.pes[pe]) b.meta[C.droppedNoTarget]++;
      else b.heap.push(t + env.routerLatencyNs, EV.packet, b.nextEventSeq(), EV_P2P, pe, key, payload, this.curTick);
      return;
    }
    // The router package's P2P route (shortest, wrap-around included [SM]), link by link, counted per link.
    const next = env.p2pNextLinks(dst), nb = env.neighbours, lc = env.linkCounts;
    let hops = 0;
    for (let c = this.index; c !== dst; hops++) {
      const l = next[c];
      if (l < 0) {
        b.meta[C.droppedNoLink]++;
        return;
      }
      lc[(c * LINK_COUNT + l) * 2]++;
      c = nb[c * LINK_COUNT + l];
    }
    b.meta[C.linkHops] += hops;
    b.meta[C.remoteSent]++;
    this.tickRouted += hops;
    this.tickCrossings += hops;
    env.outgoing.push(dst, this.dueTick(t, hops), this.index, b.nextSendSeq(), -(pe + 1), key, payload, this.curTick, PACKET_P2P);
  }

  /**
   * The tick at whose start a packet sent now reaches another chip: never before sentTick + minDelayTicks, so that
   * it always crosses at a window boundary whatever the window length and partitioning.
   */
  private dueTick(sendNs: number, hops: number): number {
    const env = this.env;
    const arrive = sendNs + hops * (env.linkLatencyNs + env.routerLatencyNs);
    return Math.max(this.curTick + env.minDelayTicks, Math.ceil(arrive / env.tickNs));
  }

  private endTick(): void {
    const env = this.env;
    const loaded = this.loaded;
    const log = env.energyLog;
    let lo = env.energyLogOffset + this.logPeSlot * PE_LOG;
    for (let i = 0; i < loaded.length; i++, lo += PE_LOG) {
      // Every handler run ahead started before the tick's end, so none still waits in a mailbox.
      const rt = loaded[i];
      rt.aheadCount = 0;
      if (rt.packetIsLocal && rt.block.heads[1] > 0) this.backlog.push(rt);
      const f = rt.block.f;
      const li = f[F.level];
      if (log) {
        log[lo] = li;
        log[lo + 1] = f[F.tickCycles];
        for (let k = 0; k < PE_LOG - 2; k++) log[lo + 2 + k] = f[F.tickOps + k];
      }
      for (let k = 0; k < PE_LOG - 2; k++) f[F.tickOps + k] = 0;
      const level = env.levels[li];
      const c = f[F.tickCycles];
      // Overrun: the tick charged more than its period holds, or its timer work is still running or waiting at its end.
      if (c > (level.frequencyHz * env.tickNs) / 1e9 || f[F.busyUntilNs] > this.tickEndNs || f[F.timerPending] > 0) f[F.timerOverruns]++;
      if (c > f[F.maxBusyCycles]) f[F.maxBusyCycles] = c;
      f[F.busyCycles] += c;
      // Most PEs of a tick charge the same cycles as the last one at their level: reuse its energy (same bits).
      let e = env.energyMemo[li];
      if (env.energyMemoCycles[li] !== c) {
        e = env.energyMemo[li] = peTickEnergyJ(env.energy, level, c, env.tickNs);
        env.energyMemoCycles[li] = c;
      }
      f[F.energyDynamicJ] += e.dynamic;
      f[F.energyBaselineActiveJ] += e.baselineActive;
      f[F.energyBaselineSleepJ] += e.baselineSleep;
      f[F.energyByLevel + li] += e.total;
      f[F.energyByLevel + env.levels.length + li]++;
      f[F.lastTickCycles] = c;
      f[F.lastTickPackets] = f[F.packetsReceived] - f[F.packetsAtTickStart];
      f[F.packetsAtTickStart] = f[F.packetsReceived];
      f[F.tickCycles] = 0;
    }
    if (log) {
      const co = env.energyLogOffset + env.energyLogPes * PE_LOG + this.logChipSlot * CHIP_LOG;
      log[co] = this.tickRouted;
      log[co + 1] = this.tickCrossings;
    }
    this.tickRouted = 0;
    this.tickCrossings = 0;
  }
}
