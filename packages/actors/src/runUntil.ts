import type { Simulation } from './simulation';

export interface RunUntilHaltedOptions {
  /** The PEs whose halt ends the run (e.g. a scheduler PE that halts when its work is done). */
  pes: ReadonlyArray<{ x: number; y: number; pe: number }>;
  /** Upper bound on the ticks to run: a program that never halts stops here. */
  maxTicks: number;
  onTick?: (tick: number) => void;
}

export interface RunUntilHaltedResult {
  /** Every watched PE halted (or faulted: a fault stops the run anyway, see Simulation.run). */
  halted: boolean;
  /** Ticks run by this call. */
  ticks: number;
}

/** True once every watched PE has halted or faulted. */
export function allHalted(sim: Simulation, pes: RunUntilHaltedOptions['pes']): boolean {
  return pes.every((p) => {
    const s = sim.peState(p.x, p.y, p.pe);
    return s === 'halted' || s === 'faulted';
  });
}

/**
 * Runs tick by tick until the watched PEs halt, instead of a tick count fixed before the run: work whose length is
 * an output of the simulation (a DNN inference that ends when its scheduler signals completion) stops in the
 * tick where it ends, so no idle ticks are simulated or charged to the energy account after it.
 */
export function runUntilHalted(sim: Simulation, opts: RunUntilHaltedOptions): RunUntilHaltedResult {
  if (!Number.isInteger(opts.maxTicks) || opts.maxTicks < 0) throw new RangeError(`runUntilHalted: maxTicks must be an integer >= 0, not ${opts.maxTicks}`);
  let ticks = 0;
  while (ticks < opts.maxTicks && !allHalted(sim, opts.pes)) {
    sim.run(1, opts.onTick);
    ticks++;
  }
  return { halted: allHalted(sim, opts.pes), ticks };
}
