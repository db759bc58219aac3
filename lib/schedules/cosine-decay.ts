import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkInterval, checkNonNegativeInteger, checkPositive, checkRate, checkUnit, ScheduleParameterError } from './validate';

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
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Cosine decay with optional linear warmup, as Keras 3's `CosineDecay`.
 *
 *     warmup (t < W):  α(t) = initialLr + (warmupTarget − initialLr) · t / W
 *     decay:           α(t) = peak · ((1 − alpha) · ½ · (1 + cos(π · s / decaySteps)) + alpha),
 *                     s = min(t − W, decaySteps),  peak = warmupTarget, or initialLr without warmup
 *
 * After `W + decaySteps` steps the rate stays at `alpha · peak`, as in Keras.
 */
export class CosineDecay extends Schedule {
  readonly name = 'CosineDecay';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupSteps: number;
  readonly warmupTarget: number | undefined;

  constructor({ initialLr, decaySteps, alpha = 0, warmupSteps = 0, warmupTarget, unit = 'iteration' }: CosineDecayOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.decaySteps = checkPositive(this.name, 'decaySteps', decaySteps);
    this.alpha = checkInterval(this.name, 'alpha', alpha, [0, 1]);
    this.warmupSteps = checkNonNegativeInteger(this.name, 'warmupSteps', warmupSteps);
    this.warmupTarget = warmupTarget === undefined ? undefined : checkRate(this.name, 'warmupTarget', warmupTarget);
    if ((this.warmupSteps > 0) !== (this.warmupTarget !== undefined)) {
      throw new ScheduleParameterError(
        `${this.name}: warmupSteps > 0 and warmupTarget go together (got warmupSteps=${warmupSteps}, warmupTarget=${warmupTarget}). ` +
          'Give both for a warmup from initialLr to warmupTarget, or neither.',
      );
    }
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  get formula(): string {
    const decay = `${this.warmupTarget === undefined ? 'initialLr' : 'warmupTarget'} · ((1 − alpha) · ½(1 + cos(π · s / decaySteps)) + alpha)`;
    return this.warmupTarget === undefined
      ? `α = ${decay}, s = min(t, decaySteps)`
      : `α = initialLr + (warmupTarget − initialLr) · t / warmupSteps for t < warmupSteps, then ${decay}, s = min(t − warmupSteps, decaySteps)`;
  }

  protected rate(t: number): number {
    const w = this.warmupSteps;
    if (this.warmupTarget !== undefined && t < w) {
      return (this.warmupTarget - this.initialLr) * (t / w) + this.initialLr;
    }
    const s = Math.min(t - w, this.decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * s) / this.decaySteps));
    return (this.warmupTarget ?? this.initialLr) * ((1 - this.alpha) * cosine + this.alpha);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { initialLr, decaySteps, alpha, warmupSteps, unit } = this;
    return { initialLr, decaySteps, alpha, warmupSteps, warmupTarget: this.warmupTarget ?? null, unit };
  }
}
