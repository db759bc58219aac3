import { type AfterEnd, type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import { checkNonNegativeInteger, checkOneOf, checkPositive, checkRate, checkUnit, failBeyondRange } from './validate';

/** What `PolynomialDecay` does after `maxEpochs`: throw, hold `endAlpha`, or start a longer decay (Keras' `cycle`). */
export type PolynomialAfterEnd = AfterEnd | 'cycle';

export interface PolynomialDecayOptions {
  /** Steps of the decay, > 0: the rate reaches `endAlpha` at `transitionBegin + maxEpochs` (default 100). */
  maxEpochs?: number;
  /** The initial rate α₀ (default 0.01). */
  initAlpha?: number;
  /** The exponent, > 0; 1 gives the article's linear decay (default 1). */
  power?: number;
  /** The rate at the end of the decay (default 0, the article's; Keras' `PolynomialDecay` defaults to 1e-4). */
  endAlpha?: number;
  /**
   * After the end: 'throw' (default — the article's lesson: set maxEpochs to the epochs you train), 'hold'
   * (stay at endAlpha, as Keras, optax and PyTorch's `PolynomialLR`) or 'cycle' (Keras' `cycle=True`).
   */
  afterEnd?: PolynomialAfterEnd;
  /** Steps the rate holds initAlpha before the decay starts, an integer ≥ 0 (optax's `transition_begin`, default 0). */
  transitionBegin?: number;
  /** Default 'epoch'. */
  unit?: StepUnit;
}

const DEFAULTS = { endAlpha: 0, afterEnd: 'throw', transitionBegin: 0 } as const;

/**
 * Polynomial decay, as in the article's `PolynomialDecay` (power 1 is its "linear" schedule), with Keras'
 * `end_learning_rate` and `cycle` and optax's `transition_begin`.
 *
 *     α(E) = (initAlpha − endAlpha) · (1 − s / D) ^ power + endAlpha,   s = E − transitionBegin
 *
 * with `D = maxEpochs`; before `transitionBegin` the rate is `initAlpha`. Past `s = maxEpochs`: 'throw' throws,
 * 'hold' keeps `s = maxEpochs` (the rate stays `endAlpha`), 'cycle' stretches the decay as Keras does,
 * `D = maxEpochs · ⌈s / maxEpochs⌉`. With the defaults (endAlpha 0, no transitionBegin) this is exactly the
 * article's `initAlpha · (1 − E / maxEpochs) ^ power`.
 *
 * @example
 * const linear = new PolynomialDecay({ maxEpochs: 100, initAlpha: 0.1, power: 1 });
 * assert.equal(linear.at(50), 0.05);
 */
export class PolynomialDecay extends Schedule {
  readonly name = 'PolynomialDecay';
  readonly unit: StepUnit;
  readonly maxEpochs: number;
  readonly initAlpha: number;
  readonly power: number;
  readonly endAlpha: number;
  readonly afterEnd: PolynomialAfterEnd;
  readonly transitionBegin: number;

  constructor({
    maxEpochs = 100,
    initAlpha = 0.01,
    power = 1,
    endAlpha = DEFAULTS.endAlpha,
    afterEnd = DEFAULTS.afterEnd,
    transitionBegin = DEFAULTS.transitionBegin,
    unit = 'epoch',
  }: PolynomialDecayOptions = {}) {
    super();
    this.maxEpochs = checkPositive(this.name, 'maxEpochs', maxEpochs);
    this.initAlpha = checkRate(this.name, 'initAlpha', initAlpha);
    this.power = checkPositive(this.name, 'power', power);
    this.endAlpha = checkRate(this.name, 'endAlpha', endAlpha);
    this.afterEnd = checkOneOf(this.name, 'afterEnd', afterEnd, ['throw', 'hold', 'cycle']);
    this.transitionBegin = checkNonNegativeInteger(this.name, 'transitionBegin', transitionBegin);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, PolynomialDecay);
  }

  get formula(): string {
    const s = this.transitionBegin === 0 ? 'E' : 's';
    const decay = `(1 − ${s} / maxEpochs)^power`;
    const alpha = this.endAlpha === 0 ? `initAlpha · ${decay}` : `(initAlpha − endAlpha) · ${decay} + endAlpha`;
    return `α = ${alpha}${this.transitionBegin === 0 ? '' : ', s = E − transitionBegin'}`;
  }

  protected override checkInRange(t: number): void {
    const last = this.transitionBegin + this.maxEpochs;
    if (this.afterEnd === 'throw' && t > last) {
      failBeyondRange(
        this,
        t,
        last,
        "The rate reaches endAlpha at maxEpochs: set maxEpochs to the number of epochs you train, or pass afterEnd: 'hold' to keep endAlpha.",
      );
    }
  }

  protected rate(t: number): number {
    const s = t - this.transitionBegin;
    if (s < 0) return this.initAlpha;
    const d = this.afterEnd === 'cycle' ? this.maxEpochs * Math.max(1, Math.ceil(s / this.maxEpochs)) : this.maxEpochs;
    const p = Math.min(s, d) / d;
    return (this.initAlpha - this.endAlpha) * (1 - p) ** this.power + this.endAlpha;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { maxEpochs, initAlpha, power, endAlpha, afterEnd, transitionBegin, unit } = this;
    return { maxEpochs, initAlpha, power, endAlpha, afterEnd, transitionBegin, unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), DEFAULTS);
  }
}
