import type { PerformanceLevel } from '@s2sim/hardware';
import { peTickEnergyJ, type EnergyModel } from './energyModel';

/** Totals of a run's energy, joules, split into their parts (the parts always sum to the total). */
export interface EnergySummary {
  dynamicJ: number;
  baselineJ: number;
  totalJ: number;
  byLevel: Record<string, number>;
}

/** Accumulates the energy of PEs tick by tick. */
export class EnergyMeter {
  private dynamic = 0;
  private baseline = 0;
  private readonly perLevel = new Map<string, number>();

  constructor(
    readonly model: EnergyModel,
    readonly tickNs: number,
  ) {}

  addPeTick(level: PerformanceLevel, busyCycles: number): number {
    const e = peTickEnergyJ(this.model, level, busyCycles, this.tickNs);
    this.dynamic += e.dynamic;
    this.baseline += e.baseline;
    this.perLevel.set(level.name, (this.perLevel.get(level.name) ?? 0) + e.total);
    return e.total;
  }

  summary(): EnergySummary {
    return {
      dynamicJ: this.dynamic,
      baselineJ: this.baseline,
      totalJ: this.dynamic + this.baseline,
      byLevel: Object.fromEntries(this.perLevel),
    };
  }
}
