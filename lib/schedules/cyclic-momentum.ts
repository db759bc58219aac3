import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkRate, ScheduleParameterError } from './validate';

/** A cyclical rate schedule that reports its cycle's height: `OneCycle` and `CyclicLR`. */
export interface CycleShaped extends Schedule {
  /** The height of the cycle at step t, 0 at its low rate and 1 at its peak. */
  position(t: number): number;
}

/** PyTorch's default momentum bounds for each cyclical schedule. */
const PYTORCH_DEFAULTS: Record<string, { baseMomentum: number; maxMomentum: number }> = {
  OneCycle: { baseMomentum: 0.85, maxMomentum: 0.95 },
  CyclicLR: { baseMomentum: 0.8, maxMomentum: 0.9 },
};

export interface CyclicMomentumOptions {
  /** The rate schedule the momentum cycles against: a `OneCycle` or a `CyclicLR`. */
  schedule: CycleShaped;
  /** The momentum at the rate's peak (default PyTorch's: 0.85 for OneCycle, 0.8 for CyclicLR). */
  baseMomentum?: number;
  /** The momentum at the rate's low, ≥ baseMomentum (default PyTorch's: 0.95 for OneCycle, 0.9 for CyclicLR). */
  maxMomentum?: number;
}

/**
 * Momentum cycled inversely to a cyclical rate, as PyTorch's `cycle_momentum` for `OneCycleLR` and `CyclicLR`:
 * high while the rate is low, `baseMomentum` at the rate's peak.
 *
 *     m(t) = maxMomentum − (maxMomentum − baseMomentum) · h(t),   h = the schedule's `position(t)` in [0, 1]
 *
 * Its values are momenta, not rates; apply them in `fit` with `MomentumScheduler`. It has the unit and the range of
 * the schedule it follows (a OneCycle that throws past its end throws here too).
 *
 * @example
 * const rate = new OneCycle({ maxLr: 0.1, totalSteps: 100 });
 * const momentum = new CyclicMomentum({ schedule: rate });
 * assert.equal(momentum.at(0), 0.95); // the rate at its lowest, the momentum at its highest
 */
export class CyclicMomentum extends Schedule {
  readonly name = 'CyclicMomentum';
  readonly formula = 'm = maxMomentum − (maxMomentum − baseMomentum) · h(t), h = the rate cycle’s height';
  readonly schedule: CycleShaped;
  readonly baseMomentum: number;
  readonly maxMomentum: number;

  constructor({ schedule, baseMomentum, maxMomentum }: CyclicMomentumOptions) {
    super();
    const defaults = PYTORCH_DEFAULTS[schedule?.name];
    if (!defaults || typeof schedule.position !== 'function') {
      throw new ScheduleParameterError(
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a bad value of any kind, shown as JavaScript shows it
        `${this.name}: schedule must be a OneCycle or a CyclicLR (got ${schedule?.name ?? String(schedule)}).`,
      );
    }
    this.schedule = schedule;
    this.baseMomentum = checkRate(this.name, 'baseMomentum', baseMomentum ?? defaults.baseMomentum);
    this.maxMomentum = checkRate(this.name, 'maxMomentum', maxMomentum ?? defaults.maxMomentum);
    if (this.maxMomentum < this.baseMomentum) {
      throw new ScheduleParameterError(
        `${this.name}: maxMomentum must be ≥ baseMomentum (got maxMomentum=${this.maxMomentum} < baseMomentum=${this.baseMomentum}).`,
      );
    }
    freezeFinal(this, new.target, CyclicMomentum);
  }

  get unit(): StepUnit {
    return this.schedule.unit;
  }

  override describe(): string {
    return `CyclicMomentum(baseMomentum=${this.baseMomentum}, maxMomentum=${this.maxMomentum}) against ${this.schedule.describe()}`;
  }

  protected rate(t: number): number {
    return this.maxMomentum - (this.maxMomentum - this.baseMomentum) * this.schedule.position(t);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    return {
      schedule: { ...this.schedule.toConfig() },
      baseMomentum: this.baseMomentum,
      maxMomentum: this.maxMomentum,
    };
  }
}
