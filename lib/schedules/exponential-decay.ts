import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkPositive, checkRate, checkUnit } from './validate';

export interface ExponentialDecayOptions {
  initialLr: number;
  /** Steps over which the rate is multiplied by `decayRate` once, > 0. */
  decaySteps: number;
  /** The multiplier per `decaySteps`, > 0 (above 1 the rate grows, as in a learning-rate range test). */
  decayRate: number;
  /** Whether the exponent is floored, giving a staircase (default false). */
  staircase?: boolean;
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Exponential decay, as Keras' `ExponentialDecay`.
 *
 *     α(t) = initialLr · decayRate ^ (t / decaySteps)        (staircase: ⌊t / decaySteps⌋)
 */
export class ExponentialDecay extends Schedule {
  readonly name = 'ExponentialDecay';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor({ initialLr, decaySteps, decayRate, staircase = false, unit = 'iteration' }: ExponentialDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decaySteps = checkPositive(this.name, 'decaySteps', decaySteps);
    this.decayRate = checkPositive(this.name, 'decayRate', decayRate);
    this.staircase = staircase;
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  get formula(): string {
    return this.staircase ? 'α = initialLr · decayRate^⌊t / decaySteps⌋' : 'α = initialLr · decayRate^(t / decaySteps)';
  }

  protected rate(t: number): number {
    const p = t / this.decaySteps;
    return this.initialLr * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { initialLr, decaySteps, decayRate, staircase, unit } = this;
    return { initialLr, decaySteps, decayRate, staircase, unit };
  }
}
