export * from './schedules';
export * from './tfjs';
export * from './plots';
export * from './toy';
export * from './notebook';
export * from './backend';
export * from './data';
export { checkSeed, permutation, Prng, SeedError, shuffleInPlace } from './random';
export * from './models';
