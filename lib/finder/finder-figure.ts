import { type Figure, figureLayout, type Trace } from '../plots/figure';
import { logAxisTicks, tickLabel } from '../plots/ticks';
import type { LrFinderResult } from './find-learning-rate';

export interface FinderFigureOptions {
  /** Default 'Learning-rate finder'. */
  title?: string;
  /** Draw each batch's loss (thin) under the smoothed curve (default true). */
  raw?: boolean;
  /** A logarithmic loss axis (default: when the batch losses are drawn, as the last ones can dwarf the rest). */
  logY?: boolean;
}

/**
 * A plotly figure of a finder's sweep: the smoothed loss (and each batch's loss, thin) against the rate on a log
 * axis, with the suggested bounds as dashed vertical lines (the figure format has no shapes). The subtitle gives
 * the suggested range, or why there is none, and why the sweep stopped.
 *
 * @example
 * const lrs = finderRates(1e-5, 10, 50);
 * const losses = lrs.map((lr) => 2 - Math.min(1.5, Math.max(0, Math.log10(lr / 1e-3))) + (lr > 1 ? lr : 0));
 * const smoothed = smoothLosses(losses);
 * const found: LrFinderResult = {
 *   lrs, losses, smoothed, bestLr: lrs[smoothed.indexOf(Math.min(...smoothed))]!, iterations: 50, optimizerStateRestored: true,
 *   stoppedAt: { reason: 'completed', iteration: 49, lr: 10, message: 'all 50 rates tried' },
 *   suggestion: suggestBounds(lrs, smoothed),
 * }; // or: await findLearningRate(model, xs, ys, …)
 * const figure = finderFigure(found, { title: 'Learning-rate finder' });
 * assert.equal(figure.layout.xaxis.type, 'log');
 * fs.writeFileSync('finder.svg', figureToSvg(figure));
 */
export function finderFigure(
  result: Pick<LrFinderResult, 'lrs' | 'losses' | 'smoothed' | 'suggestion' | 'stoppedAt'>,
  { title = 'Learning-rate finder', raw = true, logY = raw }: FinderFigureOptions = {},
): Figure {
  const { lrs, losses, smoothed, suggestion, stoppedAt } = result;
  const curve = (name: string, y: number[], width: number): Trace => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: lrs,
    y: y.map((v) => (Number.isFinite(v) ? v : NaN)),
    line: { width },
    hovertemplate: 'lr %{x:.3e}<br>loss %{y:.4g}',
  });
  const data = [...(raw ? [curve('batch loss', losses, 1)] : []), curve('smoothed loss', smoothed, 2.5)];
  const plotted = data.flatMap((t) => t.y).filter((v) => Number.isFinite(v) && (!logY || v > 0));
  const [yLo, yHi] = [Math.min(...plotted), Math.max(...plotted)];
  const bound = (name: string, lr: number): Trace => ({
    type: 'scatter',
    mode: 'lines',
    name: `${name} ${tickLabel(Number(lr.toPrecision(3)))}`,
    x: [lr, lr],
    y: [yLo, yHi],
    line: { width: 1.5, dash: 'dash' },
    hovertemplate: `${name} %{x:.3e}<extra></extra>`,
  });
  if (suggestion.found)
    data.push(bound('lower bound (baseLr)', suggestion.lower), bound('upper bound (maxLr)', suggestion.upper));
  const summary = suggestion.found
    ? `suggested range ${tickLabel(Number(suggestion.lower.toPrecision(3)))} – ${tickLabel(Number(suggestion.upper.toPrecision(3)))}`
    : `no suggestion: ${suggestion.reason}`;
  return {
    data,
    layout: figureLayout(
      `${title}<br><sub>${summary}<br>stopped (${stoppedAt.reason}): ${stoppedAt.message}</sub>`,
      { title: { text: 'learning rate (log scale)' }, type: 'log', exponentformat: 'e', ...logAxisTicks(lrs) },
      { title: { text: 'loss' }, ...(logY ? { type: 'log' as const, ...logAxisTicks(plotted) } : {}) },
      440 + 22 * data.length,
      80,
    ),
  };
}
