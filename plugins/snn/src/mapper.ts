import { performance } from 'node:perf_hooks';
import type { MapContext, Mapping, PeImage } from '@s2sim/actors';
import { buildNeuronImage, poissonTable, type IncomingSet, type PieceRef } from './buildNeuronImage';
import { cellTypeByName } from './cells';
import { mergeChipRows } from './chipRows';
import { drawValue } from './connectors';
import { expandConnectors } from './expandConnectors';
import { Prng } from '@s2sim/hardware';
import { SnnMappingError } from './errors';
import { isAbsolute, join } from 'node:path';
import { snnModelSchema, type NeuronPopulation, type Population, type SnnModel, type SnnScenarioModel } from './model';
import { nirToSnn, readNirGraph, type NirImport } from './nir';
import { isSource, splitPopulations, type PopulationSplit } from './splitPopulations';
import { sourceImage } from './sourceImage';
import { planDelayExtensions, writeStageKeys } from './delayExtensions';
import { allocateSpikeKeys, PIECE_KEY_BITS } from './allocateSpikeKeys';
import { MAX_DELAY_STAGES, type ConnectionSet } from './connectionSet';

export { MAX_DELAY_STAGES };
import { validateModel } from './validateModel';
import { routeSpikes, type SpikeSource, type TablesReport } from './routeSpikes';
import { FLAG_NO_SEND, H } from './neuronProgram';
import { MAX_RING_DELAY } from './synapticMatrix';

export { PIECE_KEY_BITS };

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
  /** Wall seconds of each mapping stage (connectors, split and placement, delay extensions, rows and images, routing). */
  stageSeconds: { connectors: number; split: number; delayExtensions: number; images: number; routing: number };
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
  const stage = stageClock();
  const sets: Array<ConnectionSet | null> = expandConnectors(model.projections, pops, ctx.seed, dt);
  const projReports: ProjectionReport[] = model.projections.map((proj, i) => {
    const set = sets[i]!;
    return { pre: proj.pre, post: proj.post, connector: proj.connector.type, receptor: proj.receptor, synapses: set.length, minDelayTicks: set.minDelayTicks, maxDelayTicks: set.maxDelayTicks, delaysRaisedToOneStep: set.delaysRaisedToOneStep };
  });
  const synapses = projReports.reduce((s, x) => s + x.synapses, 0);
  const minDelayTicks = minEffectiveDelay(sets as ConnectionSet[]);

  const driveLevels = (p: Population) => {
    const d = (p as NeuronPopulation).poisson_drive;
    return d ? poissonTable((d.rate_Hz * dt) / 1000, d.weight).length - 1 : 0;
  };
  const connectorsS = stage();
  const splits = splitPopulations(model.populations, model.projections, sets as ConnectionSet[], ctx, driveLevels);

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
      pieces.push({ id, population: pop.name, lo, n: Math.min(split.neuronsPerPe, pop.size - lo), key: 0, mask: 0, chip: { x: chip.x, y: chip.y }, pe: id % pesPerChip, globalLo: globalLo + lo, synapses: 0, rowsInDram: false, sramBytes: 0 });
    }
    globalLo += pop.size;
  }
  // Delay extensions: delays over 15 ticks leave the source through a DE PE in stages of 15 ticks.
  const splitS = stage();
  const de = planDelayExtensions(model, sets as ConnectionSet[], pieces, firstPiece, splits, globalLo, pesPerChip, ctx.machine);
  const pieceN = Int32Array.from(pieces, (p) => p.n);
  // Keys: one aligned space per population and per delay stage, through the router package.
  allocateSpikeKeys([...pieces, ...de.spaces]);
  writeStageKeys(de);
  const deS = stage();
  const totalNeurons = de.totalSources;
  const spaces: PieceRef[] = [...pieces, ...de.spaces];
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
  const imageOfPiece: Array<PeImage | undefined> = new Array(pieces.length);
  const targetsOf = new Map<number, Set<number>>();
  // A chip's rows are merged into its synaptic matrix (mergeChipRows) as soon as its last neuron piece is built, so
  // the PEs' own row blocks of one chip at most are held beside the merged matrices.
  const chipKey = (p: PieceRef) => `${p.chip.x},${p.chip.y}`;
  const piecesLeft = new Map<string, number>();
  for (const p of pieces) if (!isSource(pops.get(p.population)!)) piecesLeft.set(chipKey(p), (piecesLeft.get(chipKey(p)) ?? 0) + 1);
  const builtOnChip = new Map<string, PeImage[]>();
  const mergeChip = (list: PeImage[]) => {
    for (const c of mergeChipRows(list, (key) => spaceByKey.get(key)!.n)) {
      if (c.words * 4 > ctx.machine.chip.dramBytes) {
        throw new SnnMappingError(
          `synaptic rows of chip(${c.chip.x},${c.chip.y}) need ${c.words * 4} bytes of DRAM (${c.pes} PEs) but a chip has ${ctx.machine.chip.dramBytes}`,
          'lower the number of synapses per chip: use more chips (a larger machine preset), or fewer neurons per PE',
        );
      }
    }
  };
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
      incoming.push({
        set: sets[i]!, receptor: proj.receptor === 'excitatory' ? 0 : proj.receptor === 'inhibitory' ? 1 : -1,
        srcBase: popBase.get(proj.pre)!, preFirstPiece: firstPiece.get(proj.pre)!, prePerPe: splits.get(proj.pre)!.neuronsPerPe, stageBase: de.stageBase, pieceN,
      });
    });
    const initial = initialValues(pop as NeuronPopulation, model.populations.indexOf(pop), ctx.seed);
    for (let k = 0; k < split.pieces; k++) {
      const piece = pieces[first + k];
      const { image, stats } = buildNeuronImage(piece, pop as NeuronPopulation, incoming, pieceOfGlobal, scratch, dt, sramData, initial);
      imageOfPiece[piece.id] = image;
      const ck = chipKey(piece);
      const onChip = builtOnChip.get(ck) ?? [];
      onChip.push(image);
      builtOnChip.set(ck, onChip);
      const left = piecesLeft.get(ck)! - 1;
      piecesLeft.set(ck, left);
      if (left === 0) {
        mergeChip(onChip);
        builtOnChip.delete(ck);
      }
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
    // This population's incoming connections are in its rows now: let them go before the next one's rows grow.
    model.projections.forEach((proj, i) => {
      if (proj.post === pop.name) sets[i] = null;
    });
  }
  for (const im of images) {
    const rows = (im.params as { dramRows?: Uint32Array } | undefined)?.dramRows;
    // Worker threads read DRAM rows in place: every block must have gone into a chip's shared matrix.
    if (rows && !(rows.buffer instanceof SharedArrayBuffer)) throw new Error(`snn mapper: the DRAM rows of ${im.label} were not merged into their chip's matrix (a bug)`);
  }
  const imagesS = stage();
  images.push(...de.images);
  // Routing: a multicast tree per key space (a piece, or a delay stage) to the PEs holding synapses for it, plus
  // the piece's delay extension PE; tables per chip through the router package.
  const peOf = new Map<number, { chip: { x: number; y: number }; pe: number }>(spaces.map((p) => [p.id, { chip: p.chip, pe: p.pe }]));
  const routedSources: SpikeSource[] = [];
  for (const p of spaces) {
    const to = [...(targetsOf.get(p.id) ?? [])].map((t) => peOf.get(t)!);
    const deAt = de.pePerPiece.get(p.id);
    if (deAt && p.id < pieces.length) to.push(deAt);
    if (to.length) routedSources.push({ key: p.key, mask: p.mask, from: { chip: p.chip, pe: p.pe }, to });
    else if (p.id < pieces.length) {
      const header = imageOfPiece[p.id]?.regions.find((r) => r.name === 'header')?.data;
      if (header instanceof Uint32Array && !isSource(pops.get(p.population)!)) header[H.flags] |= FLAG_NO_SEND;
    }
  }
  const routing = routeSpikes(ctx.machine, routedSources);
  const routingS = stage();
  const tableEntries = routing.report.reduce((s, t) => s + t.entries, 0);
  const report: SnnMappingReport = {
    timestepMs: dt, populations: [...splits.values()], projections: projReports, pieces,
    tables: routing.report, tableEntries, synapses, dramBytes, weightsBelowResolution: belowResolution, delayExtensions: de.images.length,
    stageSeconds: { connectors: connectorsS, split: splitS, delayExtensions: deS, images: imagesS, routing: routingS },
    ...(nir ? { nir: { version: nir.version, populations: nir.populations, outputs: nir.outputs, warnings: nir.warnings } } : {}),
  };
  mappedModels.set(report, model);
  return { image: { pes: images, tables: routing.tables }, report, minDelayTicks };
}

/**
 * The fewest ticks between a spike being sent and its effect, over every synapse: its delay, or for a delay over
 * the ring's 15 steps the last stage from its delay extension PE (which re-sends the spike in stages of 15). No
 * packet between chips has an effect sooner, so the host may synchronise threads that rarely (Mapping.minDelayTicks).
 */
export function minEffectiveDelay(sets: readonly ConnectionSet[]): number {
  let min = MAX_RING_DELAY;
  for (const set of sets) {
    if (set.length === 0) continue;
    if (set.maxDelayTicks <= MAX_RING_DELAY) {
      min = Math.min(min, set.minDelayTicks);
      continue;
    }
    const d = set.delayTicks;
    for (let c = 0; c < set.length && min > 1; c++) min = Math.min(min, ((d[c] - 1) % MAX_RING_DELAY) + 1);
  }
  return Math.max(1, min);
}

/** Seconds since the last call (the first: since creation). */
function stageClock(): () => number {
  let t = performance.now();
  return () => {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return s;
  };
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
