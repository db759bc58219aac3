import { type Figure, figureLayout } from './figure';

/** A rate set during training at a global iteration (the shape of `LearningRateScheduler.applied`). */
export interface RatePoint {
  iteration: number;
  lr: number;
}

/**
 * The rates a scheduler set during `fit`, per batch update, with the per-epoch `lr` of `History` marked at the last
 * update of each epoch.
 *
 * @example
 * const clr = new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 4 });
 * const applied = clr.rates(16).map((lr, iteration) => ({ iteration, lr }));
 * const figure = appliedRatesFigure(applied, [clr.at(7), clr.at(15)], 8);
 * assert.equal(figure.data.length, 2); // the per-batch rates, and the rate History logged per epoch
 */
export function appliedRatesFigure(
  applied: RatePoint[],
  epochLr: number[],
  iterationsPerEpoch: number,
  title = 'Rates applied during fit',
): Figure {
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'rate of each batch update',
        x: applied.map((a) => a.iteration),
        y: applied.map((a) => a.lr),
        line: { shape: 'hv', width: 2 },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: "History's lr (end of each epoch)",
        x: epochLr.map((_, e) => (e + 1) * iterationsPerEpoch - 1),
        y: epochLr,
      },
    ],
    layout: figureLayout(
      title,
      { title: { text: 'iteration (batch update)' } },
      { title: { text: 'learning rate' }, exponentformat: 'e', rangemode: 'tozero' },
      460,
    ),
  };
}
