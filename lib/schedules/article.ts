import { Constant } from './constant';
import { KerasDecay } from './keras-decay';
import { PolynomialDecay } from './polynomial-decay';
import type { Schedule } from './schedule';
import { StepDecay } from './step-decay';

/** The five runs of the article's CIFAR-10 experiments, by the name its `train.py --schedule` takes. */
export type ArticleScheduleName = 'none' | 'standard' | 'step' | 'linear' | 'poly';

export const ARTICLE_SCHEDULE_NAMES: readonly ArticleScheduleName[] = ['none', 'standard', 'step', 'linear', 'poly'];

export interface ArticleSetup {
  /** The initial rate (the article: 0.1). */
  initialLr: number;
  /** Epochs of the run (the article: 100). */
  epochs: number;
}

/**
 * The article's schedules for a run: no schedule; Keras' standard decay with decay = initialLr / epochs, per
 * iteration; step decay ×0.25 every 15 epochs; linear decay; polynomial decay of power 5.
 */
export function articleSchedule(name: ArticleScheduleName, { initialLr, epochs }: ArticleSetup): Schedule {
  switch (name) {
    case 'none':
      return new Constant({ lr: initialLr });
    case 'standard':
      return new KerasDecay({ initialLr, decay: initialLr / epochs });
    case 'step':
      return new StepDecay({ initAlpha: initialLr, factor: 0.25, dropEvery: 15 });
    case 'linear':
      return new PolynomialDecay({ maxEpochs: epochs, initAlpha: initialLr, power: 1 });
    case 'poly':
      return new PolynomialDecay({ maxEpochs: epochs, initAlpha: initialLr, power: 5 });
    default:
      throw new RangeError(`articleSchedule: name must be one of ${ARTICLE_SCHEDULE_NAMES.join(', ')} (got '${String(name)}').`);
  }
}
