import { board48Chips } from './board48';
import { machineSpecSchema, type MachineSpec } from './machineSpec';

export const MACHINE_PRESETS = ['chip', 'board48'] as const;
export type MachinePreset = (typeof MACHINE_PRESETS)[number];

/** Overrides a user may apply on top of a preset: everything but the geometry. */
export interface MachineOverrides {
  pe?: Record<string, unknown>;
  chip?: Record<string, unknown>;
  costs?: Record<string, unknown>;
}

function geometry(preset: MachinePreset) {
  switch (preset) {
    case 'chip':
      return { width: 1, height: 1, chips: [{ x: 0, y: 0 }] };
    case 'board48':
      return { width: 8, height: 8, chips: board48Chips() };
  }
}

/** Builds a validated machine spec from a preset name and optional overrides (which zod checks strictly). */
export function machinePreset(preset: MachinePreset, overrides: MachineOverrides = {}): MachineSpec {
  return machineSpecSchema.parse({ name: preset, ...geometry(preset), ...overrides });
}
