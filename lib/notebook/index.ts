export { figureHtml, type FigureHtmlOptions } from './figure-html';
export { LiveFigure, LiveHtml, show } from './display';
export { TrainingMonitor, type TrainingMonitorOptions } from './training-monitor';
export { ExperimentMonitor } from './experiment-monitor';
export { finderProgress } from './finder-progress';
export { kernelInterrupt } from './kernel-interrupt';
