import type { MapContext, Mapping, PeImage } from '@s2sim/actors';
import { buildNeuronImage, poissonTable, type IncomingSet, type PieceRef } from './buildNeuronImage';
import { cellTypeByName } from './cells';
import { mergeChipRows } from './chipRows';
import { drawValue, expandConnector } from './connectors';
import { Prng } from '@s2sim/hardware';
import { SnnMappingError } from './errors';
import { isAbsolute, join } from 'node:path';
import { snnModelSchema, type NeuronPopulation, type Population, type SnnModel, type SnnScenarioModel } from './model';
import { nirToSnn, readNirGraph, type NirImport } from './nir';
import { isSource, splitPopulations, type PopulationSplit } from './splitPopulations';
import { sourceImage } from './sourceImage';
import { MAX_RING_DELAY } from './synapticMatrix';
import { planDelayExtensions } from './delayExtensions';

/** Stages of 15 ticks a delay extension adds (sPyNNaker's default: 16 x 16 ticks in all), so delays up to 255 ticks. */
export const MAX_DELAY_STAGES = 16;
import { validateModel } from './validateModel';
import { routeSpikes, type SpikeSource, type TablesReport } from './routeSpikes';
import { FLAG_NO_SEND, H } from './neuronProgram';

/** The low 11 bits of a key name the neuron within its piece; the rest name the piece. */
export const PIECE_KEY_BITS = 11;
const PIECE_MASK = (0xffffffff << PIECE_KEY_BITS) >>> 0;

export type Piece = PieceRef & { synapses: number; rowsInDram: boolean; sramBytes: number };

export interface ProjectionReport {
  pre: string;
  post: string;
  connector: string;
  receptor: string;
  synapses: number;
  minDelayTicks: number;
  maxDelayTicks: number;
  /** Delays shorter than one step, raised to one step (as sPyNNaker does). */
  delaysRaisedToOneStep: number;
}

export interface SnnMappingReport {
  timestepMs: number;
  populations: PopulationSplit[];
  projections: ProjectionReport[];
  pieces: Piece[];
  tables: TablesReport[];
  tableEntries: number;
  synapses: number;
  dramBytes: number;
  /** Weights that rounded to zero in the PE's 16-bit weight format. */
  weightsBelowResolution: number;
  /** Delay extension PEs (one per source piece with delays over 15 ticks). */
  delayExtensions: number;
  /** For a NIR model: node -> population, Output node -> population. */
  nir?: { version: string; populations: Record<string, string>; outputs: Record<string, string>; warnings: string[] };
}

/** The network each mapping ran (a NIR model maps through its imported network), for turning results back. */
const mappedModels = new WeakMap<object, SnnModel>();
export function mappedModel(report: SnnMappingReport): SnnModel | undefined {
  return mappedModels.get(report);
}

/** Resolves a scenario model: a NIR graph is read and imported into a network (relative paths from ctx.baseDir). */
export function resolveModel(model: SnnScenarioModel, ctx: MapContext): { model: SnnModel; nir?: NirImport } {
  if (!('nir' in model)) return { model };
  const dt = ctx.tickNs / 1e6;
  if (model.dtMs !== undefined && Math.abs(model.dtMs - dt) > 1e-9) throw new SnnMappingError(`model.dtMs ${model.dtMs} ms differs from the run's time step ${dt} ms`, 'set run.timestepMs to the dt the NIR graph was trained with');
  const file = readNirGraph(isAbsolute(model.nir) ? model.nir : join(ctx.baseDir, model.nir), model.nir);
  const nir = nirToSnn(file, { dtMs: dt, reset: model.reset, integrator: model.integrator, inputs: model.inputs, record: model.record });
  return { model: snnModelSchema.parse(nir.model) as unknown as SnnModel, nir };
}

/** PACMAN's pipeline for spiking networks: expand connectors, split, place, allocate keys, build data and routes. */
export function mapSnn(scenarioModel: SnnScenarioModel, ctx: MapContext): Mapping<SnnMappingReport> {
  const dt = ctx.tickNs / 1e6;
  const { model, nir } = resolveModel(scenarioModel, ctx);
  validateModel(model);
  const pops = new Map(model.populations.map((p) => [p.name, p]));
  const sets = model.projections.map((p, i) => expandConnector(p, pops.get(p.pre)!, pops.get(p.post)!, i, ctx.seed, dt));
  const projReports: ProjectionReport[] = [];
  const delayTicks = sets.map((set, i) => {
    const proj = model.projections[i];
    const ticks = new Uint8Array(set.length);
    let lo = Infinity, hi = 0, raised = 0;
    const fixed = typeof proj.delay === 'number' && proj.connector.type !== 'fromList';
    for (let c = 0; c < set.length; c++) {
      const ms = set.delayMs[c];
      let t = Math.round(ms / dt);
      // A delay the user wrote must be whole steps; drawn delays are rounded to the nearest step, as sPyNNaker does.
      if ((fixed || proj.connector.type === 'fromList') && Math.abs(t * dt - ms) > 1e-6 * Math.max(1, ms)) {
        throw new SnnMappingError(`projections[${i}] (${proj.pre} -> ${proj.post}): delay ${+ms.toFixed(6)} ms is not a whole number of ${dt} ms time steps`, 'use a multiple of timestepMs');
      }
      if (t < 1) {
        t = 1;
        raised++;
      }
      if (t > MAX_RING_DELAY * (MAX_DELAY_STAGES + 1)) {
        throw new SnnMappingError(
          `projections[${i}] (${proj.pre} -> ${proj.post}): a delay of ${set.delayMs[c]} ms is ${t} time steps of ${dt} ms; a PE's ring buffer holds ${MAX_RING_DELAY} and its delay extension ${MAX_DELAY_STAGES} stages of ${MAX_RING_DELAY} more`,
          `use delays of at most ${MAX_RING_DELAY * (MAX_DELAY_STAGES + 1) * dt} ms, or a longer time step`,
        );
      }
      ticks[c] = t;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    projReports.push({ pre: proj.pre, post: proj.post, connector: proj.connector.type, receptor: proj.receptor, synapses: set.length, minDelayTicks: set.length ? lo : 0, maxDelayTicks: hi, delaysRaisedToOneStep: raised });
    return ticks;
  });

  const driveLevels = (p: Population) => {
    const d = (p as NeuronPopulation).poisson_drive;
    return d ? poissonTable((d.rate_Hz * dt) / 1000, d.weight).length - 1 : 0;
  };
  const splits = splitPopulations(model.populations, model.projections, sets, ctx, driveLevels);

  // Placement: pieces in population order over the PEs of the chips, locality first (one chip before the next).
  const pesPerChip = ctx.machine.chip.pes;
  const pieces: Piece[] = [];
  const firstPiece = new Map<string, number>();
  const popBase = new Map<string, number>();
  let globalLo = 0;
  for (const pop of model.populations) {
    const split = splits.get(pop.name)!;
    firstPiece.set(pop.name, pieces.length);
    popBase.set(pop.name, globalLo);
    for (let lo = 0; lo < pop.size; lo += split.neuronsPerPe) {
      const id = pieces.length;
      const chip = ctx.machine.chips[Math.floor(id / pesPerChip)];
      if (!chip) {
        const need = model.populations.reduce((s, p) => s + splits.get(p.name)!.pieces, 0);
        throw new SnnMappingError(
          `the network needs ${need} PEs but machine '${ctx.machine.name}' has ${ctx.machine.chips.length * pesPerChip} PEs (PEs per population: ${model.populations.map((p) => `${p.name} ${splits.get(p.name)!.pieces}`).join(', ')})`,
          'use a larger machine (machine.preset: board48), or raise neuronsPerPe on the largest populations and accept timer overruns',
        );
      }
      pieces.push({ id, population: pop.name, lo, n: Math.min(split.neuronsPerPe, pop.size - lo), key: (id << PIECE_KEY_BITS) >>> 0, mask: PIECE_MASK, chip: { x: chip.x, y: chip.y }, pe: id % pesPerChip, globalLo: globalLo + lo, synapses: 0, rowsInDram: false, sramBytes: 0 });
    }
    globalLo += pop.size;
  }
  // Delay extensions: delays over 15 ticks leave the source through a DE PE in stages of 15 ticks.
  const de = planDelayExtensions(model, sets, delayTicks, pieces, firstPiece, splits, popBase, globalLo, pesPerChip, ctx.machine);
  const totalNeurons = de.totalSources;
  const spaces: PieceRef[] = [...pieces, ...de.spaces];
  const spaceById = new Map(spaces.map((p) => [p.id, p]));
  const spaceByKey = new Map(spaces.map((p) => [p.key, p]));
  const pieceOfGlobal = (g: number): PieceRef => {
    let lo = 0, hi = spaces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spaces[mid].globalLo <= g) lo = mid;
      else hi = mid - 1;
    }
    return spaces[lo];
  };

  const scratch = { rowLen: new Int32Array(totalNeurons), rowPos: new Int32Array(totalNeurons), touched: new Int32Array(totalNeurons) };
  const sramData = ctx.machine.pe.sramBytes - ctx.machine.pe.codeBytes;
  const images: PeImage[] = [];
  const targetsOf = new Map<number, Set<number>>();
  let dramBytes = 0, belowResolution = 0;
  for (const pop of model.populations) {
    const split = splits.get(pop.name)!;
    const first = firstPiece.get(pop.name)!;
    if (isSource(pop)) {
      for (let k = 0; k < split.pieces; k++) images.push(sourceImage(pieces[first + k], pop, dt, ctx.ticks));
      continue;
    }
    const incoming: IncomingSet[] = [];
    model.projections.forEach((proj, i) => {
      if (proj.post !== pop.name) return;
      const set = sets[i];
      const per = split.neuronsPerPe;
      const offsets = new Int32Array(split.pieces + 1);
      for (let c = 0; c < set.length; c++) offsets[Math.floor(set.post[c] / per) + 1]++;
      for (let k = 0; k < split.pieces; k++) offsets[k + 1] += offsets[k];
      const fill = offsets.slice(0, split.pieces);
      const order = new Int32Array(set.length);
      for (let c = 0; c < set.length; c++) order[fill[Math.floor(set.post[c] / per)]++] = c;
      incoming.push({ set, src: de.src[i], receptor: proj.receptor === 'excitatory' ? 0 : proj.receptor === 'inhibitory' ? 1 : -1, delayTicks: delayTicks[i], order, offsets });
    });
    const initial = initialValues(pop as NeuronPopulation, model.populations.indexOf(pop), ctx.seed);
    for (let k = 0; k < split.pieces; k++) {
      const piece = pieces[first + k];
      const { image, stats } = buildNeuronImage(piece, k, pop as NeuronPopulation, incoming, pieceOfGlobal, scratch, dt, sramData, initial);
      images.push(image);
      piece.synapses = stats.synapses;
      piece.rowsInDram = stats.rowsInDram;
      piece.sramBytes = image.regions.reduce((s, r) => s + (((r.data ? r.data.byteLength : r.bytes!) + 7) & ~7), 0);
      if (stats.rowsInDram) dramBytes += stats.rowWords * 4;
      belowResolution += stats.weightsBelowResolution;
      for (const src of stats.targets) {
        let t = targetsOf.get(src);
        if (!t) targetsOf.set(src, (t = new Set()));
        t.add(piece.id);
      }
    }
  }
  // One synaptic matrix per chip in its DRAM (rows of a source side by side across the chip's PEs), checked per chip.
  for (const c of mergeChipRows(images, (key) => spaceByKey.get(key)!.n)) {
    if (c.words * 4 > ctx.machine.chip.dramBytes) {
      throw new SnnMappingError(
        `synaptic rows of chip(${c.chip.x},${c.chip.y}) need ${c.words * 4} bytes of DRAM (${c.pes} PEs) but a chip has ${ctx.machine.chip.dramBytes}`,
        'lower the number of synapses per chip: use more chips (a larger machine preset), or fewer neurons per PE',
      );
    }
  }

  images.push(...de.images);
  // Routing: a multicast tree per key space (a piece, or a delay stage) to the PEs holding synapses for it, plus
  // the piece's delay extension PE; tables per chip through the router package.
  const peOf = new Map<number, { chip: { x: number; y: number }; pe: number }>(spaces.map((p) => [p.id, { chip: p.chip, pe: p.pe }]));
  const routedSources: SpikeSource[] = [];
  for (const p of spaces) {
    const to = [...(targetsOf.get(p.id) ?? [])].map((t) => peOf.get(t)!);
    const deAt = de.pePerPiece.get(p.id);
    if (deAt && !de.spaces.includes(p)) to.push(deAt);
    if (to.length) routedSources.push({ key: p.key, mask: p.mask, from: { chip: p.chip, pe: p.pe }, to });
    else if (p.id < pieces.length) {
      const image = images.find((im) => im.pe === p.pe && im.chip.x === p.chip.x && im.chip.y === p.chip.y);
      const header = image?.regions.find((r) => r.name === 'header')?.data;
      if (header instanceof Uint32Array && !isSource(pops.get(p.population)!)) header[H.flags] |= FLAG_NO_SEND;
    }
  }
  const routing = routeSpikes(ctx.machine, routedSources);
  const tableEntries = routing.report.reduce((s, t) => s + t.entries, 0);
  const synapses = sets.reduce((s, x) => s + x.length, 0);
  const report: SnnMappingReport = {
    timestepMs: dt, populations: [...splits.values()], projections: projReports, pieces,
    tables: routing.report, tableEntries, synapses, dramBytes, weightsBelowResolution: belowResolution, delayExtensions: de.images.length,
    ...(nir ? { nir: { version: nir.version, populations: nir.populations, outputs: nir.outputs, warnings: nir.warnings } } : {}),
  };
  mappedModels.set(report, model);
  return { image: { pes: images, tables: routing.tables }, report };
}

/** PyNN's initialize(): per-neuron initial state drawn from the run's seed, field by field in name order. */
function initialValues(pop: NeuronPopulation, index: number, seed: number): Map<number, Float32Array> | undefined {
  if (!pop.initial_values) return undefined;
  const cell = cellTypeByName.get(pop.model)!;
  const rng = new Prng().seed(seed, 0x1a170000 + index);
  const out = new Map<number, Float32Array>();
  for (const name of Object.keys(pop.initial_values).sort()) {
    const field = cell.stateFields.indexOf(name);
    if (field < 0) throw new SnnMappingError(`population '${pop.name}': initial_values.${name} is not a state of ${pop.model}`, `state fields: ${cell.stateFields.join(', ')}`);
    const values = new Float32Array(pop.size);
    for (let i = 0; i < pop.size; i++) values[i] = drawValue(pop.initial_values[name], rng);
    out.set(field, values);
  }
  return out;
}
