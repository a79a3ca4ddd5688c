import type { ZodType } from 'zod';
import type { PeContext } from '@s2sim/actors';

/** How a cell type's ODEs are stepped: the exact solution of the linear system over one step, or forward Euler. */
export type Integrator = 'exact' | 'euler';

/**
 * The state of a neuron piece as its PE holds it: every array is a typed-array view over the PE's SRAM.
 * Per-neuron fields are stored field-major (`p[f * n + i]`, `s[f * n + i]`) so each model's loop reads
 * contiguous float32 columns, as a C implementation on the M4F would.
 */
export interface NeuronState {
  n: number;
  keyBase: number;
  /** bit 0: record spikes; bit 1: record state fields. */
  flags: number;
  /** Per-neuron compiled parameters (propagators, thresholds), field-major. */
  p: Float32Array;
  /** Per-neuron state variables, field-major; field 0 is the membrane (v). */
  s: Float32Array;
  /** This tick's input per receptor, filled from the ring buffer before the model's update: inE[i], inI[i]. */
  inE: Float32Array;
  inI: Float32Array;
}

/** What a cell type declares: its parameters (zod, PyNN names and units), its state and its update loop. */
export interface CellType<P = any> {
  /** PyNN (or NIR) name, also the scenario's `model` value. */
  name: string;
  paramsSchema: ZodType<P>;
  /** Names of the state fields, in SRAM order; recordable by these names ('v' first). */
  stateFields: readonly string[];
  /** Number of compiled per-neuron parameter fields. */
  paramFields: number;
  integrators: readonly Integrator[];
  /** The unit of a weight onto this cell's receptors, for messages and docs. */
  weightUnit: string;
  /** Whether the cell emits spikes (LI, CubaLI and Integrator do not). */
  spiking: boolean;
  /**
   * Compiles parameters for one neuron into its parameter column values and initial state, at time step dtMs.
   * `get(name)` returns the (possibly per-neuron) parameter of neuron i.
   */
  compile(get: (name: keyof P & string) => number, dtMs: number, integrator: Integrator): { params: number[]; state: number[] };
  /** The time-driven update of all n neurons; calls fire(i) for each neuron that spikes. */
  update(st: NeuronState, fire: (i: number) => void): void;
  /** Modelled M4F cycles of one neuron update (assumption, near sPyNNaker's per-model costs). */
  cyclesPerNeuron: number;
}

export type FireFn = (i: number) => void;
export type { PeContext };

/** Single-precision helper: the M4F FPU rounds every operation to float32. */
export const f = Math.fround;
