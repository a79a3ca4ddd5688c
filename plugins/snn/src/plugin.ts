import type { ZodType } from 'zod';
import { definePlugin } from '@s2sim/actors';
import { CELL_TYPES } from './cells';
import { mapSnn, type SnnMappingReport } from './mapper';
import { snnModelSchema, type SnnScenarioModel } from './model';
import { neuronProgram } from './neuronProgram';
import { snnOutputs, snnResults, snnSummary, type SnnResult } from './results';
import { spikeSourceArrayProgram } from './spikeSourceArrayProgram';
import { spikeSourcePoissonProgram } from './spikeSourcePoissonProgram';
import { delayExtensionProgram } from './delayExtensionProgram';

/** One PE program per neuron model (they share the synaptic code), and the two spike sources. */
export const snnPrograms = [...CELL_TYPES.map((c) => neuronProgram(c)), spikeSourceArrayProgram, spikeSourcePoissonProgram, delayExtensionProgram];

/** Spiking neural networks in PyNN's terms, run as sPyNNaker runs them on SpiNNaker. */
export const snnPlugin = definePlugin<SnnScenarioModel, SnnMappingReport, SnnResult>({
  name: 'snn',
  description: 'Spiking neural networks (PyNN models and units, NIR graphs) with event-driven synapses and time-driven neurons',
  // Worker threads import the programs from here; a spike acts at least one tick after it is sent.
  module: '@s2sim/snn',
  minDelayTicks: 1,
  programs: snnPrograms,
  modelSchema: snnModelSchema as unknown as ZodType<SnnScenarioModel>,
  map: mapSnn,
  results: snnResults,
  summary: snnSummary,
  outputs: snnOutputs,
});
