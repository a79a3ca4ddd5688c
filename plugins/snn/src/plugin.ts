import { definePlugin } from '@s2sim/actors';
import { ifCurrExpProgram } from './ifCurrExpProgram';
import { mapSnn, type SnnMappingReport } from './mapper';
import { snnModelSchema, type SnnModel } from './model';
import { snnOutputs, snnResults, snnSummary, type SnnResult } from './results';
import { spikeSourceArrayProgram } from './spikeSourceArrayProgram';

/** Spiking neural networks in PyNN's terms, run as sPyNNaker runs them on SpiNNaker. */
export const snnPlugin = definePlugin<SnnModel, SnnMappingReport, SnnResult>({
  name: 'snn',
  description: 'Spiking neural networks (PyNN models and units) with event-driven synapses and time-driven neurons',
  programs: [ifCurrExpProgram, spikeSourceArrayProgram],
  modelSchema: snnModelSchema,
  map: mapSnn,
  results: snnResults,
  summary: snnSummary,
  outputs: snnOutputs,
});
