import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkRate, checkUnit } from './validate';

export interface KerasDecayOptions {
  /** The rate at iteration 0. */
  initialLr: number;
  /** The `decay` argument of Keras' legacy optimizers, ≥ 0 (the article uses initialLr / epochs). */
  decay: number;
  /** Default 'iteration' — Keras applies the decay at every batch update, not once per epoch. */
  unit?: StepUnit;
}

/**
 * Keras' "standard" time-based decay: the `decay` argument of its legacy optimizers (`SGD(lr, decay=…)`), which
 * divides the rate at every batch update.
 *
 *     α(t) = initialLr / (1 + decay · t),   t = iterations (batch updates) so far
 *
 * With batch 64 on 50,000 images there are 782 updates per epoch, so lr 0.01 with decay 0.01/40 is
 * 0.01 / (1 + 0.00025 · 782) ≈ 0.00836 after one epoch, not 0.01 / (1 + 0.00025) as a per-epoch reading suggests.
 */
export class KerasDecay extends Schedule {
  readonly name = 'KerasDecay';
  readonly formula = 'α = initialLr / (1 + decay · t)';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decay: number;

  constructor({ initialLr, decay, unit = 'iteration' }: KerasDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decay = checkRate(this.name, 'decay', decay);
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  protected rate(t: number): number {
    return this.initialLr / (1 + this.decay * t);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { initialLr: this.initialLr, decay: this.decay, unit: this.unit };
  }
}
