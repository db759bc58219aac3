export {
  findLearningRate,
  finderRates,
  type FinderProgress,
  type FinderStop,
  type LrFinderOptions,
  type LrFinderResult,
} from './find-learning-rate';
export { findRunLearningRate, type RunFinderOptions } from './run-finder';
export { smoothLosses } from './smoothing';
export { describeSuggestion, type LrSuggestion, suggestedBounds, suggestBounds, type SuggestOptions } from './suggest';
export { finderFigure, type FinderFigureOptions } from './finder-figure';
