import type { ZodType } from 'zod';
import type { MachineSpec } from '@s2sim/hardware';
import type { MachineImage } from './machineImage';
import type { PeProgram } from './program';
import type { Simulation } from './simulation';

/** What a mapper knows about the run it maps for. */
export interface MapContext {
  machine: MachineSpec;
  tickNs: number;
  ticks: number;
  seed: number;
  /** Folder of the scenario file, for resolving relative paths in the model. */
  baseDir: string;
}

/** A mapper's output: the image to load and a report of every mapping stage (for `s2sim map` and result.json). */
export interface Mapping<Report = unknown> {
  image: MachineImage;
  report: Report;
  /**
   * The fewest ticks after which a packet between chips of this mapped model can have an effect (a spiking
   * network's shortest synaptic delay), when the plugin knows it per model; it replaces the plugin's
   * `minDelayTicks`, and the host then synchronises its threads every that many ticks (see mappingWindow).
   */
  minDelayTicks?: number;
}

/** A file the plugin wants in the results folder, relative to it. */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/** A plot a plugin asks for: a file name (no extension) and a Vega-Lite spec (JSON, data inline). */
export interface PluginPlot {
  name: string;
  spec: Record<string, unknown>;
}

/**
 * A plugin: PE programs, a mapper from the plugin's model to a machine image, the zod schema of its part of a
 * scenario, and the conversion of read-back state into results.
 */
export interface PluginDefinition<Model = any, Report = any, Result = any> {
  name: string;
  description: string;
  programs: PeProgram<any>[];
  /**
   * The module that exports this plugin (a package name such as '@s2sim/snn', or a file URL): worker threads import
   * it to find the programs that a machine image names. Needed to run over more than one thread.
   */
  module?: string;
  /** The least number of ticks between a packet and its effect that the plugin guarantees (allows longer windows). */
  minDelayTicks?: number;
  /** The `model` section of a scenario. */
  modelSchema: ZodType<Model>;
  map(model: Model, ctx: MapContext): Mapping<Report>;
  /** The host's actions after the image is loaded and before the first tick (e.g. one start interrupt via sim.inject). */
  start?(sim: Simulation, mapping: Mapping<Report>): void;
  /**
   * When present, the run may end before its ticks: hosts (runPlugin, the CLI) run tick by tick and stop as soon as
   * this holds (e.g. the PE that signals completion has halted; see runUntil.ts). The ticks are then an upper bound.
   */
  finished?(sim: Simulation, mapping: Mapping<Report>): boolean;
  results(sim: Simulation, mapping: Mapping<Report>, model: Model): Result;
  /** A few numbers for result.json and the terminal summary. */
  summary(result: Result): Record<string, number | string>;
  /** Files for the results folder (e.g. spikes/<population>.csv). */
  outputs(result: Result): OutputFile[];
  /** Vega-Lite specs of the plugin's own plots: hosts render them (SVG and PNG) into the results folder's plots/. */
  plots?(result: Result): PluginPlot[];
}

export function definePlugin<Model, Report, Result>(plugin: PluginDefinition<Model, Report, Result>): PluginDefinition<Model, Report, Result> {
  return plugin;
}
