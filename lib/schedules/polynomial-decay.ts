import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkPositive, checkRate, checkUnit, failBeyondRange } from './validate';

export interface PolynomialDecayOptions {
  /** The epoch at which the rate reaches 0, > 0 (default 100). */
  maxEpochs?: number;
  /** The initial rate α₀ (default 0.01). */
  initAlpha?: number;
  /** The exponent, > 0; 1 gives the article's linear decay (default 1). */
  power?: number;
  /** Default 'epoch'. */
  unit?: StepUnit;
}

/**
 * Polynomial decay, as in the article's `PolynomialDecay` (power 1 is its "linear" schedule).
 *
 *     α(E) = initAlpha · (1 − E / maxEpochs) ^ power,   0 ≤ E ≤ maxEpochs
 *
 * The rate reaches 0 at `E = maxEpochs`; steps beyond that are outside the schedule and throw.
 */
export class PolynomialDecay extends Schedule {
  readonly name = 'PolynomialDecay';
  readonly formula = 'α = initAlpha · (1 − E / maxEpochs)^power';
  readonly unit: StepUnit;
  readonly maxEpochs: number;
  readonly initAlpha: number;
  readonly power: number;

  constructor({ maxEpochs = 100, initAlpha = 0.01, power = 1, unit = 'epoch' }: PolynomialDecayOptions = {}) {
    super();
    this.maxEpochs = checkPositive(this.name, 'maxEpochs', maxEpochs);
    this.initAlpha = checkRate(this.name, 'initAlpha', initAlpha);
    this.power = checkPositive(this.name, 'power', power);
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  protected override checkInRange(t: number): void {
    if (t > this.maxEpochs) {
      failBeyondRange(this, t, this.maxEpochs, 'The rate reaches 0 at maxEpochs: set maxEpochs to the number of epochs you train.');
    }
  }

  protected rate(t: number): number {
    return this.initAlpha * (1 - t / this.maxEpochs) ** this.power;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { maxEpochs: this.maxEpochs, initAlpha: this.initAlpha, power: this.power, unit: this.unit };
  }
}
