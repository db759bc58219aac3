import { type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import { checkOneOf, checkRate, checkUnit, ScheduleParameterError } from './validate';

/** Which value a step exactly at a boundary gets: the one before it (Keras) or the one after it (PyTorch). */
export type AtBoundary = 'previous' | 'next';

export interface PiecewiseConstantOptions {
  /** Strictly increasing steps, finite and ≥ 0. */
  boundaries: number[];
  /** One more rate than there are boundaries. */
  values: number[];
  /**
   * The value at a step equal to a boundary: 'previous' (default, Keras' `PiecewiseConstantDecay`: values[i] up to
   * and including boundaries[i]) or 'next' (PyTorch's `MultiStepLR` milestones and optax's
   * `piecewise_constant_schedule`: the new value starts at the boundary).
   */
  atBoundary?: AtBoundary;
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Piecewise-constant rates, as Keras' `PiecewiseConstantDecay`: `values[0]` up to and including `boundaries[0]`,
 * `values[i]` for `boundaries[i−1] < t ≤ boundaries[i]`, and the last value after the last boundary.
 *
 *     α(t) = values[i]   for boundaries[i−1] < t ≤ boundaries[i]
 *
 * With `atBoundary: 'next'` the new value starts at its boundary instead, as PyTorch counts milestones:
 * `values[i]` for `boundaries[i−1] ≤ t < boundaries[i]`.
 *
 * @example
 * const schedule = new PiecewiseConstant({ boundaries: [9, 19], values: [0.1, 0.01, 0.001] });
 * assert.deepEqual([schedule.at(9), schedule.at(10), schedule.at(20)], [0.1, 0.01, 0.001]);
 */
export class PiecewiseConstant extends Schedule {
  readonly name = 'PiecewiseConstant';
  readonly unit: StepUnit;
  readonly boundaries: readonly number[];
  readonly values: readonly number[];
  readonly atBoundary: AtBoundary;

  constructor({ boundaries, values, atBoundary = 'previous', unit = 'iteration' }: PiecewiseConstantOptions) {
    super();
    boundaries.forEach((b, i) => {
      if (!Number.isFinite(b) || b < 0 || (i > 0 && b <= boundaries[i - 1]!)) {
        throw new ScheduleParameterError(
          `${this.name}: boundaries must be finite, ≥ 0 and strictly increasing (got [${boundaries.join(', ')}]).`,
        );
      }
    });
    if (values.length !== boundaries.length + 1) {
      throw new ScheduleParameterError(
        `${this.name}: values must hold one more rate than boundaries (got ${values.length} values for ${boundaries.length} boundaries).`,
      );
    }
    values.forEach((v, i) => checkRate(this.name, `values[${i}]`, v));
    this.boundaries = Object.freeze([...boundaries]);
    this.values = Object.freeze([...values]);
    this.atBoundary = checkOneOf(this.name, 'atBoundary', atBoundary, ['previous', 'next']);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, PiecewiseConstant);
  }

  get formula(): string {
    return this.atBoundary === 'previous'
      ? 'α = values[i] for boundaries[i−1] < t ≤ boundaries[i]'
      : 'α = values[i] for boundaries[i−1] ≤ t < boundaries[i]';
  }

  protected rate(t: number): number {
    const i = this.boundaries.findIndex((b) => (this.atBoundary === 'previous' ? t <= b : t < b));
    return this.values[i === -1 ? this.boundaries.length : i]!;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { boundaries: [...this.boundaries], values: [...this.values], atBoundary: this.atBoundary, unit: this.unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), { atBoundary: 'previous' });
  }
}
