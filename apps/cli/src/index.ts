// The CLI's building blocks, for other tools (apps/bench measures the plots with them).
export { scenarioSchema, type Scenario } from './scenario';
export { renderPlot, type RenderedPlot } from './plots/renderPlot';
export { spikeRasterSpec, peHeatmapSpec, chipTrafficSpec, energyPerTickSpec, RASTER_MAX_SPIKES } from './plots/plotSpecs';
export { mappingReport, type MappingReport } from './mappingReport';
export { renderReport } from './commands/report';
export { readNirGraph as readNirFile, type NirGraphInfo } from './nirFile';
export { BadInputError } from './inputErrors';
