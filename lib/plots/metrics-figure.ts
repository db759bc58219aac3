import { type Figure, figureLayout, type Trace } from './figure';
import { logAxisTicks } from './ticks';

/** One curve over epochs: a name and a value per epoch (non-finite values are left out of the drawing). */
export interface Series {
  name: string;
  values: number[];
  dash?: 'solid' | 'dash' | 'dot';
  /** Where each value lies on the epoch axis (default 1, 2, …); fractions place values recorded within an epoch. */
  x?: number[];
}

export interface MetricsFigureOptions {
  title: string;
  /** The y axis title (default 'loss'). */
  yTitle?: string;
  /** A logarithmic y axis (default false). */
  logY?: boolean;
}

/**
 * Curves of per-epoch values — losses, accuracies, rates — on an epoch axis starting at 1, as Keras counts.
 *
 * @example
 * const figure = metricsFigure([{ name: 'loss', values: [2.3, 1.7, 1.4] }], { title: 'Training loss' });
 * assert.deepEqual(figure.data[0]!.y, [2.3, 1.7, 1.4]);
 */
export function metricsFigure(
  series: Series[],
  { title, yTitle = 'loss', logY = false }: MetricsFigureOptions,
): Figure {
  const data: Trace[] = series.map((s) => ({
    type: 'scatter',
    mode: s.values.length > 30 ? 'lines' : 'lines+markers',
    name: s.name,
    x: positions(s),
    y: s.values.map((v) => (Number.isFinite(v) ? v : NaN)),
    line: { width: 2, dash: s.dash ?? 'solid' },
  }));
  return {
    data,
    layout: figureLayout(
      title,
      // Whole epochs only: plotly would put ticks at 1.5, 2.5… on a short axis.
      { title: { text: 'epoch' }, ...(span(data.flatMap((t) => t.x)) <= 11 ? { dtick: 1 } : {}) },
      { title: { text: yTitle }, ...(logY ? { type: 'log' as const, ...logAxisTicks(data.flatMap((t) => t.y)) } : {}) },
      420 + 22 * series.length,
    ),
  };
}

function positions({ name, values, x }: Series): number[] {
  if (x === undefined) return values.map((_, i) => i + 1);
  if (x.length !== values.length) {
    throw new RangeError(
      `metricsFigure: the series '${name}' has ${values.length} values but ${x.length} x positions.`,
    );
  }
  return x;
}

function span(xs: number[]): number {
  return xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs);
}
