import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../schedules';
import { optimizerOf, setLearningRate } from './learning-rate';
import type { UnresolvedLogs } from './logs';

/** One rate set by the scheduler: the epoch and global iteration it took effect at. */
export interface AppliedRate {
  epoch: number;
  iteration: number;
  lr: number;
}

export interface LearningRateSchedulerOptions {
  /** The global iteration counter to start from (e.g. when resuming a run); default 0. */
  initialIteration?: number;
}

/**
 * Applies a schedule during `model.fit`, as Keras' `LearningRateScheduler` — and per batch for per-iteration
 * schedules, which Keras leaves to the optimizer.
 *
 * - `unit: 'epoch'`: the rate `schedule.at(epoch)` is set at the start of each epoch (`epoch` as `fit` counts it,
 *   so `initialEpoch` resumes the schedule where it stopped).
 * - `unit: 'iteration'`: the rate `schedule.at(i)` is set before each batch, `i` being a global count of batch
 *   updates kept by this callback across `fit` calls.
 *
 * Works with every tfjs optimizer (see `setLearningRate`). The rate in force at the end of each epoch is added to
 * the epoch logs, and so to `History`, as `lr`. Before training starts, it checks that the schedule is defined for
 * every step the run will take, so a run does not fail halfway.
 */
export class LearningRateScheduler extends tf.Callback {
  readonly schedule: Schedule;
  /** Every rate set, in order: one per epoch, or one per batch update. */
  readonly applied: AppliedRate[] = [];
  private iterationCount: number;
  private epoch = 0;
  private coverageChecked = false;

  constructor(schedule: Schedule, { initialIteration = 0 }: LearningRateSchedulerOptions = {}) {
    super();
    if (!Number.isInteger(initialIteration) || initialIteration < 0) {
      throw new RangeError(`LearningRateScheduler: initialIteration must be an integer ≥ 0 (got ${initialIteration}).`);
    }
    this.schedule = schedule;
    this.iterationCount = initialIteration;
  }

  /** Batch updates seen so far (plus `initialIteration`): the step a per-iteration schedule is at. */
  get iteration(): number {
    return this.iterationCount;
  }

  override async onTrainBegin(): Promise<void> {
    optimizerOf(this.model, 'LearningRateScheduler');
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
    const perEpoch = typeof steps === 'number' ? steps : samples && batchSize ? Math.ceil(samples / batchSize) : undefined;
    if (perEpoch !== undefined) this.schedule.at(this.iterationCount + (epochs - firstEpoch) * perEpoch - 1);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.schedule.unit === 'iteration') this.apply(this.schedule.at(this.iterationCount));
  }

  override async onBatchEnd(): Promise<void> {
    this.iterationCount += 1;
  }

  override async onEpochEnd(_epoch: number, logs?: UnresolvedLogs): Promise<void> {
    const last = this.applied[this.applied.length - 1];
    if (logs && last) logs['lr'] = last.lr;
  }

  private apply(lr: number): void {
    setLearningRate(optimizerOf(this.model, 'LearningRateScheduler'), lr);
    this.applied.push({ epoch: this.epoch, iteration: this.iterationCount, lr });
  }
}
