export { findLearningRate, finderRates, type FinderStop, type LrFinderOptions, type LrFinderResult } from './find-learning-rate';
export { LossSmoother, smoothLosses } from './smoothing';
export { describeSuggestion, type LrSuggestion, suggestBounds, suggestedBounds, type SuggestOptions } from './suggest';
export { saveTrainingState, type TrainingState } from './training-state';
export { finderFigure, type FinderFigureOptions } from './finder-figure';
