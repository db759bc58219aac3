import { type Anneal, interpolate } from './anneal';
import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkOneOf, checkRate, checkUnit, ScheduleParameterError } from './validate';

export interface PiecewiseInterpolateOptions {
  /** How the rate moves between boundaries: 'linear' or 'cos' (optax's 'cosine'). */
  anneal: Anneal;
  /** The rate at step 0. */
  initialLr: number;
  /** Strictly increasing integer steps ≥ 0 (optax's `boundaries_and_scales` keys, sorted; default none). */
  boundaries?: number[];
  /** One factor ≥ 0 per boundary: the rate there is the previous boundary's times this (default none). */
  scales?: number[];
  /** Default 'iteration', as in optax. */
  unit?: StepUnit;
}

/**
 * Rates interpolated between boundaries, as optax's `piecewise_interpolate_schedule` (and so its
 * `linear_onecycle_schedule` and `cosine_onecycle_schedule`, which are built from it).
 *
 *     v₀ = initialLr,  vᵢ₊₁ = vᵢ · scales[i],  b₀ = 0,  bᵢ₊₁ = boundaries[i]
 *     α(t) = anneal(vᵢ, vᵢ₊₁, (t − bᵢ) / max(bᵢ₊₁ − bᵢ, 1))   for bᵢ ≤ t < bᵢ₊₁
 *     α(t) = v_last                                      from the last boundary on
 *
 * @example
 * const schedule = new PiecewiseInterpolate({ anneal: 'linear', initialLr: 0.1, boundaries: [10], scales: [0.5] });
 * assert.deepEqual([schedule.at(0), schedule.at(10), schedule.at(20)], [0.1, 0.05, 0.05]);
 */
export class PiecewiseInterpolate extends Schedule {
  readonly name = 'PiecewiseInterpolate';
  readonly unit: StepUnit;
  readonly anneal: Anneal;
  readonly initialLr: number;
  readonly boundaries: readonly number[];
  readonly scales: readonly number[];
  private readonly values: readonly number[];

  constructor({ anneal, initialLr, boundaries = [], scales = [], unit = 'iteration' }: PiecewiseInterpolateOptions) {
    super();
    this.anneal = checkOneOf(this.name, 'anneal', anneal, ['cos', 'linear']);
    this.initialLr = checkRate(this.name, 'initialLr', initialLr);
    boundaries.forEach((b, i) => {
      if (!Number.isInteger(b) || b < 0 || (i > 0 && b <= boundaries[i - 1]!)) {
        throw new ScheduleParameterError(
          `${this.name}: boundaries must be strictly increasing integers ≥ 0 (got [${boundaries.join(', ')}]).`,
        );
      }
    });
    if (scales.length !== boundaries.length) {
      throw new ScheduleParameterError(
        `${this.name}: scales must hold one factor per boundary (got ${scales.length} scales for ${boundaries.length} boundaries).`,
      );
    }
    scales.forEach((s, i) => checkRate(this.name, `scales[${i}]`, s));
    this.boundaries = Object.freeze([...boundaries]);
    this.scales = Object.freeze([...scales]);
    this.values = Object.freeze(scales.reduce((values, s) => [...values, values[values.length - 1]! * s], [initialLr]));
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, PiecewiseInterpolate);
  }

  get formula(): string {
    return `α = ${this.anneal} interpolation from vᵢ to vᵢ₊₁ = vᵢ · scales[i] between boundaries, v₀ = initialLr`;
  }

  protected rate(t: number): number {
    const bounds = [0, ...this.boundaries];
    for (let i = 0; i < this.boundaries.length; i += 1) {
      const [from, to] = [bounds[i]!, bounds[i + 1]!];
      if (from <= t && t < to)
        return interpolate(this.anneal, this.values[i]!, this.values[i + 1]!, (t - from) / Math.max(to - from, 1));
    }
    return this.values[this.values.length - 1]!;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { anneal, initialLr, unit } = this;
    return { anneal, initialLr, boundaries: [...this.boundaries], scales: [...this.scales], unit };
  }
}
