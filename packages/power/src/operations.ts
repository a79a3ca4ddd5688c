import type { CostModel, PerformanceLevel } from '@s2sim/hardware';
import { dynamicScale, type EnergyModel } from './energyModel';

/** Operations whose counts a PE reports per tick, each with its own energy (HARDWARE.md, DESIGN.md cost model). */
export const OPERATIONS = ['synapticEvent', 'neuronUpdate', 'mac', 'expLog', 'dmaByte', 'packetSent'] as const;
export type Operation = (typeof OPERATIONS)[number];
export type OperationCounts = Partial<Record<Operation, number>>;

/** The energy-model parameter that holds each operation's energy beyond its core cycles. */
export const OPERATION_ENERGY_KEY = {
  synapticEvent: 'synapticEventJ',
  neuronUpdate: 'neuronUpdateJ',
  mac: 'macJ',
  expLog: 'expLogJ',
  dmaByte: 'dmaByteJ',
  packetSent: 'packetSentJ',
} as const satisfies Record<Operation, keyof EnergyModel>;

/** Core cycles the cost model charges for one operation (the accelerators' throughput turned into cycles). */
export function cyclesPerOperation(costs: CostModel, op: Operation): number {
  switch (op) {
    case 'synapticEvent':
      return costs.synapticEventCycles;
    case 'neuronUpdate':
      return costs.neuronUpdateCycles;
    case 'mac':
      return 1 / costs.macsPerCycle;
    case 'expLog':
      return costs.expLogCycles;
    case 'dmaByte':
      return 1 / costs.dmaBytesPerCycle;
    case 'packetSent':
      return costs.packetSendCycles;
  }
}

/** Energy beyond the core cycles of one operation at a level, joules (scales with V²). */
export function operationExtraEnergyJ(model: EnergyModel, level: PerformanceLevel, op: Operation): number {
  return model[OPERATION_ENERGY_KEY[op]] * dynamicScale(model, level);
}

/**
 * Whole dynamic energy of one operation at a level: the core cycles the cost model charges for it plus its own
 * energy beyond them. This is the "energy per synaptic event / per MAC" of the reports.
 */
export function operationEnergyJ(model: EnergyModel, costs: CostModel, level: PerformanceLevel, op: Operation): number {
  return (cyclesPerOperation(costs, op) * model.dynamicEnergyPerCycleJ + model[OPERATION_ENERGY_KEY[op]]) * dynamicScale(model, level);
}
