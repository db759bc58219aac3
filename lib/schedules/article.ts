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
 *
 * Shorter runs keep the step decay's shape rather than its period: it drops every 15 % of the epochs (rounded, at
 * least 2), so a 100-epoch run drops every 15 epochs as in the article and a 6-epoch run every 2 epochs, instead of
 * never dropping at all. (The article's formula drops at epochs D - 1, 2D - 1, …: a period of 1 would drop before
 * the first epoch.)
 *
 * @example
 * const schedule = articleSchedule('step', { initialLr: 0.01, epochs: 100 });
 * assert.equal(schedule.describe(), 'StepDecay(initAlpha=0.01, factor=0.25, dropEvery=15) per epoch');
 */
export function articleSchedule(name: ArticleScheduleName, { initialLr, epochs }: ArticleSetup): Schedule {
  switch (name) {
    case 'none':
      return new Constant({ lr: initialLr });
    case 'standard':
      return new KerasDecay({ initialLr, decay: initialLr / epochs });
    case 'step':
      return new StepDecay({ initAlpha: initialLr, factor: 0.25, dropEvery: stepPeriod(epochs) });
    case 'linear':
      return new PolynomialDecay({ maxEpochs: epochs, initAlpha: initialLr, power: 1 });
    case 'poly':
      return new PolynomialDecay({ maxEpochs: epochs, initAlpha: initialLr, power: 5 });
    default:
      throw new RangeError(
        `articleSchedule: name must be one of ${ARTICLE_SCHEDULE_NAMES.join(', ')} (got '${String(name)}').`,
      );
  }
}

/**
 * The step decay's period for a run of `epochs`: the article's 15 of 100 epochs, scaled, at least 2.
 *
 * @example
 * assert.equal(stepPeriod(100), 15);
 * assert.equal(stepPeriod(6), 2);
 */
export function stepPeriod(epochs: number): number {
  return Math.max(2, Math.round((15 * epochs) / 100));
}
