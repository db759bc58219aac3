export type { Axis, Figure, Layout, Trace } from './figure';
export { type RateSeries, scheduleFigure, type ScheduleFigureOptions } from './schedule-figure';
export { figuresPage, type PageSection } from './html';
export { COLORWAY, figureToSvg, type SvgOptions } from './svg';
export { figureToPng } from './png';
export { metricsFigure, type MetricsFigureOptions, type Series } from './metrics-figure';
export { appliedRatesFigure, type RatePoint } from './rates-figure';
export { type TrainingCurves, trainingFigure } from './training-figure';
export { type BandSeries, bandFigure } from './band-figure';
