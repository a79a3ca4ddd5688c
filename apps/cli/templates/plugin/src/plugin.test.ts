import { describe, expect, it } from 'vitest';
import { runPlugin } from '@s2sim/actors';
import { machinePreset } from '@s2sim/hardware';
import { __CAMEL__Plugin } from './plugin';

describe('__NAME__ plugin', () => {
  it('every PE sends ceil(ticks / period) beats and receives every PE\'s beats', () => {
    const model = __CAMEL__Plugin.modelSchema.parse({ pes: 3, periodTicks: 4 });
    const ticks = 10;
    const { result } = runPlugin(__CAMEL__Plugin, model, { machine: machinePreset('chip'), ticks, tickNs: 1e6, seed: 1 });
    const beats = Math.ceil(ticks / 4); // ticks 0, 4, 8
    expect(result.sent).toEqual([beats, beats, beats]);
    expect(result.received).toEqual([3 * beats, 3 * beats, 3 * beats]);
  });

  it('rejects a model with an unknown key', () => {
    expect(__CAMEL__Plugin.modelSchema.safeParse({ pes: 2, period: 3 }).success).toBe(false);
  });
});
