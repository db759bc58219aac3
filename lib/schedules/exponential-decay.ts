import { type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import { checkBoolean, checkNonNegativeInteger, checkPositive, checkRate, checkUnit } from './validate';

export interface ExponentialDecayOptions {
  initialLr: number;
  /** Steps over which the rate is multiplied by `decayRate` once, > 0. */
  decaySteps: number;
  /** The multiplier per `decaySteps`, > 0 (above 1 the rate grows, as in a learning-rate range test). */
  decayRate: number;
  /** Whether the exponent is floored, giving a staircase (default false). */
  staircase?: boolean;
  /** Steps the rate holds initialLr before the decay starts, an integer ≥ 0 (optax's `transition_begin`, default 0). */
  transitionBegin?: number;
  /**
   * Where the decay stops (optax's `end_value`): a floor when decayRate < 1, a ceiling when it is above 1
   * (default none).
   */
  endLr?: number;
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Exponential decay, as Keras' `ExponentialDecay` and optax's `exponential_decay`; PyTorch's `ExponentialLR(gamma)`
 * and `MultiplicativeLR` with a constant factor are `decaySteps: 1, decayRate: gamma`, its `StepLR(step_size, gamma)`
 * is `decaySteps: step_size, decayRate: gamma, staircase: true`.
 *
 *     α(t) = initialLr · decayRate ^ (s / decaySteps),  s = t − transitionBegin   (staircase: ⌊s / decaySteps⌋)
 *
 * Before `transitionBegin` the rate is initialLr; with `endLr` every rate is bounded by it (max with endLr when
 * decaying, min when growing — as optax, before transitionBegin too).
 *
 * @example
 * const schedule = new ExponentialDecay({ initialLr: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
 * assert.deepEqual([schedule.at(0), schedule.at(9), schedule.at(10)], [0.1, 0.1, 0.05]);
 */
export class ExponentialDecay extends Schedule {
  readonly name = 'ExponentialDecay';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly transitionBegin: number;
  readonly endLr: number | undefined;

  constructor({
    initialLr,
    decaySteps,
    decayRate,
    staircase = false,
    transitionBegin = 0,
    endLr,
    unit = 'iteration',
  }: ExponentialDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decaySteps = checkPositive(this.name, 'decaySteps', decaySteps);
    this.decayRate = checkPositive(this.name, 'decayRate', decayRate);
    this.staircase = checkBoolean(this.name, 'staircase', staircase);
    this.transitionBegin = checkNonNegativeInteger(this.name, 'transitionBegin', transitionBegin);
    this.endLr = endLr === undefined ? undefined : checkRate(this.name, 'endLr', endLr);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, ExponentialDecay);
  }

  get formula(): string {
    const s = this.transitionBegin === 0 ? 't' : '(t − transitionBegin)';
    const power = this.staircase ? `⌊${s} / decaySteps⌋` : `(${s} / decaySteps)`;
    const decay = `initialLr · decayRate^${power}`;
    if (this.endLr === undefined) return `α = ${decay}`;
    return `α = ${this.decayRate < 1 ? 'max' : 'min'}(${decay}, endLr)`;
  }

  protected rate(t: number): number {
    const p = Math.max(0, t - this.transitionBegin) / this.decaySteps;
    const decayed = this.initialLr * this.decayRate ** (this.staircase ? Math.floor(p) : p);
    if (this.endLr === undefined) return decayed;
    return this.decayRate < 1 ? Math.max(decayed, this.endLr) : Math.min(decayed, this.endLr);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { initialLr, decaySteps, decayRate, staircase, transitionBegin, unit } = this;
    return { initialLr, decaySteps, decayRate, staircase, transitionBegin, endLr: this.endLr ?? null, unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), { transitionBegin: 0, endLr: null });
  }
}
