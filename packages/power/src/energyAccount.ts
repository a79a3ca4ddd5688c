import { costModelSchema, type CostModel, type PerformanceLevel } from '@s2sim/hardware';
import { baselinePowerW, dynamicScale, type EnergyModel } from './energyModel';
import { OPERATIONS, OPERATION_ENERGY_KEY, type OperationCounts } from './operations';
import { buildEnergyReport, type EnergyReport } from './energyReport';

/** The parts an account splits energy into; they always sum to the total (conservation is tested). */
export const ENERGY_PARTS = [
  'peDynamicCycles', 'peSynapticEvent', 'peNeuronUpdate', 'peMac', 'peExpLog', 'peDmaByte', 'pePacketSent',
  'peBaselineActive', 'peBaselineSleep', 'peSwitching', 'routerHops', 'linkCrossings', 'chipOverhead', 'boardOverhead',
] as const;
export type EnergyPart = (typeof ENERGY_PARTS)[number];
const P = Object.fromEntries(ENERGY_PARTS.map((p, i) => [p, i])) as Record<EnergyPart, number>;
// addPeTick unrolls the operations in this order.
if (OPERATIONS.join() !== 'synapticEvent,neuronUpdate,mac,expLog,dmaByte,packetSent') throw new Error('energyAccount: OPERATIONS changed; update addPeTick');
const OP_PART = OPERATIONS.map((op) => P[`pe${op[0].toUpperCase()}${op.slice(1)}` as EnergyPart]);

/** One PE's work in one tick: the cycles it was charged and, where known, its operation counts. */
export type PeTickWork = { cycles: number } & OperationCounts;

export interface EnergyAccountOptions {
  model: EnergyModel;
  levels: readonly PerformanceLevel[];
  tickNs: number;
  chips: number;
  pesPerChip: number;
  /** Board of each chip (default: all on board 0). */
  boardOfChip?: ArrayLike<number>;
  /** Cycles per operation, for the reported energy per synaptic event / MAC (default: the cost model's defaults). */
  costs?: CostModel;
  /** Keep energy and level per PE per tick (memory: 2 numbers per PE-tick); default false. */
  peTrace?: boolean;
  /** Cap on stored trace values (chip, board and PE traces together); past it tracing stops and the report says at which tick. */
  maxTraceValues?: number;
}

/** Per-PE totals, indexed densely in the order PEs first report. */
interface PeRow {
  index: number;
  energyJ: number;
  busyCycles: number;
  switches: number;
  overrunTicks: number;
  level: number;
  levelTicks: Float64Array;
  traceStart: number;
  traceJ: number[];
  traceLevel: number[];
}

/** An account's accumulated state as plain JSON data (numbers round-trip exactly through JSON). */
export interface EnergyAccountState {
  ticks: number;
  traceValues: number;
  parts: number[];
  levelEnergyJ: number[];
  levelPeTicks: number[];
  levelBusyCycles: number[];
  opCounts: number[];
  chipEnergyJ: number[];
  boardEnergyJ: number[];
  pes: Array<Omit<PeRow, 'levelTicks'> & { levelTicks: number[] }>;
  trace: EnergyAccount['trace'];
}

/**
 * The energy account of a run: the kernel (or a workload replay) reports each PE's level and work per tick, each
 * router's hops and link crossings, and closes each tick; the account adds baselines, switching, chip and board
 * overheads and keeps totals, per-level and per-operation splits and power traces.
 */
export class EnergyAccount {
  readonly tickS: number;
  readonly parts = new Float64Array(ENERGY_PARTS.length);
  readonly levelEnergyJ: Float64Array;
  readonly levelPeTicks: Float64Array;
  readonly levelBusyCycles: Float64Array;
  /** opCounts[level * OPERATIONS.length + op] */
  readonly opCounts: Float64Array;
  readonly chipEnergyJ: Float64Array;
  readonly boardEnergyJ: Float64Array;
  readonly boardOfChip: Int32Array;
  readonly costs: CostModel;
  readonly pes = new Map<number, PeRow>();
  readonly trace = { totalW: [] as number[], peW: [] as number[], chipW: [] as number[], boardW: [] as number[], levelPes: [] as number[], truncatedAtTick: -1 };
  ticks = 0;
  private traceValues = 0;
  private readonly chipTickJ: Float64Array;
  private readonly boardTickJ: Float64Array;
  private peTickJ = 0;
  /** Rows by global PE index (a sparse array: only PEs that report hold a slot). */
  private readonly rowCache: PeRow[] = [];
  private readonly tickLevelPes: Float64Array;
  // Per-level constants, computed once: the hot path is a few multiplications.
  private readonly cycleJ: Float64Array;
  private readonly opJ: Float64Array;
  private readonly activeW: Float64Array;
  private readonly sleepW: Float64Array;
  private readonly hz: Float64Array;

  constructor(readonly options: EnergyAccountOptions) {
    const { model, levels, chips } = options;
    const L = levels.length;
    this.tickS = options.tickNs * 1e-9;
    this.costs = options.costs ?? costModelSchema.parse({});
    this.levelEnergyJ = new Float64Array(L);
    this.levelPeTicks = new Float64Array(L);
    this.levelBusyCycles = new Float64Array(L);
    this.tickLevelPes = new Float64Array(L);
    this.opCounts = new Float64Array(L * OPERATIONS.length);
    this.chipEnergyJ = new Float64Array(chips);
    this.chipTickJ = new Float64Array(chips);
    this.boardOfChip = Int32Array.from(options.boardOfChip ?? new Array(chips).fill(0));
    if (this.boardOfChip.length !== chips) throw new RangeError(`boardOfChip has ${this.boardOfChip.length} entries for ${chips} chips`);
    this.boardEnergyJ = new Float64Array(Math.max(0, ...this.boardOfChip) + 1);
    this.boardTickJ = new Float64Array(this.boardEnergyJ.length);
    this.cycleJ = Float64Array.from(levels, (l) => model.dynamicEnergyPerCycleJ * dynamicScale(model, l));
    this.opJ = new Float64Array(L * OPERATIONS.length);
    levels.forEach((l, li) => OPERATIONS.forEach((op, oi) => (this.opJ[li * OPERATIONS.length + oi] = model[OPERATION_ENERGY_KEY[op]] * dynamicScale(model, l))));
    this.activeW = Float64Array.from(levels, (l) => baselinePowerW(model, l, false));
    this.sleepW = Float64Array.from(levels, (l) => baselinePowerW(model, l, true));
    this.hz = Float64Array.from(levels, (l) => l.frequencyHz);
  }

  private row(pe: number): PeRow {
    const cached = this.rowCache[pe];
    if (cached) return cached;
    let r = this.pes.get(pe);
    if (!r) {
      r = {
        index: pe, energyJ: 0, busyCycles: 0, switches: 0, overrunTicks: 0, level: -1,
        levelTicks: new Float64Array(this.options.levels.length), traceStart: this.ticks, traceJ: [], traceLevel: [],
      };
      this.pes.set(pe, r);
    }
    this.rowCache[pe] = r;
    return r;
  }

  /** One PE's tick at a level (index into the levels), with its work; returns the PE's energy for the tick. */
  addPeTick(pe: number, level: number, work: PeTickWork): number {
    const { parts } = this;
    const r = this.row(pe);
    const cycles = work.cycles;
    let busyS = cycles / this.hz[level];
    let e = 0;
    if (r.level !== level && r.level >= 0) {
      // A level change stalls the PE for the switch time, awake, and costs the switch energy.
      r.switches++;
      parts[P.peSwitching] += this.options.model.switchEnergyJ;
      e += this.options.model.switchEnergyJ;
      busyS += this.options.model.switchTimeNs * 1e-9;
    }
    r.level = level;
    if (busyS > this.tickS) {
      r.overrunTicks++;
      busyS = this.tickS;
    }
    const dyn = cycles * this.cycleJ[level];
    parts[P.peDynamicCycles] += dyn;
    e += dyn;
    // Unrolled over OPERATIONS (same order): keyed access by a string variable is slow on the hot path.
    const base = level * OPERATIONS.length;
    if (work.synapticEvent) e += this.addOp(base, 0, work.synapticEvent);
    if (work.neuronUpdate) e += this.addOp(base, 1, work.neuronUpdate);
    if (work.mac) e += this.addOp(base, 2, work.mac);
    if (work.expLog) e += this.addOp(base, 3, work.expLog);
    if (work.dmaByte) e += this.addOp(base, 4, work.dmaByte);
    if (work.packetSent) e += this.addOp(base, 5, work.packetSent);
    const active = this.activeW[level] * busyS;
    const sleep = this.sleepW[level] * (this.tickS - busyS);
    parts[P.peBaselineActive] += active;
    parts[P.peBaselineSleep] += sleep;
    e += active + sleep;
    r.energyJ += e;
    r.busyCycles += cycles;
    r.levelTicks[level]++;
    this.levelEnergyJ[level] += e;
    this.levelPeTicks[level]++;
    this.tickLevelPes[level]++;
    this.levelBusyCycles[level] += cycles;
    const chip = Math.floor(pe / this.options.pesPerChip);
    this.chipTickJ[chip] += e;
    this.peTickJ += e;
    if (this.options.peTrace && this.trace.truncatedAtTick < 0 && this.reserve(2)) {
      while (r.traceStart + r.traceJ.length < this.ticks) (r.traceJ.push(0), r.traceLevel.push(-1));
      r.traceJ.push(e);
      r.traceLevel.push(level);
    }
    return e;
  }

  private addOp(base: number, o: number, n: number): number {
    this.opCounts[base + o] += n;
    const oj = n * this.opJ[base + o];
    this.parts[OP_PART[o]] += oj;
    return oj;
  }

  /** One chip router's traffic in the tick: packets routed through it and packets sent over its links. */
  addRouterTick(chip: number, hops: number, linkCrossings: number): void {
    const h = hops * this.options.model.routerHopJ;
    const l = linkCrossings * this.options.model.linkCrossingJ;
    this.parts[P.routerHops] += h;
    this.parts[P.linkCrossings] += l;
    this.chipTickJ[chip] += h + l;
  }

  /** Closes a tick: chip and board overheads, chip and board totals, and the power traces. */
  endTick(): void {
    const { model } = this.options;
    const chipJ = model.chipOverheadW * this.tickS;
    const boardJ = model.boardOverheadW * this.tickS;
    const chips = this.chipTickJ.length;
    const boards = this.boardEnergyJ.length;
    const boardTickJ = this.boardTickJ.fill(boardJ);
    this.parts[P.chipOverhead] += chipJ * chips;
    this.parts[P.boardOverhead] += boardJ * boards;
    const t = this.trace;
    const L = this.tickLevelPes.length;
    const traced = t.truncatedAtTick < 0 && this.reserve(2 + chips + boards + L);
    let total = 0;
    for (let c = 0; c < chips; c++) {
      const e = this.chipTickJ[c] + chipJ;
      this.chipEnergyJ[c] += e;
      boardTickJ[this.boardOfChip[c]] += e;
      this.chipTickJ[c] = 0;
      if (traced) t.chipW.push(e / this.tickS);
    }
    for (let b = 0; b < boards; b++) {
      this.boardEnergyJ[b] += boardTickJ[b];
      total += boardTickJ[b];
      if (traced) t.boardW.push(boardTickJ[b] / this.tickS);
    }
    if (traced) {
      t.totalW.push(total / this.tickS);
      t.peW.push(this.peTickJ / this.tickS);
      for (let l = 0; l < L; l++) t.levelPes.push(this.tickLevelPes[l]);
    }
    this.tickLevelPes.fill(0);
    this.peTickJ = 0;
    this.ticks++;
  }

  private reserve(n: number): boolean {
    const max = this.options.maxTraceValues ?? 5_000_000;
    if (this.traceValues + n > max) {
      this.trace.truncatedAtTick = this.ticks;
      return false;
    }
    this.traceValues += n;
    return true;
  }

  get totalJ(): number {
    let s = 0;
    for (const v of this.parts) s += v;
    return s;
  }

  /** The state between ticks (after endTick), for checkpoints; `restoreState` puts it into an account of the same options. */
  saveState(): EnergyAccountState {
    const t = this.trace;
    return {
      ticks: this.ticks, traceValues: this.traceValues, parts: Array.from(this.parts), levelEnergyJ: Array.from(this.levelEnergyJ),
      levelPeTicks: Array.from(this.levelPeTicks), levelBusyCycles: Array.from(this.levelBusyCycles), opCounts: Array.from(this.opCounts),
      chipEnergyJ: Array.from(this.chipEnergyJ), boardEnergyJ: Array.from(this.boardEnergyJ),
      pes: [...this.pes.values()].map((r) => ({ ...r, levelTicks: Array.from(r.levelTicks), traceJ: [...r.traceJ], traceLevel: [...r.traceLevel] })),
      trace: { totalW: [...t.totalW], peW: [...t.peW], chipW: [...t.chipW], boardW: [...t.boardW], levelPes: [...t.levelPes], truncatedAtTick: t.truncatedAtTick },
    };
  }

  restoreState(s: EnergyAccountState): void {
    const same = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
      if (a.length !== b.length) throw new RangeError(`energy account state: ${what} has ${b.length} entries, this account ${a.length} (built for another machine or levels)`);
    };
    same(this.parts, s.parts, 'parts');
    same(this.levelEnergyJ, s.levelEnergyJ, 'levels');
    same(this.chipEnergyJ, s.chipEnergyJ, 'chips');
    same(this.boardEnergyJ, s.boardEnergyJ, 'boards');
    this.ticks = s.ticks;
    this.traceValues = s.traceValues;
    this.parts.set(s.parts);
    this.levelEnergyJ.set(s.levelEnergyJ);
    this.levelPeTicks.set(s.levelPeTicks);
    this.levelBusyCycles.set(s.levelBusyCycles);
    this.opCounts.set(s.opCounts);
    this.chipEnergyJ.set(s.chipEnergyJ);
    this.boardEnergyJ.set(s.boardEnergyJ);
    this.pes.clear();
    this.rowCache.length = 0;
    for (const r of s.pes) this.pes.set(r.index, { ...r, levelTicks: Float64Array.from(r.levelTicks), traceJ: [...r.traceJ], traceLevel: [...r.traceLevel] });
    const t = s.trace;
    Object.assign(this.trace, { totalW: [...t.totalW], peW: [...t.peW], chipW: [...t.chipW], boardW: [...t.boardW], levelPes: [...t.levelPes], truncatedAtTick: t.truncatedAtTick });
  }

  report(opts: { chipNames?: string[]; peName?: (pe: number) => string } = {}): EnergyReport {
    return buildEnergyReport(this, opts);
  }
}
