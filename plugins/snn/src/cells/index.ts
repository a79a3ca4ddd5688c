import type { CellType } from './cellType';
import { alif } from './alif';
import { ifCondExp } from './ifCondExp';
import { ifCurrDelta } from './ifCurrDelta';
import { ifCurrExp } from './ifCurrExp';
import { izhikevich } from './izhikevich';
import { nirCubaLi, nirCubaLif, nirIf, nirIntegrator, nirLi, nirLif, nirThreshold } from './nirCells';

/** Every neuron model a population can name, PyNN's first, then NIR's. */
export const CELL_TYPES = [ifCurrExp, ifCondExp, ifCurrDelta, izhikevich, alif, nirLif, nirCubaLif, nirIf, nirLi, nirCubaLi, nirIntegrator, nirThreshold] as const satisfies readonly CellType[];
export type CellTypeName = (typeof CELL_TYPES)[number]['name'];
export const cellTypeByName = new Map<string, CellType>(CELL_TYPES.map((c) => [c.name, c as CellType]));

export { ifCurrExp, ifCurrExpParamsSchema, ifCurrExpPropagators, type IfCurrExpParams } from './ifCurrExp';
export { ifCondExp } from './ifCondExp';
export { ifCurrDelta } from './ifCurrDelta';
export { izhikevich } from './izhikevich';
export { alif } from './alif';
export { nirLif, nirCubaLif, nirIf, nirLi, nirCubaLi, nirIntegrator, nirThreshold } from './nirCells';
export type { CellType, Integrator, NeuronState } from './cellType';
