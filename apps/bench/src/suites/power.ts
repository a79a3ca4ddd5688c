import { performance } from 'node:perf_hooks';
import { H19_PERFORMANCE_LEVELS, machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { snnPlugin } from '@s2sim/snn';
import { EnergyAccount, energyModelPreset, peTickEnergyJ, replayWorkload, workloadDrivenPolicy, type EnergySink, type PeTickWork } from '@s2sim/power';
import { median, timeRepeated } from '../stats';
import { synfireRings } from '../synfireRings';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';


/** Seconds to account `peTicks` PE-ticks spread over `pes` PEs, the median of `repeat` runs. */
function timeAccounting(repeat: number, pes: number, ticks: number, f: (pe: number, tick: number) => void, endTick?: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r <= Math.max(1, repeat); r++) {
    const t0 = performance.now();
    for (let t = 0; t < ticks; t++) {
      for (let p = 0; p < pes; p++) f(p, t);
      endTick?.();
    }
    if (r > 0) samples.push((performance.now() - t0) / 1000); // the first run warms up the JIT
  }
  return median(samples);
}

/**
 * The runtime cost of energy accounting, measured in one process: the wall time of a kernel run (which accounts
 * energy per PE per tick as it goes), and the time of the same number of PE-ticks through (a) the kernel's per-tick
 * function (peTickEnergyJ) and (b) the full EnergyAccount (per-operation counts, per-PE/chip/board totals and
 * traces). Overhead = accounting time / (run time - the kernel's own accounting time), in percent (target < 5 %).
 */
async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const rings = opts.quick ? 100 : 1000;
  const ticks = opts.quick ? 200 : 1000;
  const machine = machinePreset('chip', { pe: { performanceLevels: 'h19' } });
  const model = synfireRings(rings, (r) => r % 50);
  let pes = 0;
  const runT = timeRepeated(opts.repeat, () => {
    const r = runPlugin(snnPlugin, model, { machine, ticks, tickNs: 1e6, seed: 1 });
    pes = r.sim.provenance().pes.length;
  });
  const energy = energyModelPreset('h19');
  const levels = machine.pe.performanceLevels;
  // Per-PE-tick costs are measured in steady state (a whole chip, 1,000 ticks; a few thousand PE-ticks would
  // measure JIT warm-up), then charged for the run's PE-ticks.
  const mPes = 152;
  const mTicks = 1000;
  const mn = mPes * mTicks;
  let sink = 0;
  const kernelNs = (timeAccounting(opts.repeat, mPes, mTicks, (p, t) => {
    sink += peTickEnergyJ(energy, levels[(p + t) % levels.length], 1000 + ((p * 7919 + t) % 5000), 1e6).total;
  }) * 1e9) / mn;
  let account = new EnergyAccount({ model: energy, levels, tickNs: 1e6, chips: 1, pesPerChip: 152, costs: machine.costs });
  const work: PeTickWork = { cycles: 0, synapticEvent: 0, neuronUpdate: 0, packetSent: 0 };
  const accountNs = (timeAccounting(
    opts.repeat, mPes, mTicks,
    (p, t) => {
      if (p === 0 && t === 0) account = new EnergyAccount({ model: energy, levels, tickNs: 1e6, chips: 1, pesPerChip: 152, costs: machine.costs });
      work.cycles = 1000 + ((p * 7919 + t) % 5000);
      work.synapticEvent = (p + t) % 7;
      work.neuronUpdate = 20;
      account.addPeTick(p, (p + t) % levels.length, work);
    },
    () => account.endTick(),
  ) * 1e9) / mn;
  const n = pes * ticks;
  const kernelS = (kernelNs * n) / 1e9;
  const accountS = (accountNs * n) / 1e9;
  const base = runT.medianS - kernelS;
  // The replay route of the calibration test: a trace through the workload-driven policy and an account.
  // The replay is sized for steady state (a whole chip, 1,000 ticks): a few thousand PE-ticks measure JIT warm-up.
  const rPes = 152;
  const rTicks = 1000;
  const rn = rPes * rTicks;
  const trace = { ticks: rTicks, pes: Array.from({ length: rPes }, (_, i) => i), cycles: new Float64Array(rn).map((_, k) => 5000 + (k % 13) * 1000), packetsReceived: new Float64Array(rn).map((_, k) => k % 13) };
  const account4 = () => new EnergyAccount({ model: energy, levels, tickNs: 1e6, chips: 1, pesPerChip: 152 });
  const nullSink: EnergySink = { options: { tickNs: 1e6 }, addPeTick: () => 0, endTick: () => {} };
  // With and without accounting, in the same process, alternating so that drift hits both alike.
  const withS: number[] = [];
  const withoutS: number[] = [];
  for (let r = 0; r <= Math.max(3, opts.repeat); r++) {
    let t0 = performance.now();
    replayWorkload(trace, workloadDrivenPolicy(), H19_PERFORMANCE_LEVELS, account4());
    const w = (performance.now() - t0) / 1000;
    t0 = performance.now();
    replayWorkload(trace, workloadDrivenPolicy(), H19_PERFORMANCE_LEVELS, nullSink);
    const wo = (performance.now() - t0) / 1000;
    if (r > 0) (withS.push(w), withoutS.push(wo)); // the first round warms up the JIT
  }
  const replayT = { medianS: median(withS) };
  return [
    {
      name: `energy accounting on a kernel run: synfire ${rings} rings x 20 neurons, ${pes} PEs, ${ticks} ticks, h19 levels`,
      metrics: {
        runWallMedianS: runT.medianS,
        kernelAccountingS: kernelS,
        kernelAccountingOverheadPct: (100 * kernelS) / base,
        energyAccountS: accountS,
        energyAccountOverheadPct: (100 * accountS) / base,
        nsPerPeTickKernel: kernelNs,
        nsPerPeTickAccount: accountNs,
      },
      notes: `overhead = ns per PE-tick (steady state, ${mn} PE-ticks) x the run's ${n} PE-ticks / (run wall time - the kernel's own accounting); target < 5 %; checksum ${sink > 0 ? 'ok' : '0'}`,
    },
    {
      name: `workload replay (H19 policy), ${rPes} PEs x ${rTicks} ticks, with and without an EnergyAccount`,
      metrics: {
        wallMedianS: replayT.medianS, withoutAccountMedianS: median(withoutS), peTicksPerS: rn / replayT.medianS,
        nsPerPeTickAccount: ((median(withS) - median(withoutS)) * 1e9) / rn,
        accountOverheadPct: (100 * (median(withS) - median(withoutS))) / median(withoutS),
      },
      notes: 'the replay loop and policy alone are far cheaper than a kernel run, so this percentage is an upper bound for a run',
    },
  ];
}

export const suite: NamedSuite = { name: 'power', description: 'energy accounting overhead on a kernel run; DVFS workload replay', run };
