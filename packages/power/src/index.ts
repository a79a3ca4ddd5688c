export { energyModelSchema, defaultEnergyModel, dynamicEnergyJ, baselinePowerW, peTickEnergyJ, type EnergyModel } from './energyModel';
export { EnergyMeter, type EnergySummary } from './energyMeter';
export { fixedLevelPolicy, type DvfsPolicy, type WorkloadSample } from './dvfsPolicy';
