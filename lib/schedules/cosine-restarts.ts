import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkInterval, checkPositive, checkRate, checkUnit } from './validate';

export interface CosineRestartsOptions {
  initialLr: number;
  /** Steps of the first period, > 0. */
  firstDecaySteps: number;
  /** Each period is `tMul` times longer than the one before, ≥ 1 (default 2). */
  tMul?: number;
  /** Each restart's peak is `mMul` times the one before, > 0 (default 1). */
  mMul?: number;
  /** The floor as a fraction of initialLr, in [0, 1] (default 0). */
  alpha?: number;
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Cosine decay with warm restarts (SGDR), as Keras' `CosineDecayRestarts`; with `mMul = 1` it equals PyTorch's
 * `CosineAnnealingWarmRestarts(T_0 = firstDecaySteps, T_mult = tMul, eta_min = alpha · initialLr)`.
 *
 *     α(t) = initialLr · ((1 − alpha) · mMul^i · ½(1 + cos(π · (t − Sᵢ) / Tᵢ)) + alpha)
 *     Tᵢ = firstDecaySteps · tMul^i,  Sᵢ = T₀ + … + Tᵢ₋₁,  i = the period that holds t
 *
 * The period index is found exactly (Keras takes it from float32 logarithms, which can land one period off at a
 * restart boundary).
 *
 * @example
 * const schedule = new CosineRestarts({ initialLr: 0.1, firstDecaySteps: 10, tMul: 2 });
 * assert.ok(schedule.at(9) < 0.01);
 * assert.equal(schedule.at(10), 0.1); // the first restart
 */
export class CosineRestarts extends Schedule {
  readonly name = 'CosineRestarts';
  readonly formula =
    'α = initialLr · ((1 − alpha) · mMulⁱ · ½(1 + cos(π · (t − Sᵢ) / Tᵢ)) + alpha), Tᵢ = firstDecaySteps · tMulⁱ';
  readonly unit: StepUnit;
  readonly initialLr: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;

  constructor({
    initialLr,
    firstDecaySteps,
    tMul = 2,
    mMul = 1,
    alpha = 0,
    unit = 'iteration',
  }: CosineRestartsOptions) {
    super();
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    this.firstDecaySteps = checkPositive(this.name, 'firstDecaySteps', firstDecaySteps);
    this.tMul = checkInterval(this.name, 'tMul', tMul, [1, Infinity], { hi: true });
    this.mMul = checkPositive(this.name, 'mMul', mMul);
    this.alpha = checkInterval(this.name, 'alpha', alpha, [0, 1]);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, CosineRestarts);
  }

  protected rate(t: number): number {
    let i = 0;
    let start = 0;
    let period = this.firstDecaySteps;
    if (this.tMul === 1) {
      i = Math.floor(t / period);
      start = i * period;
    } else {
      while (t >= start + period) {
        start += period;
        period *= this.tMul;
        i += 1;
      }
    }
    const cosine = 0.5 * this.mMul ** i * (1 + Math.cos((Math.PI * (t - start)) / period));
    return this.initialLr * ((1 - this.alpha) * cosine + this.alpha);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { initialLr, firstDecaySteps, tMul, mMul, alpha, unit } = this;
    return { initialLr, firstDecaySteps, tMul, mMul, alpha, unit };
  }
}
