import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { DvfsPolicy, EnergyModel } from '@s2sim/power';

/** The kernel's parameters: one zod schema is their single source of types, defaults, units and documentation. */
export const kernelOptionsSchema = z
  .object({
    tickNs: z.number().positive().describe('timer period, nanoseconds (1 ms = 1e6)'),
    seed: z.number().int().describe('run seed: every PE seeds its PRNG from it and its place in the machine'),
    threads: z.number().int().min(1).default(() => availableParallelism()).describe('worker threads for runAsync (default: the number of cores)'),
    windowTicks: z.number().int().min(1).default(1).describe('ticks per synchronisation window between partitions; at most minDelayTicks'),
    minDelayTicks: z.number().int().min(1).default(1).describe('ticks a packet between chips takes at least (the plugin guarantees its effect comes no sooner)'),
    routerLatencyNs: z.number().positive().default(100).describe('router pass, send to arrival on the same chip, nanoseconds (assumption)'),
    dramBytesPerNs: z.number().positive().default(6.4).describe("bandwidth of a chip's DRAM port, shared by its PEs' DMA, bytes per ns = GB/s [G23: 6.4 GB/s]"),
    linkLatencyNs: z.number().nonnegative().default(200).describe('one chip-to-chip link hop, nanoseconds (assumption, HARDWARE.md)'),
    mailboxCapacity: z.number().int().positive().default(4096).describe('packets a PE queue holds before it drops (assumption)'),
    eventQueueCapacity: z.number().int().positive().default(16384).describe('events in flight per chip (a simulator limit); when not given, load() raises it to 1,024 per PE loaded on the busiest chip'),
    inboxCapacity: z.number().int().positive().default(16384).describe('packets from other chips waiting per chip (a simulator limit)'),
    exchangeCapacity: z.number().int().positive().default(65536).describe('packets per window from one partition to another (a simulator limit)'),
    continueOnFault: z.boolean().default(false).describe('keep running when a PE faults (the faulted PE stops); default: stop the run'),
    energyAccount: z
      .boolean()
      .default(true)
      .describe("feed @s2sim/power's energy account every tick (sim.energyReport()); off saves ~65 ns per PE-tick on the host thread"),
    programModules: z.array(z.string()).default([]).describe('modules that export the PE programs, imported by worker threads'),
  })
  .strict();

export type KernelOptions = z.infer<typeof kernelOptionsSchema>;

/** How a worker builds the DVFS policy: a module export that is a policy or a factory called with `args`. */
export interface DvfsModuleSpec {
  module: string;
  export: string;
  args?: unknown[];
}

export interface SimulationOptions extends z.input<typeof kernelOptionsSchema> {
  energy?: EnergyModel;
  /** Picks each PE's performance level at the start of every tick; default: the machine's default level, fixed. */
  dvfs?: DvfsPolicy;
  /** The same policy as a module export, for worker threads (a function cannot cross threads). */
  dvfsModule?: DvfsModuleSpec;
}
