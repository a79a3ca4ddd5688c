import { describe, expect, it } from 'vitest';
import { H19_PERFORMANCE_LEVELS as LV } from '@s2sim/hardware';
import { EnergyAccount } from './energyAccount';
import { energyModelPreset } from './energyModel';

const options = { model: energyModelPreset('h19'), levels: LV, tickNs: 1e6, chips: 2, pesPerChip: 4, boardOfChip: [0, 1], peTrace: true };

/** A deterministic workload: PE p at tick t, with level changes (switch energy) and operations. */
function feed(a: EnergyAccount, from: number, to: number): void {
  for (let t = from; t < to; t++) {
    for (const pe of [0, 2, 5, 7]) a.addPeTick(pe, (t + pe) % 3, { cycles: 1000 * ((t * 7 + pe) % 13), synapticEvent: t % 5, mac: pe * 100, packetSent: t % 2 });
    a.addRouterTick(t % 2, t, t % 3);
    a.endTick();
  }
}

describe('energy account state', () => {
  it('saved mid-run, through JSON, and restored into a fresh account, continues to the report of an uninterrupted run', () => {
    const whole = new EnergyAccount(options);
    feed(whole, 0, 20);
    const first = new EnergyAccount(options);
    feed(first, 0, 9);
    const resumed = new EnergyAccount(options);
    resumed.restoreState(JSON.parse(JSON.stringify(first.saveState())));
    feed(resumed, 9, 20);
    expect(resumed.report()).toEqual(whole.report());
    expect(resumed.totalJ).toBe(whole.totalJ);
    expect(whole.report().pes.some((p) => p.switches > 0)).toBe(true); // level history carried over (switches count right)
  });

  it('refuses the state of an account built for another machine', () => {
    const other = new EnergyAccount({ ...options, chips: 3, boardOfChip: [0, 0, 1] });
    expect(() => new EnergyAccount(options).restoreState(other.saveState())).toThrow(/chips has 3 entries, this account 2/);
  });
});
