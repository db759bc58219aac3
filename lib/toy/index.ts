export { spirals, type Spirals, type SpiralsOptions } from './spirals';
export { spiralsFigure } from './spirals-figure';
export { type ToyProblem, toyProblem, trainToy, type ToyRun, type ToyRunOptions } from './train-toy';
export { compareToy, finalValues, type RunCallbacks, type ToyResult } from './compare';
export type { UpdateLoss } from './update-losses';
