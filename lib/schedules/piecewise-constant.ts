import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkRate, checkUnit, ScheduleParameterError } from './validate';

export interface PiecewiseConstantOptions {
  /** Strictly increasing steps, finite and ≥ 0. */
  boundaries: number[];
  /** One more rate than there are boundaries. */
  values: number[];
  /** Default 'iteration', as in Keras. */
  unit?: StepUnit;
}

/**
 * Piecewise-constant rates, as Keras' `PiecewiseConstantDecay`: `values[0]` up to and including `boundaries[0]`,
 * `values[i]` for `boundaries[i−1] < t ≤ boundaries[i]`, and the last value after the last boundary.
 *
 *     α(t) = values[i]   for boundaries[i−1] < t ≤ boundaries[i]
 */
export class PiecewiseConstant extends Schedule {
  readonly name = 'PiecewiseConstant';
  readonly formula = 'α = values[i] for boundaries[i−1] < t ≤ boundaries[i]';
  readonly unit: StepUnit;
  readonly boundaries: readonly number[];
  readonly values: readonly number[];

  constructor({ boundaries, values, unit = 'iteration' }: PiecewiseConstantOptions) {
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
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  protected rate(t: number): number {
    const i = this.boundaries.findIndex((b) => t <= b);
    return this.values[i === -1 ? this.boundaries.length : i]!;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { boundaries: [...this.boundaries], values: [...this.values], unit: this.unit };
  }
}
