import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkRate, checkUnit } from './validate';

export interface ConstantOptions {
  /** The rate at every step. */
  lr: number;
  /** Default 'epoch'. */
  unit?: StepUnit;
}

/**
 * A constant rate — the article's "no schedule" baseline.
 *
 *     α(t) = lr
 *
 * @example
 * const schedule = new Constant({ lr: 0.01 });
 * assert.deepEqual(schedule.rates(3), [0.01, 0.01, 0.01]);
 */
export class Constant extends Schedule {
  readonly name = 'Constant';
  readonly formula = 'α = lr';
  readonly unit: StepUnit;
  readonly lr: number;

  constructor({ lr, unit = 'epoch' }: ConstantOptions) {
    super();
    this.lr = checkRate(this.name, 'lr', lr);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, Constant);
  }

  protected rate(): number {
    return this.lr;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { lr: this.lr, unit: this.unit };
  }
}
