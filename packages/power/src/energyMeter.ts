import type { PerformanceLevel } from '@s2sim/hardware';
import { peTickEnergyJ, type EnergyModel } from './energyModel';
import { ENERGY_ASSUMPTION } from './energyReport';

/** Totals of a run's PE energy, joules, split into their parts (the parts always sum to the total). */
export interface EnergySummary {
  dynamicJ: number;
  baselineJ: number;
  baselineActiveJ: number;
  baselineSleepJ: number;
  totalJ: number;
  /** Energy at each level, joules. */
  byLevel: Record<string, number>;
  /** PE-ticks spent at each level. */
  ticksByLevel: Record<string, number>;
  peTicks: number;
  assumption: string;
}

/**
 * The kernel's PE-only meter: the level and busy cycles of each PE tick, without PE identity or operation counts.
 * For per-PE, per-chip, per-operation reports and traces use EnergyAccount.
 */
export class EnergyMeter {
  private dynamic = 0;
  private baselineActive = 0;
  private baselineSleep = 0;
  private peTicks = 0;
  private readonly perLevel = new Map<string, number>();
  private readonly ticksPerLevel = new Map<string, number>();

  constructor(
    readonly model: EnergyModel,
    readonly tickNs: number,
  ) {}

  addPeTick(level: PerformanceLevel, busyCycles: number): number {
    const e = peTickEnergyJ(this.model, level, busyCycles, this.tickNs);
    this.dynamic += e.dynamic;
    this.baselineActive += e.baselineActive;
    this.baselineSleep += e.baselineSleep;
    this.peTicks++;
    this.perLevel.set(level.name, (this.perLevel.get(level.name) ?? 0) + e.total);
    this.ticksPerLevel.set(level.name, (this.ticksPerLevel.get(level.name) ?? 0) + 1);
    return e.total;
  }

  summary(): EnergySummary {
    const baselineJ = this.baselineActive + this.baselineSleep;
    return {
      dynamicJ: this.dynamic,
      baselineJ,
      baselineActiveJ: this.baselineActive,
      baselineSleepJ: this.baselineSleep,
      totalJ: this.dynamic + baselineJ,
      byLevel: Object.fromEntries(this.perLevel),
      ticksByLevel: Object.fromEntries(this.ticksPerLevel),
      peTicks: this.peTicks,
      assumption: ENERGY_ASSUMPTION,
    };
  }
}
