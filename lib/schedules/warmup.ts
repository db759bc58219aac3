import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkPositiveInteger, checkRate } from './validate';

export interface WarmupOptions {
  /** The schedule that follows the warmup; it sees its own step 0 at the end of the warmup. */
  schedule: Schedule;
  /** Steps of linear warmup, an integer > 0, in the schedule's unit. */
  warmupSteps: number;
  /** The rate at step 0 (default 0). */
  initLr?: number;
}

/**
 * A linear warmup in front of any schedule: from `initLr` up to the schedule's first rate, then the schedule,
 * shifted by `warmupSteps` (as PyTorch's `SequentialLR(LinearLR, …)`).
 *
 *     α(t) = initLr + (s(0) − initLr) · t / warmupSteps   for t < warmupSteps
 *     α(t) = s(t − warmupSteps)                          otherwise
 *
 * @example
 * const schedule = new Warmup({ schedule: new Constant({ lr: 0.1, unit: 'iteration' }), warmupSteps: 4 });
 * assert.deepEqual(schedule.rates(5), [0, 0.025, 0.05, 0.07500000000000001, 0.1]);
 */
export class Warmup extends Schedule {
  readonly name = 'Warmup';
  readonly schedule: Schedule;
  readonly warmupSteps: number;
  readonly initLr: number;

  constructor({ schedule, warmupSteps, initLr = 0 }: WarmupOptions) {
    super();
    this.schedule = schedule;
    this.warmupSteps = checkPositiveInteger(this.name, 'warmupSteps', warmupSteps);
    this.initLr = checkRate(this.name, 'initLr', initLr);
    freezeFinal(this, new.target, Warmup);
  }

  get unit(): StepUnit {
    return this.schedule.unit;
  }

  get formula(): string {
    return `α = initLr + (s(0) − initLr) · t / warmupSteps for t < warmupSteps, then s(t − warmupSteps); s: ${this.schedule.formula}`;
  }

  override describe(): string {
    return `Warmup(warmupSteps=${this.warmupSteps}, initLr=${this.initLr}) → ${this.schedule.describe()}`;
  }

  protected rate(t: number): number {
    if (t >= this.warmupSteps) return this.schedule.at(t - this.warmupSteps);
    return this.initLr + (this.schedule.at(0) - this.initLr) * (t / this.warmupSteps);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return { schedule: { ...this.schedule.toConfig() }, warmupSteps: this.warmupSteps, initLr: this.initLr };
  }
}
