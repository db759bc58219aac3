import type * as tf from '@tensorflow/tfjs-core';
import { Callback } from '@tensorflow/tfjs-layers';
import {
  checkFinite,
  checkInterval,
  checkNonNegative,
  checkNonNegativeInteger,
  checkOneOf,
  checkRate,
} from '../schedules/validate';
import { resolveLogs, type UnresolvedLogs } from './logs';
import { getLearningRate, optimizerOf, setLearningRate } from './learning-rate';

export interface ReduceLROnPlateauOptions {
  /** The epoch log to watch (default 'val_loss'). */
  monitor?: string;
  /** The rate is multiplied by this on a plateau, in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before a reduction, an integer ≥ 0 (default 10). */
  patience?: number;
  /** 'min', 'max', or 'auto' (default): 'max' when the monitor's name contains 'acc'. */
  mode?: 'auto' | 'min' | 'max';
  /** The smallest change that counts as an improvement, ≥ 0 (default 1e-4; PyTorch's `threshold`). */
  minDelta?: number;
  /**
   * How minDelta is measured: 'abs' (default, Keras': better than best ∓ minDelta) or 'rel' (PyTorch's default:
   * better than best · (1 ∓ minDelta)).
   */
  thresholdMode?: 'abs' | 'rel';
  /** A reduction smaller than this is skipped, ≥ 0 (PyTorch's `eps`, 1e-8 there; default 0, which is Keras'). */
  eps?: number;
  /**
   * How patience and cooldown count: 'keras' (default: reduce after `patience` epochs without improvement; the
   * epoch that ends a cooldown already counts) or 'pytorch' (reduce when more than `patience` epochs have not
   * improved; the `cooldown` epochs after a reduction are not counted). PyTorch's settings used with 'keras'
   * counting need patience + 1 and cooldown + 1.
   */
  counting?: 'keras' | 'pytorch';
  /** Epochs to wait after a reduction before counting again, an integer ≥ 0 (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this, ≥ 0 (default 0). */
  minLr?: number;
  /** Print a line at each reduction (default false). */
  verbose?: boolean;
}

/**
 * Where a `ReduceLROnPlateau` stands, JSON-compatible (PyTorch's `state_dict`): the best value so far (null before
 * the first epoch), the epochs counted without improvement, and the cooldown epochs left.
 */
export interface PlateauState {
  best: number | null;
  wait: number;
  cooldown: number;
}

/**
 * Reduces the rate when a metric has stopped improving, with the semantics of Keras' `ReduceLROnPlateau`: after
 * `patience` epochs without an improvement of more than `minDelta`, the rate becomes max(lr · factor, minLr); then
 * `cooldown` epochs pass before epochs without improvement are counted again. It adds the rate to the epoch logs
 * as `lr`. With `thresholdMode`, `eps` and `counting: 'pytorch'` it follows PyTorch's `ReduceLROnPlateau` instead
 * (whose defaults are `minDelta: 1e-4, thresholdMode: 'rel', eps: 1e-8, counting: 'pytorch'`).
 *
 * It is a callback rather than a `Schedule`: the rate depends on the metrics, not on the step alone.
 *
 * @example
 * // With x = 0 and no bias the model cannot learn: the loss never improves.
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false })] });
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
 * const plateau = new ReduceLROnPlateau({ monitor: 'loss', patience: 2, factor: 0.5 });
 * const history = await model.fit(tf.zeros([4, 1]), tf.tensor2d([[1], [-1], [1], [-1]]), {
 *   epochs: 5, verbose: 0, callbacks: [plateau],
 * });
 * assert.deepEqual(history.history.lr, [0.1, 0.1, 0.1, 0.05, 0.05]);
 * assert.equal(getLearningRate(model.optimizer), 0.025);
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly thresholdMode: 'abs' | 'rel';
  readonly eps: number;
  readonly counting: 'keras' | 'pytorch';
  readonly verbose: boolean;
  private best = 0;
  private wait = 0;
  private cooldownCounter = 0;

  constructor({
    monitor = 'val_loss',
    factor = 0.1,
    patience = 10,
    mode = 'auto',
    minDelta = 1e-4,
    cooldown = 0,
    minLr = 0,
    thresholdMode = 'abs',
    eps = 0,
    counting = 'keras',
    verbose = false,
  }: ReduceLROnPlateauOptions = {}) {
    super();
    const owner = 'ReduceLROnPlateau';
    this.monitor = monitor;
    this.factor = checkInterval(owner, 'factor', factor, [0, 1], { lo: true, hi: true });
    this.patience = checkNonNegativeInteger(owner, 'patience', patience);
    const checkedMode = checkOneOf(owner, 'mode', mode, ['auto', 'min', 'max']);
    this.mode = checkedMode === 'auto' ? (monitor.includes('acc') ? 'max' : 'min') : checkedMode;
    this.minDelta = checkNonNegative(owner, 'minDelta', minDelta);
    this.cooldown = checkNonNegativeInteger(owner, 'cooldown', cooldown);
    this.minLr = checkRate(owner, 'minLr', minLr);
    this.thresholdMode = checkOneOf(owner, 'thresholdMode', thresholdMode, ['abs', 'rel']);
    this.eps = checkNonNegative(owner, 'eps', eps);
    this.counting = checkOneOf(owner, 'counting', counting, ['keras', 'pytorch']);
    this.verbose = verbose;
    this.reset();
  }

  private reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  /** Where it stands, to save with a checkpoint (see `setState`). */
  getState(): PlateauState {
    return { best: Number.isFinite(this.best) ? this.best : null, wait: this.wait, cooldown: this.cooldownCounter };
  }

  /** Continues from a saved `getState()`; the optimizer's rate is saved and restored with the optimizer. */
  setState({ best, wait, cooldown }: PlateauState): void {
    const owner = 'ReduceLROnPlateau.setState';
    if (best !== null) checkFinite(owner, 'best', best);
    this.wait = checkNonNegativeInteger(owner, 'wait', wait);
    this.cooldownCounter = checkNonNegativeInteger(owner, 'cooldown', cooldown);
    this.best = best ?? (this.mode === 'min' ? Infinity : -Infinity);
  }

  private improves(current: number): boolean {
    if (this.thresholdMode === 'rel') {
      return this.mode === 'min'
        ? current < this.best * (1 - this.minDelta)
        : current > this.best * (1 + this.minDelta);
    }
    return this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  override async onTrainBegin(): Promise<void> {
    this.reset();
  }

  override async onEpochEnd(epoch: number, logs: UnresolvedLogs = {}): Promise<void> {
    const optimizer = optimizerOf(this.model, 'ReduceLROnPlateau');
    const current = (await resolveLogs(logs))[this.monitor];
    if (current === undefined) {
      throw new Error(
        `ReduceLROnPlateau: the epoch logs have no '${this.monitor}' to monitor (they have ${Object.keys(logs).join(', ')}). ` +
          "Pass validationData (or validationSplit) to fit for 'val_*' metrics, or choose one of those.",
      );
    }
    logs['lr'] = getLearningRate(optimizer);
    this.step(current, optimizer, epoch);
  }

  /**
   * Counts one epoch whose monitored value is `current`, reducing the optimizer's rate when the plateau is long
   * enough; says whether it did. (`onEpochEnd` calls it; call it directly when training epoch by epoch.)
   */
  step(current: number, optimizer: tf.Optimizer, epoch = 0): boolean {
    return this.counting === 'pytorch'
      ? this.countPytorch(current, optimizer, epoch)
      : this.countKeras(current, optimizer, epoch);
  }

  /** Keras' `on_epoch_end`: the epoch that ends a cooldown already counts towards patience. */
  private countKeras(current: number, optimizer: tf.Optimizer, epoch: number): boolean {
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait += 1;
      if (this.wait >= this.patience && this.reduce(optimizer, epoch)) {
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
        return true;
      }
    }
    return false;
  }

  /** PyTorch's `step(metrics)`: bad epochs in a cooldown are not counted; a reduction needs more than `patience`. */
  private countPytorch(current: number, optimizer: tf.Optimizer, epoch: number): boolean {
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else {
      this.wait += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.wait > this.patience) {
      const reduced = this.reduce(optimizer, epoch);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
      return reduced;
    }
    return false;
  }

  /** Sets max(lr · factor, minLr) unless that lowers the rate by eps or less; says whether it did. */
  private reduce(optimizer: tf.Optimizer, epoch: number): boolean {
    const oldLr = getLearningRate(optimizer);
    const newLr = Math.max(oldLr * this.factor, this.minLr);
    if (!(oldLr - newLr > this.eps)) return false;
    setLearningRate(optimizer, newLr);
    if (this.verbose) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
    return true;
  }
}
