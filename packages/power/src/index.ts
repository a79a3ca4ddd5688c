export {
  DVFS_SWITCH_TIME_NS, energyModelSchema, defaultEnergyModel, defaultEnergyModelFor, energyModelPreset, ENERGY_MODEL_PRESETS, H19_ENERGY_MODEL, dynamicScale, dynamicEnergyJ, baselinePowerW,
  peTickEnergyJ, type EnergyModel, type EnergyModelInput, type EnergyModelPreset,
} from './energyModel';
export { OPERATIONS, OPERATION_ENERGY_KEY, cyclesPerOperation, operationEnergyJ, operationExtraEnergyJ, type Operation, type OperationCounts } from './operations';
export { EnergyMeter, type EnergySummary } from './energyMeter';
export { EnergyAccount, ENERGY_PARTS, type EnergyAccountState, type EnergyPart, type EnergyAccountOptions, type PeTickWork } from './energyAccount';
export { buildEnergyReport, ENERGY_ASSUMPTION, type EnergyReport, type OperationEnergy } from './energyReport';
export { fixedLevelPolicy, type DvfsPolicy, type WorkloadSample } from './dvfsPolicy';
export { workloadDrivenPolicy, workloadDrivenParamsSchema, type WorkloadDrivenParams } from './workloadDrivenPolicy';
export { DvfsPolicyRegistry, DvfsPolicyError, dvfsPolicyFromSpec, dvfsPolicySpecSchema, fixedParamsSchema, type DvfsPolicySpec, type DvfsPolicyFactory } from './dvfsPolicyRegistry';
export { replayWorkload, type WorkloadTrace, type ReplayResult, type EnergySink } from './workloadReplay';
export { powerTrace, powerTraceFromCumulative, type PowerTrace } from './powerTrace';
export { powerPlotSpec, renderPowerPlot, renderVegaLite, type RenderedPowerPlot } from './powerPlot';
export { parameterTable } from './parameterTable';
