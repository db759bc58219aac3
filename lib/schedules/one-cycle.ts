import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkInterval, checkOneOf, checkPositive, checkPositiveInteger, checkRate, checkUnit, failBeyondRange, ScheduleParameterError } from './validate';

export type Anneal = 'cos' | 'linear';

export interface OneCycleOptions {
  /** The peak rate. */
  maxLr: number;
  /** Steps in the whole cycle (epochs × iterations per epoch), an integer > 0. */
  totalSteps: number;
  /** The fraction of the cycle spent rising, in (0, 1) (default 0.3). */
  pctStart?: number;
  /** The starting rate is maxLr / divFactor, > 0 (default 25). */
  divFactor?: number;
  /** The final rate is the starting rate / finalDivFactor, > 0 (default 1e4). */
  finalDivFactor?: number;
  /** How each phase interpolates: 'cos' (default) or 'linear'. */
  anneal?: Anneal;
  /** Default 'iteration'. */
  unit?: StepUnit;
}

/**
 * The one-cycle policy (Smith & Topin), as PyTorch's `OneCycleLR` (two phases).
 *
 *     α₀ = maxLr / divFactor,  α_min = α₀ / finalDivFactor,  p = pctStart · totalSteps − 1
 *     t ≤ p:  anneal from α₀ to maxLr over t / p
 *     t > p:  anneal from maxLr to α_min over (t − p) / (totalSteps − 1 − p)
 *     cos anneal(a, b, f) = b + (a − b) · ½(1 + cos(π f));  linear anneal(a, b, f) = a + (b − a) · f
 *
 * Defined for steps 0 … totalSteps − 1; later steps throw.
 */
export class OneCycle extends Schedule {
  readonly name = 'OneCycle';
  readonly unit: StepUnit;
  readonly maxLr: number;
  readonly totalSteps: number;
  readonly pctStart: number;
  readonly divFactor: number;
  readonly finalDivFactor: number;
  readonly anneal: Anneal;

  constructor({ maxLr, totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4, anneal = 'cos', unit = 'iteration' }: OneCycleOptions) {
    super();
    this.maxLr = checkRate(this.name, 'maxLr', maxLr);
    this.totalSteps = checkPositiveInteger(this.name, 'totalSteps', totalSteps);
    this.pctStart = checkInterval(this.name, 'pctStart', pctStart, [0, 1], { lo: true, hi: true });
    if (pctStart * totalSteps <= 1) {
      throw new ScheduleParameterError(
        `${this.name}: pctStart · totalSteps must be > 1 so that the rising phase spans at least one step (got ${pctStart} · ${totalSteps}).`,
      );
    }
    this.divFactor = checkPositive(this.name, 'divFactor', divFactor);
    this.finalDivFactor = checkPositive(this.name, 'finalDivFactor', finalDivFactor);
    this.anneal = checkOneOf(this.name, 'anneal', anneal, ['cos', 'linear']);
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  get formula(): string {
    return `α rises from maxLr / divFactor to maxLr over pctStart · totalSteps steps, then falls to maxLr / (divFactor · finalDivFactor) (${this.anneal} anneal)`;
  }

  protected override checkInRange(t: number): void {
    if (t >= this.totalSteps) {
      failBeyondRange(this, t, this.totalSteps - 1, `Build OneCycle with totalSteps = epochs × ${this.unit === 'iteration' ? 'iterations per epoch' : '1'} for the whole run.`);
    }
  }

  protected rate(t: number): number {
    const start = this.maxLr / this.divFactor;
    const peakStep = this.pctStart * this.totalSteps - 1;
    if (t <= peakStep) return this.interpolate(start, this.maxLr, t / peakStep);
    return this.interpolate(this.maxLr, start / this.finalDivFactor, (t - peakStep) / (this.totalSteps - 1 - peakStep));
  }

  private interpolate(from: number, to: number, fraction: number): number {
    return this.anneal === 'cos' ? to + ((from - to) / 2) * (Math.cos(Math.PI * fraction) + 1) : (to - from) * fraction + from;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { maxLr, totalSteps, pctStart, divFactor, finalDivFactor, anneal, unit } = this;
    return { maxLr, totalSteps, pctStart, divFactor, finalDivFactor, anneal, unit };
  }
}
