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
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: new KerasSGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'meanSquaredError' });
 * const momentum = new CyclicMomentum({ schedule: new OneCycle({ maxLr: 0.1, totalSteps: 4 }) });
 * const scheduler = new MomentumScheduler(momentum);
 * await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), { epochs: 2, batchSize: 2, verbose: 0, callbacks: [scheduler] });
 * assert.deepEqual(scheduler.applied.map((a) => a.momentum), momentum.rates(4));
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
