import type * as tf from '@tensorflow/tfjs-core';
import type { Schedule } from '../schedules';
import { setLearningRate } from './learning-rate';
import { ScheduleCallback, type ScheduleCallbackOptions } from './schedule-callback';

/** One rate set by the scheduler: the epoch and global iteration it took effect at. */
export interface AppliedRate {
  epoch: number;
  iteration: number;
  lr: number;
}

export type LearningRateSchedulerOptions = ScheduleCallbackOptions;

/**
 * Applies a schedule during `model.fit`, as Keras' `LearningRateScheduler` — and per batch for per-iteration
 * schedules, which Keras leaves to the optimizer (see `ScheduleCallback` for when rates are set and checked).
 *
 * Works with every tfjs optimizer (see `setLearningRate`). The rate in force at the end of each epoch is added to
 * the epoch logs, and so to `History`, as `lr`.
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
 * const schedule = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 2 });
 * const history = await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), {
 *   epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler(schedule)],
 * });
 * assert.deepEqual(history.history.lr, schedule.rates(3));
 */
export class LearningRateScheduler extends ScheduleCallback<AppliedRate> {
  constructor(schedule: Schedule, options: LearningRateSchedulerOptions = {}) {
    super('LearningRateScheduler', 'lr', schedule, options);
  }

  protected set(optimizer: tf.Optimizer, lr: number): void {
    setLearningRate(optimizer, lr);
  }

  protected entry(epoch: number, iteration: number, lr: number): AppliedRate {
    return { epoch, iteration, lr };
  }
}
