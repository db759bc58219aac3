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
