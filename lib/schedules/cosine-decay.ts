import { type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import {
  checkInterval,
  checkNonNegativeInteger,
  checkOneOf,
  checkPositive,
  checkRate,
  checkUnit,
  ScheduleParameterError,
} from './validate';

/** What `CosineDecay` does after decaySteps: hold the floor (Keras, optax) or continue the cosine (PyTorch). */
export type CosineAfterEnd = 'hold' | 'continue';

export interface CosineDecayOptions {
  /** The starting rate (the rate warmup starts from, when there is a warmup). */
  initialLr: number;
  /** Steps of the cosine half-wave, > 0. */
  decaySteps: number;
  /** The final rate as a fraction of the rate decayed from, in [0, 1] (default 0). */
  alpha?: number;
  /** Steps of linear warmup before the decay, ≥ 0 (default 0); needs `warmupTarget`. */
  warmupSteps?: number;
  /** The rate reached at the end of the warmup, then decayed from. */
  warmupTarget?: number;
  /** The cosine factor is raised to this power, > 0 (optax's `exponent`, default 1). */
  exponent?: number;
  /**
   * After decaySteps: 'hold' the floor (default, as Keras and optax) or 'continue' the cosine, which rises back to
   * the peak at 2 · decaySteps and so on (PyTorch's `CosineAnnealingLR` stepped past `T_max`).
   */
  afterEnd?: CosineAfterEnd;
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

const DEFAULTS = { exponent: 1, afterEnd: 'hold' } as const;

/**
 * Cosine decay with optional linear warmup, as Keras 3's `CosineDecay`, optax's `cosine_decay_schedule` (with its
 * `exponent`) and PyTorch's `CosineAnnealingLR` (`alpha = eta_min / initialLr`, `afterEnd: 'continue'`).
 *
 *     warmup (t < W):  α(t) = initialLr + (warmupTarget − initialLr) · t / W
 *     decay:           α(t) = peak · ((1 − alpha) · (½ · (1 + cos(π · s / decaySteps)))^exponent + alpha),
 *                     s = min(t − W, decaySteps),  peak = warmupTarget, or initialLr without warmup
 *
 * After `W + decaySteps` steps the rate stays at `alpha · peak`, as in Keras; with `afterEnd: 'continue'`,
 * s = t − W without the min, and the cosine rises again as PyTorch's closed form does.
 *
 * @example
 * const schedule = new CosineDecay({ initialLr: 0.1, decaySteps: 100 });
 * assert.deepEqual([schedule.at(0), schedule.at(100)], [0.1, 0]);
 */
export class CosineDecay extends Schedule {
  readonly name = 'CosineDecay';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupSteps: number;
  readonly warmupTarget: number | undefined;
  readonly exponent: number;
  readonly afterEnd: CosineAfterEnd;

  constructor({
    initialLr,
    decaySteps,
    alpha = 0,
    warmupSteps = 0,
    warmupTarget,
    exponent = DEFAULTS.exponent,
    afterEnd = DEFAULTS.afterEnd,
    unit = 'iteration',
  }: CosineDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decaySteps = checkPositive(this.name, 'decaySteps', decaySteps);
    this.alpha = checkInterval(this.name, 'alpha', alpha, [0, 1]);
    this.warmupSteps = checkNonNegativeInteger(this.name, 'warmupSteps', warmupSteps);
    this.warmupTarget = warmupTarget === undefined ? undefined : checkRate(this.name, 'warmupTarget', warmupTarget);
    if (this.warmupSteps > 0 !== (this.warmupTarget !== undefined)) {
      throw new ScheduleParameterError(
        `${this.name}: warmupSteps > 0 and warmupTarget go together (got warmupSteps=${warmupSteps}, warmupTarget=${warmupTarget}). ` +
          'Give both for a warmup from initialLr to warmupTarget, or neither.',
      );
    }
    this.exponent = checkPositive(this.name, 'exponent', exponent);
    this.afterEnd = checkOneOf(this.name, 'afterEnd', afterEnd, ['hold', 'continue']);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, CosineDecay);
  }

  get formula(): string {
    const cosine = this.exponent === 1 ? '½(1 + cos(π · s / decaySteps))' : '(½(1 + cos(π · s / decaySteps)))^exponent';
    const decay = `${this.warmupTarget === undefined ? 'initialLr' : 'warmupTarget'} · ((1 − alpha) · ${cosine} + alpha)`;
    const s = this.warmupTarget === undefined ? 't' : 't − warmupSteps';
    const step = this.afterEnd === 'hold' ? `min(${s}, decaySteps)` : s;
    return this.warmupTarget === undefined
      ? `α = ${decay}, s = ${step}`
      : `α = initialLr + (warmupTarget − initialLr) · t / warmupSteps for t < warmupSteps, then ${decay}, s = ${step}`;
  }

  protected rate(t: number): number {
    const w = this.warmupSteps;
    if (this.warmupTarget !== undefined && t < w) {
      return (this.warmupTarget - this.initialLr) * (t / w) + this.initialLr;
    }
    const s = this.afterEnd === 'hold' ? Math.min(t - w, this.decaySteps) : t - w;
    const cosine = (0.5 * (1 + Math.cos((Math.PI * s) / this.decaySteps))) ** this.exponent;
    return (this.warmupTarget ?? this.initialLr) * ((1 - this.alpha) * cosine + this.alpha);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { initialLr, decaySteps, alpha, warmupSteps, exponent, afterEnd, unit } = this;
    return {
      initialLr,
      decaySteps,
      alpha,
      warmupSteps,
      warmupTarget: this.warmupTarget ?? null,
      exponent,
      afterEnd,
      unit,
    };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), DEFAULTS);
  }
}
