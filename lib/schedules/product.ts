import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkSharedUnit, ScheduleParameterError } from './validate';

export interface ProductOptions {
  /**
   * The schedules to multiply, at least two, sharing one unit. Typically the first carries the rate and the others
   * are factors starting at 1 (e.g. `Constant({ lr: 1 })`-based shapes, or decays with an initial rate of 1).
   */
  schedules: Schedule[];
}

/**
 * Schedules multiplied together, step by step, as PyTorch's `ChainedScheduler` (each of its schedulers multiplies
 * the rate by its own factor at every step).
 *
 *     α(t) = s₀(t) · s₁(t) · … · sₙ(t)
 *
 * @example
 * const schedule = new Product({
 *   schedules: [new StepDecay({ initAlpha: 1, factor: 0.5, dropEvery: 2 }), new Constant({ lr: 0.1 })],
 * });
 * assert.deepEqual(schedule.rates(3), [0.1, 0.05, 0.05]);
 */
export class Product extends Schedule {
  readonly name = 'Product';
  readonly formula = 'α = s₀(t) · s₁(t) · … · sₙ(t)';
  readonly schedules: readonly Schedule[];

  constructor({ schedules }: ProductOptions) {
    super();
    if (schedules.length < 2) {
      throw new ScheduleParameterError(
        `${this.name}: schedules must hold at least two schedules (got ${schedules.length}).`,
      );
    }
    checkSharedUnit(this.name, schedules);
    this.schedules = Object.freeze([...schedules]);
    freezeFinal(this, new.target, Product);
  }

  get unit(): StepUnit {
    return this.schedules[0]!.unit;
  }

  override describe(): string {
    return `Product(${this.schedules.map((s) => s.describe()).join(' × ')})`;
  }

  protected rate(t: number): number {
    return this.schedules.reduce((product, s) => product * s.at(t), 1);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { schedules: this.schedules.map((s) => ({ ...s.toConfig() })) };
  }
}
