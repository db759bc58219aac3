import type { Figure, Trace } from './figure';
import { metricsFigure, type MetricsFigureOptions, type Series } from './metrics-figure';
import { COLORWAY } from './svg';

/** A mean curve over epochs (`values`) with a band from `lower` to `upper` (NaN where there is none). */
export interface BandSeries extends Series {
  lower: number[];
  upper: number[];
}

/** `#rrggbb` as `rgba(r, g, b, alpha)`. */
function translucent(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The band as a closed outline: along `upper` forwards, back along `lower`, over the epochs where both are finite. */
function bandTrace(s: BandSeries, color: string): Trace {
  const epochs = s.values.map((_, i) => i).filter((i) => Number.isFinite(s.lower[i]) && Number.isFinite(s.upper[i]));
  return {
    type: 'scatter',
    mode: 'lines',
    name: `${s.name} (band)`,
    x: [...epochs, ...[...epochs].reverse()].map((i) => i + 1),
    y: [...epochs.map((i) => s.upper[i]!), ...[...epochs].reverse().map((i) => s.lower[i]!)],
    line: { width: 0, color },
    fill: 'toself',
    fillcolor: translucent(color, 0.2),
    showlegend: false,
    hoverinfo: 'skip',
  };
}

/**
 * `metricsFigure`'s curves, each with a translucent band of its colour behind it (e.g. the mean over seeds and
 * ± one standard deviation). Bands come first, so the curves are drawn over them and keep the colorway's colours.
 *
 * @example
 * const figure = bandFigure(
 *   [{ name: 'step', values: [0.5, 0.6], lower: [0.45, 0.57], upper: [0.55, 0.63] }],
 *   { title: 'Test accuracy, mean ± sd over seeds', yTitle: 'accuracy' },
 * );
 * assert.ok(figure.data.length >= 1);
 */
export function bandFigure(series: BandSeries[], options: MetricsFigureOptions): Figure {
  const figure = metricsFigure(series, options);
  const color = (i: number): string => COLORWAY[i % COLORWAY.length]!;
  const curves = figure.data.map((t, i): Trace => ({ ...t, line: { ...t.line, color: color(i) } }));
  return { ...figure, data: [...series.map((s, i) => bandTrace(s, color(i))), ...curves] };
}
