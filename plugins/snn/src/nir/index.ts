export { readNirGraph, NIR_LIMITS, type NirFile, type NirGraph, type NirNode, type NirArray } from './readNirGraph';
export { nirToSnn, type NirImport, type NirImportOptions } from './nirToSnn';
export { describeNirGraph } from './describeNirGraph';
export { NirError } from './nirErrors';
