import type { MapContext, Mapping, PeImage, TableEntryImage } from '@s2sim/actors';
import { PROPAGATOR_COUNT, ifCurrExpPropagators } from './ifCurrExp';
import { DELAY_SLOTS } from './ifCurrExpProgram';
import type { Population, SnnModel } from './model';
import { buildSynapticImage, type SourcePiece, type SynapseRow } from './synapticMatrix';
import { SnnMappingError } from './errors';

/** Neurons per key space: the low 11 bits of a key name the neuron within its piece. */
export const PIECE_KEY_BITS = 11;
const PIECE_MASK = (0xffffffff << PIECE_KEY_BITS) >>> 0;
const DEFAULT_NEURONS_PER_PE = { IF_curr_exp: 256, SpikeSourceArray: 1024 } as const;

/** A per-PE piece of a population (PACMAN's machine vertex). */
export interface Piece {
  id: number;
  population: string;
  /** First neuron of the population in this piece, and how many. */
  lo: number;
  n: number;
  chip: { x: number; y: number };
  pe: number;
  key: number;
  mask: number;
  sramBytes?: number;
  synapses?: number;
}

export interface SnnMappingReport {
  pieces: Piece[];
  tableEntries: number;
  synapses: number;
  timestepMs: number;
}

/** Stage 1 (machine graph): split every population into pieces that a PE takes. */
function split(model: SnnModel): Omit<Piece, 'chip' | 'pe'>[] {
  const pieces: Omit<Piece, 'chip' | 'pe'>[] = [];
  for (const pop of model.populations) {
    const per = pop.neuronsPerPe ?? DEFAULT_NEURONS_PER_PE[pop.model];
    for (let lo = 0; lo < pop.size; lo += per) {
      const id = pieces.length;
      pieces.push({ id, population: pop.name, lo, n: Math.min(per, pop.size - lo), key: (id << PIECE_KEY_BITS) >>> 0, mask: PIECE_MASK });
    }
  }
  return pieces;
}

/** Stage 2 (placement): pieces onto the PEs of the first chip, in order. */
function place(pieces: Omit<Piece, 'chip' | 'pe'>[], ctx: MapContext): Piece[] {
  const chip = ctx.machine.chips[0];
  const capacity = ctx.machine.chip.pes;
  if (pieces.length > capacity) {
    throw new SnnMappingError(
      `the network needs ${pieces.length} PEs but this version places on one chip of ${capacity} PEs`,
      'raise neuronsPerPe on the largest populations, or make the network smaller',
    );
  }
  return pieces.map((p, i) => ({ ...p, chip: { x: chip.x, y: chip.y }, pe: i }));
}

function delayTicks(delayMs: number, dtMs: number, where: string): number {
  const ticks = Math.round(delayMs / dtMs);
  if (Math.abs(ticks * dtMs - delayMs) > 1e-9 * Math.max(1, delayMs)) {
    throw new SnnMappingError(`${where}: delay ${delayMs} ms is not a whole number of ${dtMs} ms time steps`, 'use a multiple of timestepMs');
  }
  if (ticks < 1 || ticks >= DELAY_SLOTS) {
    throw new SnnMappingError(`${where}: delay ${delayMs} ms is ${ticks} ticks; a PE's ring buffer takes 1 to ${DELAY_SLOTS - 1}`, 'use a shorter delay');
  }
  return ticks;
}

/** Stages 3-6: keys, synaptic matrices, routes and data images. */
export function mapSnn(model: SnnModel, ctx: MapContext): Mapping<SnnMappingReport> {
  const dt = ctx.tickNs / 1e6; // the time step is the timer tick of the run
  const pieces = place(split(model), ctx);
  const pops = new Map(model.populations.map((p) => [p.name, p]));
  const byPop = new Map<string, Piece[]>();
  for (const p of pieces) byPop.set(p.population, [...(byPop.get(p.population) ?? []), p]);
  const pieceOf = (pop: string, neuron: number) => byPop.get(pop)!.find((p) => neuron >= p.lo && neuron < p.lo + p.n)!;

  // incoming[target piece][source piece] -> rows per source neuron
  const incoming = new Map<number, Map<number, SynapseRow[][]>>();
  const targetsOf = new Map<number, Set<number>>();
  model.projections.forEach((proj, pi) => {
    const where = `projections[${pi}] (${proj.pre} -> ${proj.post})`;
    const pre = pops.get(proj.pre);
    const post = pops.get(proj.post);
    if (!pre) throw new SnnMappingError(`${where}: no population named '${proj.pre}'`, `define it under populations`);
    if (!post) throw new SnnMappingError(`${where}: no population named '${proj.post}'`, `define it under populations`);
    if (post.model !== 'IF_curr_exp') throw new SnnMappingError(`${where}: '${post.name}' is a ${post.model} and takes no input`, 'connect into a neuron population');
    const receptor = proj.receptor === 'excitatory' ? 0 : 1;
    proj.connector.connections.forEach(([i, j, w, d], ci) => {
      if (i >= pre.size || j >= post.size) {
        throw new SnnMappingError(`${where}.connections[${ci}]: neuron ${i >= pre.size ? i : j} is outside '${i >= pre.size ? pre.name : post.name}' (size ${i >= pre.size ? pre.size : post.size})`, 'neuron indices start at 0');
      }
      const src = pieceOf(pre.name, i);
      const dst = pieceOf(post.name, j);
      let bySource = incoming.get(dst.id);
      if (!bySource) incoming.set(dst.id, (bySource = new Map()));
      let rows = bySource.get(src.id);
      if (!rows) bySource.set(src.id, (rows = Array.from({ length: src.n }, () => [])));
      // PyNN's sign convention: the receptor gives the sign, the weight its magnitude.
      rows[i - src.lo].push({ target: j - dst.lo, weight: Math.abs(w), delayTicks: delayTicks(d, dt, `${where}.connections[${ci}]`), receptor: receptor as 0 | 1 });
      let t = targetsOf.get(src.id);
      if (!t) targetsOf.set(src.id, (t = new Set()));
      t.add(dst.id);
    });
  });

  const images: PeImage[] = pieces.map((p) => pieceImage(p, pops.get(p.population)!, incoming.get(p.id), pieces, dt));
  const entries: TableEntryImage[] = [];
  for (const p of pieces) {
    const targets = targetsOf.get(p.id);
    if (targets?.size) entries.push({ key: p.key, mask: p.mask, route: { pes: [...targets].map((t) => pieces[t].pe) } });
  }
  let synapses = 0;
  for (const img of images) synapses += (img.params as { synapses?: number })?.synapses ?? 0;
  return {
    image: { pes: images, tables: [{ chip: pieces[0].chip, entries }] },
    report: { pieces, tableEntries: entries.length, synapses, timestepMs: dt },
  };
}

function pieceImage(p: Piece, pop: Population, bySource: Map<number, SynapseRow[][]> | undefined, pieces: Piece[], dt: number): PeImage {
  const record = pop.record.includes('spikes') ? 1 : 0;
  const label = `${pop.name}[${p.lo}:${p.lo + p.n}]`;
  if (pop.model === 'SpikeSourceArray') {
    const lists = pop.spike_times.length === 1 && pop.size > 1 ? Array(pop.size).fill(pop.spike_times[0]) : pop.spike_times;
    if (lists.length !== pop.size) throw new SnnMappingError(`population '${pop.name}': spike_times has ${lists.length} lists for ${pop.size} neurons`, 'give one list per neuron, or one list for all');
    const spikes: Array<[number, number]> = [];
    for (let i = 0; i < p.n; i++) for (const t of lists[p.lo + i] as number[]) spikes.push([Math.round(t / dt), i]);
    spikes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return {
      chip: p.chip, pe: p.pe, program: 'snn.SpikeSourceArray', label,
      regions: [
        { name: 'header', data: Uint32Array.from([p.n, p.key, record, spikes.length]) },
        { name: 'spikes', data: Uint32Array.from(spikes.flat()) },
        { name: 'cursor', bytes: 4 },
      ],
    };
  }
  const syn = buildSynapticImage(
    [...(bySource ?? new Map<number, SynapseRow[][]>()).entries()].map(([src, rows]): SourcePiece => ({ key: pieces[src].key, mask: pieces[src].mask, rows })),
  );
  const n = p.n;
  const prop = ifCurrExpPropagators(pop.params, dt);
  if (prop.length !== PROPAGATOR_COUNT) throw new Error('propagator layout mismatch');
  const v = new Float32Array(n).fill(pop.params.v_init ?? pop.params.v_rest);
  return {
    chip: p.chip, pe: p.pe, program: 'snn.IF_curr_exp', label, params: { synapses: syn.synapses },
    regions: [
      { name: 'header', data: Uint32Array.from([n, p.key, record, 0]) },
      { name: 'propagators', data: prop },
      { name: 'v', data: v },
      { name: 'isyn_exc', bytes: 4 * n },
      { name: 'isyn_inh', bytes: 4 * n },
      { name: 'refrac', bytes: 4 * n },
      { name: 'ring', bytes: 4 * n * 2 * DELAY_SLOTS },
      { name: 'mpt', data: syn.mpt },
      { name: 'row_index', data: syn.rowIndex },
      { name: 'syn_words', data: syn.words },
      { name: 'syn_weights', data: syn.weights },
    ],
  };
}
