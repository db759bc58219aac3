import { type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import { checkPositiveInteger, checkRate, checkUnit } from './validate';

export interface KerasDecayOptions {
  /** The rate at iteration 0. */
  initialLr: number;
  /** The `decay` argument of Keras' legacy optimizers, ≥ 0 (the article uses initialLr / epochs). */
  decay: number;
  /**
   * Keras' `InverseTimeDecay(staircase=True)`: the step counts only in whole blocks of this many steps, an integer
   * > 0 (default none: every step counts). `InverseTimeDecay(lr, decay_steps, decay_rate, staircase=True)` is
   * `{ initialLr: lr, decay: decay_rate / decay_steps, staircaseSteps: decay_steps }`.
   */
  staircaseSteps?: number;
  /** Default 'iteration' — Keras applies the decay at every batch update, not once per epoch. */
  unit?: StepUnit;
}

/**
 * Keras' "standard" time-based decay: the `decay` argument of its legacy optimizers (`SGD(lr, decay=…)`), which
 * divides the rate at every batch update — and Keras' `InverseTimeDecay` with `decay = decay_rate / decay_steps`.
 *
 *     α(t) = initialLr / (1 + decay · t),   t = iterations (batch updates) so far
 *
 * With batch 64 on 50,000 images there are 782 updates per epoch, so lr 0.01 with decay 0.01/40 is
 * 0.01 / (1 + 0.00025 · 782) ≈ 0.00836 after one epoch, not 0.01 / (1 + 0.00025) as a per-epoch reading suggests.
 *
 * @example
 * const schedule = new KerasDecay({ initialLr: 0.01, decay: 0.5 });
 * assert.deepEqual(schedule.rates(3), [0.01, 0.01 / 1.5, 0.005]);
 */
export class KerasDecay extends Schedule {
  readonly name = 'KerasDecay';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decay: number;
  readonly staircaseSteps: number | undefined;

  constructor({ initialLr, decay, staircaseSteps, unit = 'iteration' }: KerasDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decay = checkRate(this.name, 'decay', decay);
    this.staircaseSteps =
      staircaseSteps === undefined ? undefined : checkPositiveInteger(this.name, 'staircaseSteps', staircaseSteps);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, KerasDecay);
  }

  get formula(): string {
    return this.staircaseSteps === undefined
      ? 'α = initialLr / (1 + decay · t)'
      : 'α = initialLr / (1 + decay · staircaseSteps · ⌊t / staircaseSteps⌋)';
  }

  protected rate(t: number): number {
    const s = this.staircaseSteps === undefined ? t : this.staircaseSteps * Math.floor(t / this.staircaseSteps);
    return this.initialLr / (1 + this.decay * s);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return {
      initialLr: this.initialLr,
      decay: this.decay,
      staircaseSteps: this.staircaseSteps ?? null,
      unit: this.unit,
    };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), { staircaseSteps: null });
  }
}
