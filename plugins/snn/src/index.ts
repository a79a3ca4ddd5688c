export { snnPlugin } from './plugin';
export { snnModelSchema, populationSchema, projectionSchema, type SnnModel, type SnnModelInput, type Population, type Projection } from './model';
export { ifCurrExpParamsSchema, ifCurrExpPropagators, type IfCurrExpParams } from './ifCurrExp';
export { ifCurrExpProgram, DELAY_SLOTS } from './ifCurrExpProgram';
export { spikeSourceArrayProgram } from './spikeSourceArrayProgram';
export { mapSnn, PIECE_KEY_BITS, type Piece, type SnnMappingReport } from './mapper';
export { snnResults, snnOutputs, snnSummary, type SnnResult, type SpikeTrain } from './results';
export { SnnMappingError } from './errors';
