import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { decodeRoute } from '@s2sim/router';
import type { EnergyAccountState } from '@s2sim/power';
import { ChipBlock, IN_STRIDE } from './chipBlock';
import { EV_STRIDE } from './eventHeap';
import { PeBlock, QUEUE_HEADER_BYTES } from './peBlock';
import { InputError } from './inputError';
import type { PeFault } from './kernelEnv';
import type { KernelOptions, SimulationOptions } from './kernelOptions';
import type { MachineImage } from './machineImage';
import type { MachineParts } from './machineParts';
import type { ProgramRegistry } from './programRegistry';
import type { RecordingChannel } from './recorder';
import { Simulation } from './simulation';

const MAGIC = 'S2SIMCK1';

interface CheckpointHeader {
  magic: string;
  machine: Simulation['machine'];
  options: KernelOptions;
  ticksRun: number;
  hostSeq: number;
  faults: PeFault[];
  image: MachineImage;
  channels: string[];
  /** The energy account's state (null before the first tick). */
  energy?: EnergyAccountState | null;
  /** Per-link counters (Simulation.linkCounts). */
  linkCounts?: number[];
  /** Byte length of each blob, in the order they follow the header. */
  blobs: number[];
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The blobs of a checkpoint, in a fixed order: PE SRAM (used part) and block, chip blocks (used part), DRAM, recordings. */
function blobsOf(sim: Simulation, parts: MachineParts, channels: string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const L = sim.levels.length;
  for (const p of parts.pes) {
    const b = new PeBlock(p.control, p.controlOffset, p.queues, L, parts.params.mailboxCapacity);
    out.push(new Uint8Array(p.sram.buffer, 0, p.sram.usedBytes));
    out.push(bytesOf(b.f));
    // Rings only when something waits in them: a board's mailboxes are hundreds of MB, mostly empty.
    out.push(new Uint8Array(p.queues, 0, b.queuesEmpty ? QUEUE_HEADER_BYTES : p.queues.byteLength));
  }
  parts.chipBlocks.forEach((buf) => {
    const b = new ChipBlock(buf, parts.params.eventQueueCapacity, parts.params.inboxCapacity, '');
    out.push(bytesOf(b.meta), bytesOf(b.heap.meta), bytesOf(b.heap.data.subarray(0, b.heap.size * EV_STRIDE)), bytesOf(b.inbox.subarray(0, b.inboxLength * IN_STRIDE)));
  });
  for (const d of parts.drams) for (const r of d.regions) out.push(new Uint8Array(r.buffer));
  for (const name of channels) {
    const c = sim.recorder.channel(name);
    out.push(bytesOf(c.ticks), bytesOf(c.pes), bytesOf(c.values));
  }
  return out;
}

/** The image that re-creates the same layout (regions, tables, DRAM) without data: restore then fills the bytes. */
function layoutImage(parts: MachineParts): MachineImage {
  const { machine } = parts;
  return {
    pes: parts.pes.map((p) => ({
      chip: machine.chips[p.chip], pe: p.pe, program: p.program, params: p.params, label: p.label,
      regions: p.sram.regions.slice(machine.pe.codeBytes > 0 ? 1 : 0).map((r) => ({ name: r.name, bytes: r.bytes })),
    })),
    tables: parts.tables.map((t, i) => ({
      chip: machine.chips[i],
      entries: Array.from({ length: t.size }, (_, e) => ({ key: t.keys[e], mask: t.masks[e], route: decodeRoute(t.routes, e * 5) })),
    })),
    dram: parts.drams.flatMap((d, i) => d.regions.map((r) => ({ chip: machine.chips[i], name: r.name, bytes: r.bytes }))),
  };
}

/**
 * Saves the whole state of a simulation between runs to `file`: written to a temporary file, flushed, then renamed,
 * so that a crash never leaves a half-written checkpoint under the name.
 */
export function saveCheckpoint(sim: Simulation, parts: MachineParts, file: string): void {
  const channels = sim.recorder.names;
  const blobs = blobsOf(sim, parts, channels);
  const header: CheckpointHeader = {
    magic: MAGIC, machine: sim.machine, options: sim.options, ticksRun: sim.ticksRun, hostSeq: sim.hostSeq, faults: sim.faults,
    image: layoutImage(parts), channels, linkCounts: Array.from(sim.linkCounts), energy: sim.energyAccountState(), blobs: blobs.map((b) => b.byteLength),
  };
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(12);
  len.write(MAGIC, 0, 'latin1');
  len.writeUInt32LE(json.length, 8);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, len);
    writeSync(fd, json);
    for (const b of blobs) writeSync(fd, b);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Re-creates a simulation from a checkpoint; `overrides` may change threads, observers' options, DVFS objects. */
export function restoreCheckpoint(file: string, programs: ProgramRegistry, overrides: Partial<SimulationOptions> = {}): Simulation {
  const buf = readFileSync(file);
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) {
    throw new InputError('not an s2sim checkpoint (wrong magic bytes)', 'give a file written by Simulation.checkpoint()', file);
  }
  const hlen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + hlen)) as CheckpointHeader;
  const sim = new Simulation(header.machine, programs, { ...header.options, ...overrides });
  sim.load(header.image);
  const parts = sim.parts!;
  const targets = blobsOf(sim, parts, []);
  let at = 12 + hlen;
  let i = 0;
  const next = () => {
    const n = header.blobs[i++];
    const slice = new Uint8Array(buf.buffer, buf.byteOffset + at, n);
    at += n;
    return slice;
  };
  // Heap and inbox blobs are only their used part: write them into the full arrays, after the metadata that sizes them.
  for (const t of targets) {
    const src = next();
    if (src.length > t.length) {
      const full = new Uint8Array(t.buffer, t.byteOffset, src.length);
      full.set(src);
    } else t.set(src);
  }
  for (const name of header.channels) {
    const cols = [next(), next(), next()].map((b) => new Float64Array(b.slice().buffer)) as [Float64Array, Float64Array, Float64Array];
    const ch: RecordingChannel = { ticks: cols[0], pes: cols[1], values: cols[2] };
    for (let r = 0; r < ch.ticks.length; r++) sim.recorder.append(name, ch.ticks[r], ch.pes[r], ch.values[r]);
  }
  sim.ticksRun = header.ticksRun;
  sim.hostSeq = header.hostSeq;
  if (header.linkCounts) sim.linkCounts.set(header.linkCounts);
  if (header.energy) sim.restoreEnergyAccount(header.energy);
  sim.faults.push(...header.faults);
  return sim;
}
