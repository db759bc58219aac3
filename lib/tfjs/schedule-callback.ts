import type * as tf from '@tensorflow/tfjs-core';
import { Callback } from '@tensorflow/tfjs-layers';
import type { Schedule } from '../schedules';
import { checkNonNegativeInteger } from '../schedules/validate';
import { optimizerOf } from './learning-rate';
import type { UnresolvedLogs } from './logs';

export interface ScheduleCallbackOptions {
  /** The global iteration counter to start from (e.g. when resuming a run); default 0. */
  initialIteration?: number;
}

/**
 * Applies a schedule to one optimizer hyper-parameter during `model.fit` — the rate (`LearningRateScheduler`) or
 * the momentum (`MomentumScheduler`).
 *
 * - `unit: 'epoch'`: `schedule.at(epoch)` is set at the start of each epoch (`epoch` as `fit` counts it, so
 *   `initialEpoch` resumes the schedule where it stopped).
 * - `unit: 'iteration'`: `schedule.at(i)` is set before each batch, `i` being a global count of batch updates kept
 *   by this callback across `fit` calls.
 *
 * The value in force at the end of each epoch is added to the epoch logs, and so to `History`, under `logKey`.
 * Before training starts, it checks that the schedule is defined for every step the run will take, so a run does
 * not fail halfway.
 *
 * @example
 * // Scheduling another hyper-parameter: Adam's epsilon.
 * class EpsilonScheduler extends ScheduleCallback<number> {
 *   constructor(schedule: Schedule) {
 *     super('EpsilonScheduler', 'epsilon', schedule, {});
 *   }
 *   protected set(optimizer: tf.Optimizer, value: number): void {
 *     (optimizer as unknown as { epsilon: number }).epsilon = value;
 *   }
 *   protected entry(_epoch: number, _iteration: number, value: number): number {
 *     return value;
 *   }
 * }
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
 * const scheduler = new EpsilonScheduler(new StepDecay({ initAlpha: 1e-7, factor: 0.1, dropEvery: 1 }));
 * const history = await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), { epochs: 2, verbose: 0, callbacks: [scheduler] });
 * assert.deepEqual(history.history.epsilon, scheduler.applied);
 */
export abstract class ScheduleCallback<Entry> extends Callback {
  readonly schedule: Schedule;
  /** Every value set, in order: one per epoch, or one per batch update. */
  readonly applied: Entry[] = [];
  private iterationCount: number;
  private epoch = 0;
  private coverageChecked = false;
  private last: number | undefined;

  protected constructor(
    private readonly owner: string,
    private readonly logKey: string,
    schedule: Schedule,
    { initialIteration = 0 }: ScheduleCallbackOptions,
  ) {
    super();
    this.schedule = schedule;
    this.iterationCount = checkNonNegativeInteger(owner, 'initialIteration', initialIteration);
  }

  /** Sets `value` on the optimizer (throwing when the optimizer cannot take it). */
  protected abstract set(optimizer: tf.Optimizer, value: number): void;

  /** The record of one value set, as kept in `applied`. */
  protected abstract entry(epoch: number, iteration: number, value: number): Entry;

  /** Batch updates seen so far (plus `initialIteration`): the step a per-iteration schedule is at. */
  get iteration(): number {
    return this.iterationCount;
  }

  override async onTrainBegin(): Promise<void> {
    optimizerOf(this.model, this.owner);
    this.coverageChecked = false;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    if (!this.coverageChecked) this.checkCoverage(epoch);
    if (this.schedule.unit === 'epoch') this.apply(this.schedule.at(epoch));
  }

  /**
   * Throws, before the first update of a `fit` call, when the schedule is not defined for every step the call will
   * take. Done at its first epoch (`fitDataset` does not pass `initialEpoch` to callbacks; the epoch number it is).
   */
  private checkCoverage(firstEpoch: number): void {
    this.coverageChecked = true;
    const { epochs, samples, batchSize, steps } = this.params as Record<string, number | undefined>;
    if (typeof epochs !== 'number') return;
    if (this.schedule.unit === 'epoch') {
      this.schedule.at(epochs - 1);
      return;
    }
    const perEpoch =
      typeof steps === 'number' ? steps : samples && batchSize ? Math.ceil(samples / batchSize) : undefined;
    if (perEpoch !== undefined) this.schedule.at(this.iterationCount + (epochs - firstEpoch) * perEpoch - 1);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.schedule.unit === 'iteration') this.apply(this.schedule.at(this.iterationCount));
  }

  override async onBatchEnd(): Promise<void> {
    this.iterationCount += 1;
  }

  override async onEpochEnd(_epoch: number, logs?: UnresolvedLogs): Promise<void> {
    if (logs && this.last !== undefined) logs[this.logKey] = this.last;
  }

  private apply(value: number): void {
    this.set(optimizerOf(this.model, this.owner), value);
    this.last = value;
    this.applied.push(this.entry(this.epoch, this.iterationCount, value));
  }
}
