export { machineSpecSchema, peSpecSchema, chipSpecSchema, coordSchema } from './machineSpec';
export type { MachineSpec, MachineSpecInput, PeSpec, ChipSpec, ChipCoord } from './machineSpec';
export { costModelSchema, type CostModel } from './costModel';
export {
  performanceLevelSchema, performanceLevelsSchema, DEFAULT_PERFORMANCE_LEVELS, H19_PERFORMANCE_LEVELS, PERFORMANCE_LEVEL_PRESETS,
  PERFORMANCE_LEVEL_PRESET_NAMES, performanceLevelPreset, type PerformanceLevel, type PerformanceLevelPreset,
} from './performanceLevel';
export { MACHINE_PRESETS, machinePreset, boardsMachine, type MachinePreset, type MachineOverrides } from './presets';
export { board48Chips } from './board48';
export { PES_PER_QPE, QPE_COORDS, peName, qpeLabel } from './peId';
export { Sram, SramOverflowError, type SramRegion } from './sram';
export { Prng } from './prng';
export {
  MAC_ARRAY_GEOMETRY, ACC_MAX, ACC_MIN, MAX_ACCUMULATION_INT8, matmulCycles, conv2dCycles, saturateAcc29,
  macMatmulInt8, macMatmulInt16, macConv2dInt8, macConv2dInt16, requantize, quantizeMultiplier,
  type MacPrecision, type MacResult, type ConvGeometry,
} from './macArray';
export { Dram, DramOverflowError, type DramRegion } from './dram';
export { dmaSpecSchema, dmaSetupCycles, dmaTransferNs, type DmaSpec } from './dma';
export { acceleratorExp, acceleratorLn, toS1615, EXP_LOG_FRACTION_BITS, EXP_LOG_MAX, EXP_LOG_MIN } from './expLog';
