import type * as tf from '@tensorflow/tfjs-core';
import type { Schedule } from '../schedules';
import { setMomentum } from './momentum';
import { ScheduleCallback, type ScheduleCallbackOptions } from './schedule-callback';

/** One momentum set by the scheduler: the epoch and global iteration it took effect at. */
export interface AppliedMomentum {
  epoch: number;
  iteration: number;
  momentum: number;
}

export type MomentumSchedulerOptions = ScheduleCallbackOptions;

/**
 * Applies a momentum schedule during `model.fit` — typically a `CyclicMomentum`, which cycles the momentum against
 * a `OneCycle` or `CyclicLR` rate as PyTorch's `cycle_momentum` does. Use it beside a `LearningRateScheduler` for
 * the rate. Works with `KerasSGD` and tfjs' `tf.train.momentum` (see `setMomentum`); the momentum in force at the
 * end of each epoch is added to the epoch logs, and so to `History`, as `momentum`.
 */
export class MomentumScheduler extends ScheduleCallback<AppliedMomentum> {
  constructor(schedule: Schedule, options: MomentumSchedulerOptions = {}) {
    super('MomentumScheduler', 'momentum', schedule, options);
  }

  protected set(optimizer: tf.Optimizer, momentum: number): void {
    setMomentum(optimizer, momentum);
  }

  protected entry(epoch: number, iteration: number, momentum: number): AppliedMomentum {
    return { epoch, iteration, momentum };
  }
}
