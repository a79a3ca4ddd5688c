export { machineSpecSchema, peSpecSchema, chipSpecSchema, coordSchema } from './machineSpec';
export type { MachineSpec, MachineSpecInput, PeSpec, ChipSpec, ChipCoord } from './machineSpec';
export { costModelSchema, type CostModel } from './costModel';
export { performanceLevelSchema, DEFAULT_PERFORMANCE_LEVELS, type PerformanceLevel } from './performanceLevel';
export { MACHINE_PRESETS, machinePreset, boardsMachine, type MachinePreset, type MachineOverrides } from './presets';
export { board48Chips } from './board48';
export { PES_PER_QPE, QPE_COORDS, peName, qpeLabel } from './peId';
export { Sram, SramOverflowError, type SramRegion } from './sram';
export { Prng } from './prng';
