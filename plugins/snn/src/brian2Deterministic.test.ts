import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from './plugin';
import { snnModelSchema, type SnnModel } from './model';

/**
 * The validation against Brian2 that CI runs: the network in validation/deterministic.json is built in Brian2 by
 * validation/brian2_network.py (Debian's python3-brian, exact integration in float64) and here; every neuron's
 * spike train must have the same number of spikes, each within one time step.
 */
const file = fileURLToPath(new URL('../validation/deterministic.json', import.meta.url));
const script = fileURLToPath(new URL('../validation/brian2_network.py', import.meta.url));
const spec = JSON.parse(readFileSync(file, 'utf8'));

describe('deterministic network: s2sim against Brian2', () => {
  it('spike times agree within one time step for every neuron', { timeout: 120_000 }, () => {
    const dt = spec.timestepMs;
    const model = snnModelSchema.parse(spec.model) as unknown as SnnModel;
    const ticks = Math.round(spec.durationMs / dt);
    const ours = runPlugin(snnPlugin, model, { machine: machinePreset('chip'), ticks, tickNs: dt * 1e6, seed: 1 }).result;
    const brian = JSON.parse(execFileSync('/usr/bin/python3', [script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    let compared = 0;
    for (const pop of ['a', 'b']) {
      const size = spec.model.populations.find((p: { name: string }) => p.name === pop).size;
      for (let n = 0; n < size; n++) {
        const mine = Array.from(ours.spikes[pop].timesMs).filter((_, i) => ours.spikes[pop].neurons[i] === n);
        const theirs = (brian.spikes[pop].timesMs as number[]).filter((_, i) => brian.spikes[pop].neurons[i] === n);
        expect(mine.length, `${pop}[${n}] spike count`).toBe(theirs.length);
        mine.forEach((t, k) => expect(Math.abs(t - theirs[k]), `${pop}[${n}] spike ${k}: ${t} vs ${theirs[k]} ms`).toBeLessThanOrEqual(dt + 1e-9));
        compared += mine.length;
      }
    }
    expect(compared).toBeGreaterThan(50); // the network is active enough for the comparison to mean something
  });
});
