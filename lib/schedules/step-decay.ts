import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkInterval, checkPositive, checkRate, checkUnit } from './validate';

export interface StepDecayOptions {
  /** The initial rate α₀ (default 0.01). */
  initAlpha?: number;
  /** The rate is multiplied by this at each drop, in (0, 1] (default 0.25). */
  factor?: number;
  /** Epochs between drops, > 0 (default 10). */
  dropEvery?: number;
  /** Default 'epoch'. */
  unit?: StepUnit;
}

/**
 * Step-based decay, as in the article's `StepDecay`: the rate drops by `factor` every `dropEvery` epochs.
 *
 *     α(E) = initAlpha · factor ^ ⌊(1 + E) / dropEvery⌋
 *
 * The `1 +` is the article's: with the defaults the first drop comes at epoch 9 (the tenth epoch, 0-based).
 *
 * @example
 * const schedule = new StepDecay({ initAlpha: 0.01, factor: 0.25, dropEvery: 10 });
 * assert.equal(schedule.at(8), 0.01);
 * assert.equal(schedule.at(9), 0.0025); // ⌊(1 + 9) / 10⌋ = 1 drop
 */
export class StepDecay extends Schedule {
  readonly name = 'StepDecay';
  readonly formula = 'α = initAlpha · factor^⌊(1 + E) / dropEvery⌋';
  readonly unit: StepUnit;
  readonly initAlpha: number;
  readonly factor: number;
  readonly dropEvery: number;

  constructor({ initAlpha = 0.01, factor = 0.25, dropEvery = 10, unit = 'epoch' }: StepDecayOptions = {}) {
    super();
    this.initAlpha = checkRate(this.name, 'initAlpha', initAlpha);
    this.factor = checkInterval(
      this.name,
      'factor',
      factor,
      [0, 1],
      { lo: true },
      'The rate is multiplied by factor at each drop: to divide it by 4, use 0.25.',
    );
    this.dropEvery = checkPositive(this.name, 'dropEvery', dropEvery);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, StepDecay);
  }

  protected rate(t: number): number {
    return this.initAlpha * this.factor ** Math.floor((1 + t) / this.dropEvery);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { initAlpha: this.initAlpha, factor: this.factor, dropEvery: this.dropEvery, unit: this.unit };
  }
}
