import * as tf from '@tensorflow/tfjs';
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
  /** The smallest change that counts as an improvement, ≥ 0 (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again, an integer ≥ 0 (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this, ≥ 0 (default 0). */
  minLr?: number;
  /** Print a line at each reduction (default false). */
  verbose?: boolean;
}

/**
 * Reduces the rate when a metric has stopped improving, with the semantics of Keras' `ReduceLROnPlateau`: after
 * `patience` epochs without an improvement of more than `minDelta`, the rate becomes max(lr · factor, minLr); then
 * `cooldown` epochs pass before epochs without improvement are counted again. It adds the rate to the epoch logs
 * as `lr`.
 *
 * It is a callback rather than a `Schedule`: the rate depends on the metrics, not on the step alone.
 */
export class ReduceLROnPlateau extends tf.Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: boolean;
  private best = 0;
  private wait = 0;
  private cooldownCounter = 0;

  constructor({ monitor = 'val_loss', factor = 0.1, patience = 10, mode = 'auto', minDelta = 1e-4, cooldown = 0, minLr = 0, verbose = false }: ReduceLROnPlateauOptions = {}) {
    super();
    const fail = (param: string, allowed: string, value: unknown): never => {
      throw new RangeError(`ReduceLROnPlateau: ${param} must be ${allowed} (got ${String(value)}).`);
    };
    if (!(factor > 0 && factor < 1)) fail('factor', 'in (0, 1)', factor);
    if (!Number.isInteger(patience) || patience < 0) fail('patience', 'an integer ≥ 0', patience);
    if (!Number.isInteger(cooldown) || cooldown < 0) fail('cooldown', 'an integer ≥ 0', cooldown);
    if (!(minDelta >= 0 && Number.isFinite(minDelta))) fail('minDelta', 'a finite number ≥ 0', minDelta);
    if (!(minLr >= 0 && Number.isFinite(minLr))) fail('minLr', 'a finite rate ≥ 0', minLr);
    if (!['auto', 'min', 'max'].includes(mode)) fail('mode', "one of 'auto', 'min', 'max'", mode);
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.mode = mode === 'auto' ? (monitor.includes('acc') ? 'max' : 'min') : mode;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.verbose = verbose;
    this.reset();
  }

  private reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  private improves(current: number): boolean {
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
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      // As Keras: the epoch that ends the cooldown already counts towards patience.
      this.wait += 1;
      const oldLr = getLearningRate(optimizer);
      if (this.wait >= this.patience && oldLr > this.minLr) {
        const newLr = Math.max(oldLr * this.factor, this.minLr);
        setLearningRate(optimizer, newLr);
        if (this.verbose) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}
