import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkSharedUnit, ScheduleParameterError } from './validate';

export interface SequentialOptions {
  /** The schedules in the order they run; all must share one unit. */
  schedules: Schedule[];
  /** Where each schedule after the first starts: strictly increasing integers > 0, one fewer than schedules. */
  boundaries: number[];
}

/**
 * Schedules joined at boundaries, as optax's `join_schedules` and PyTorch's `SequentialLR`: before
 * `boundaries[0]` the first schedule runs; from `boundaries[i]` on, schedule `i + 1` runs on its own clock.
 *
 *     α(t) = sᵢ₊₁(t − boundaries[i])   for boundaries[i] ≤ t < boundaries[i+1]
 *
 * @example
 * const schedule = new Sequential({
 *   schedules: [new Constant({ lr: 0.1 }), new Constant({ lr: 0.01 })],
 *   boundaries: [5],
 * });
 * assert.deepEqual([schedule.at(4), schedule.at(5)], [0.1, 0.01]);
 */
export class Sequential extends Schedule {
  readonly name = 'Sequential';
  readonly formula = 'α = sᵢ₊₁(t − boundaries[i]) for boundaries[i] ≤ t < boundaries[i+1]';
  readonly schedules: readonly Schedule[];
  readonly boundaries: readonly number[];

  constructor({ schedules, boundaries }: SequentialOptions) {
    super();
    if (schedules.length === 0)
      throw new ScheduleParameterError(`${this.name}: schedules must hold at least one schedule (got none).`);
    checkSharedUnit(this.name, schedules);
    if (boundaries.length !== schedules.length - 1) {
      throw new ScheduleParameterError(
        `${this.name}: boundaries must hold one fewer step than schedules (got ${boundaries.length} boundaries for ${schedules.length} schedules).`,
      );
    }
    boundaries.forEach((b, i) => {
      if (!Number.isInteger(b) || b <= 0 || (i > 0 && b <= (boundaries[i - 1] ?? 0))) {
        throw new ScheduleParameterError(
          `${this.name}: boundaries must be strictly increasing integers > 0 (got [${boundaries.join(', ')}]).`,
        );
      }
    });
    this.schedules = Object.freeze([...schedules]);
    this.boundaries = Object.freeze([...boundaries]);
    freezeFinal(this, new.target, Sequential);
  }

  get unit(): StepUnit {
    return this.schedules[0]!.unit;
  }

  override describe(): string {
    const parts = this.schedules.map((s, i) =>
      i === 0 ? s.describe() : `from ${this.boundaries[i - 1]}: ${s.describe()}`,
    );
    return `Sequential(${parts.join('; ')})`;
  }

  protected rate(t: number): number {
    let i = 0;
    while (i < this.boundaries.length && t >= this.boundaries[i]!) i += 1;
    return this.schedules[i]!.at(i === 0 ? t : t - this.boundaries[i - 1]!);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { schedules: this.schedules.map((s) => ({ ...s.toConfig() })), boundaries: [...this.boundaries] };
  }
}
