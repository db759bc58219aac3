export type { Axis, Figure, Layout, Trace } from './figure';
export { scheduleFigure, type ScheduleFigureOptions } from './schedule-figure';
export { figuresPage, type PageSection } from './html';
