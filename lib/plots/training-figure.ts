import type { Figure } from './figure';
import { metricsFigure } from './metrics-figure';

/** Per-epoch training curves, as Keras' `History.history` holds them. */
export interface TrainingCurves {
  loss: number[];
  acc: number[];
  val_loss: number[];
  val_acc: number[];
}

/**
 * The article's training plot (its train_*.png): training and validation loss and accuracy on one axis.
 *
 * @example
 * const figure = trainingFigure({ loss: [2.1, 1.5], acc: [0.3, 0.5], val_loss: [2.0, 1.6], val_acc: [0.3, 0.45] }, 'Training');
 * assert.equal(figure.data.length, 4);
 */
export function trainingFigure(history: TrainingCurves, title: string): Figure {
  return metricsFigure(
    [
      { name: 'train_loss', values: history.loss },
      { name: 'val_loss', values: history.val_loss },
      { name: 'train_acc', values: history.acc, dash: 'dash' },
      { name: 'val_acc', values: history.val_acc, dash: 'dash' },
    ],
    { title, yTitle: 'loss / accuracy' },
  );
}
