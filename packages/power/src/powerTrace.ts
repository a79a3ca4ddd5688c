import type { EnergyReport } from './energyReport';

/** A run's power over time, for power.json and the plot: watts per point, each point the mean over `ticksPerPoint` ticks. */
export interface PowerTrace {
  tickNs: number;
  ticksPerPoint: number;
  /** Start of each point, ms. */
  timeMs: number[];
  totalW: number[];
  peW: number[];
  chips: Array<{ name: string; W: number[] }>;
  boards: Array<{ board: number; W: number[] }>;
  /** Mean number of PEs at each level per point. */
  levels: Array<{ level: string; pes: number[] }>;
  /** The tick at which the account's trace limit stopped tracing, or -1. */
  truncatedAtTick: number;
  assumption: string;
}

/** Means over buckets of `k` values of a flat [tick * stride + index] array, for one index. */
function bucketMeans(values: number[], ticks: number, stride: number, index: number, k: number): number[] {
  const out: number[] = [];
  for (let t0 = 0; t0 < ticks; t0 += k) {
    const t1 = Math.min(ticks, t0 + k);
    let s = 0;
    for (let t = t0; t < t1; t++) s += values[t * stride + index];
    out.push(s / (t1 - t0));
  }
  return out;
}

/**
 * The report's per-tick trace as JSON-ready power series. Long runs are averaged into at most `maxPoints` points
 * (means of whole buckets, so energy = sum of W x bucket time is kept); `maxChips` bounds the per-chip series.
 */
export function powerTrace(report: EnergyReport, opts: { maxPoints?: number; maxChips?: number } = {}): PowerTrace {
  const ticks = report.trace.totalW.length;
  const k = Math.max(1, Math.ceil(ticks / (opts.maxPoints ?? 2000)));
  const chips = report.chips.length;
  const boards = report.boards.length;
  const L = report.byLevel.length;
  const timeMs: number[] = [];
  for (let t = 0; t < ticks; t += k) timeMs.push((t * report.tickNs) / 1e6);
  return {
    tickNs: report.tickNs,
    ticksPerPoint: k,
    timeMs,
    totalW: bucketMeans(report.trace.totalW, ticks, 1, 0, k),
    peW: bucketMeans(report.trace.peW, ticks, 1, 0, k),
    chips: report.chips.slice(0, opts.maxChips ?? 64).map((c) => ({ name: c.name, W: bucketMeans(report.trace.chipW, ticks, chips, c.chip, k) })),
    boards: report.boards.map((b) => ({ board: b.board, W: bucketMeans(report.trace.boardW, ticks, boards, b.board, k) })),
    levels: report.byLevel.map((l, i) => ({ level: l.level, pes: bucketMeans(report.trace.levelPes, ticks, L, i, k) })),
    truncatedAtTick: report.trace.truncatedAtTick,
    assumption: report.assumption,
  };
}

/**
 * A PE power trace from cumulative energy samples, as the kernel's energy stream gives them ({ tick, totalJ } with
 * totalJ the energy since the start, after `tick`): each point is the mean power since the previous sample.
 * Use it where no EnergyAccount ran; it has no chip, board or level series.
 */
export function powerTraceFromCumulative(tickNs: number, samples: ReadonlyArray<{ tick: number; totalJ: number }>, assumption: string): PowerTrace {
  const timeMs: number[] = [];
  const W: number[] = [];
  let prevTick = -1;
  let prevJ = 0;
  for (const s of samples) {
    if (s.tick <= prevTick) throw new RangeError(`energy samples must have increasing ticks (tick ${s.tick} after ${prevTick})`);
    timeMs.push(((prevTick + 1) * tickNs) / 1e6);
    W.push((s.totalJ - prevJ) / ((s.tick - prevTick) * tickNs * 1e-9));
    prevTick = s.tick;
    prevJ = s.totalJ;
  }
  const every = samples.length > 1 ? samples[1].tick - samples[0].tick : 1;
  return { tickNs, ticksPerPoint: every, timeMs, totalW: W, peW: [...W], chips: [], boards: [], levels: [], truncatedAtTick: -1, assumption };
}
