import { type AfterEnd, type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import {
  checkBoolean,
  checkInterval,
  checkOneOf,
  checkPositive,
  checkPositiveInteger,
  checkRate,
  checkStep,
  checkUnit,
  failBeyondRange,
  ScheduleParameterError,
} from './validate';

import { type Anneal, interpolate } from './anneal';

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
  /**
   * PyTorch's `three_phase`: rise to maxLr, fall back to the starting rate over as many steps, then anneal to the
   * final rate (default false: rise, then fall straight to the final rate).
   */
  threePhase?: boolean;
  /** After totalSteps: 'throw' (default: build the cycle for the whole run) or 'hold' the final rate (as optax). */
  afterEnd?: AfterEnd;
  /** Default 'iteration'. */
  unit?: StepUnit;
}

const DEFAULTS = { threePhase: false, afterEnd: 'throw' } as const;

/**
 * The one-cycle policy (Smith & Topin), as PyTorch's `OneCycleLR`: two phases, or three with `threePhase`.
 *
 *     α₀ = maxLr / divFactor,  α_min = α₀ / finalDivFactor,  p = pctStart · totalSteps − 1
 *     t ≤ p:  anneal from α₀ to maxLr over t / p
 *     t > p:  anneal from maxLr to α_min over (t − p) / (totalSteps − 1 − p)
 *     cos anneal(a, b, f) = b + (a − b) · ½(1 + cos(π f));  linear anneal(a, b, f) = a + (b − a) · f
 *
 * With `threePhase` (PyTorch's `three_phase=True`): α₀ → maxLr up to p, maxLr → α₀ up to 2p, α₀ → α_min up to
 * totalSteps − 1. Defined for steps 0 … totalSteps − 1; later steps throw, or hold α_min with `afterEnd: 'hold'`.
 *
 * `position(t)` is the cycle's height at t (0 at α₀, 1 at maxLr, back to 0 at the end): `CyclicMomentum` cycles
 * momentum against it, as PyTorch's `cycle_momentum`.
 *
 * @example
 * const schedule = new OneCycle({ maxLr: 0.1, totalSteps: 100 });
 * assert.equal(schedule.at(0).toPrecision(12), '0.00400000000000'); // maxLr / divFactor (25)
 * assert.equal(schedule.at(29), 0.1); // the peak, after pctStart (0.3) of the steps
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
  readonly threePhase: boolean;
  readonly afterEnd: AfterEnd;

  constructor({
    maxLr,
    totalSteps,
    pctStart = 0.3,
    divFactor = 25,
    finalDivFactor = 1e4,
    anneal = 'cos',
    threePhase = DEFAULTS.threePhase,
    afterEnd = DEFAULTS.afterEnd,
    unit = 'iteration',
  }: OneCycleOptions) {
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
    this.threePhase = checkBoolean(this.name, 'threePhase', threePhase);
    if (threePhase && pctStart >= 0.5) {
      throw new ScheduleParameterError(
        `${this.name}: pctStart must be < 0.5 with threePhase, whose rise and fall each take pctStart of the cycle (got ${pctStart}).`,
      );
    }
    this.afterEnd = checkOneOf(this.name, 'afterEnd', afterEnd, ['throw', 'hold']);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, OneCycle);
  }

  get formula(): string {
    const fall = this.threePhase ? 'falls back to maxLr / divFactor over as many steps, then' : 'then falls';
    return `α rises from maxLr / divFactor to maxLr over pctStart · totalSteps steps, ${fall} to maxLr / (divFactor · finalDivFactor) (${this.anneal} anneal)`;
  }

  protected override checkInRange(t: number): void {
    if (this.afterEnd === 'throw' && t >= this.totalSteps) {
      failBeyondRange(
        this,
        t,
        this.totalSteps - 1,
        `Build OneCycle with totalSteps = epochs × ${this.unit === 'iteration' ? 'iterations per epoch' : '1'} for the whole run, or pass afterEnd: 'hold'.`,
      );
    }
  }

  protected rate(t: number): number {
    const start = this.maxLr / this.divFactor;
    const { phase, fraction } = this.phaseAt(t);
    if (phase === 'rise') return interpolate(this.anneal, start, this.maxLr, fraction);
    if (phase === 'fall' && this.threePhase) return interpolate(this.anneal, this.maxLr, start, fraction);
    if (phase === 'fall') return interpolate(this.anneal, this.maxLr, start / this.finalDivFactor, fraction);
    return interpolate(this.anneal, start, start / this.finalDivFactor, fraction);
  }

  /** The cycle's height at step t: 0 at the starting rate, 1 at maxLr; 0 again from the end of the fall on. */
  position(t: number): number {
    checkStep(this, t);
    this.checkInRange(t);
    const { phase, fraction } = this.phaseAt(t);
    return phase === 'rise'
      ? interpolate(this.anneal, 0, 1, fraction)
      : phase === 'fall'
        ? interpolate(this.anneal, 1, 0, fraction)
        : 0;
  }

  /** Which phase holds step t, and how far into it t is (0 … 1), as PyTorch's `OneCycleLR` splits the steps. */
  private phaseAt(t: number): { phase: 'rise' | 'fall' | 'anneal'; fraction: number } {
    const peak = this.pctStart * this.totalSteps - 1;
    const last = this.totalSteps - 1;
    const s = Math.min(t, last);
    if (s <= peak) return { phase: 'rise', fraction: s / peak };
    const fallEnd = this.threePhase ? 2 * this.pctStart * this.totalSteps - 2 : last;
    if (s <= fallEnd) return { phase: 'fall', fraction: (s - peak) / (fallEnd - peak) };
    return { phase: 'anneal', fraction: (s - fallEnd) / (last - fallEnd) };
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { maxLr, totalSteps, pctStart, divFactor, finalDivFactor, anneal, threePhase, afterEnd, unit } = this;
    return { maxLr, totalSteps, pctStart, divFactor, finalDivFactor, anneal, threePhase, afterEnd, unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), DEFAULTS);
  }
}
