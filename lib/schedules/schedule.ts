/**
 * The core abstraction: a learning-rate schedule is a pure, immutable function from a step counter to a rate.
 *
 * Steps are 0-based integers. For `unit: 'epoch'`, step 0 is the first epoch; for `unit: 'iteration'`, step 0 is
 * the first batch update (Keras' `optimizer.iterations` before the update is applied).
 */
import { checkStep } from './validate';

/** What a schedule with an end does past it: throw (the run is longer than the schedule), or hold its final rate. */
export type AfterEnd = 'throw' | 'hold';

/** What one step of a schedule counts: whole epochs, or single batch updates. */
export type StepUnit = 'epoch' | 'iteration';

/** A JSON-compatible value, as held in a serialized schedule. */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** A serialized schedule, Keras-style: the class name and the options that rebuild it. */
export interface ScheduleConfig {
  className: string;
  config: { [key: string]: ConfigValue };
}

/**
 * Base class of every schedule, and the one to extend for a schedule of one's own: implement `rate(t)` for a step
 * already validated by `at(t)` and `getConfig()` (the constructor's options, so that the class can be rebuilt), and
 * register the class with `registerSchedule` for `fromConfig` and the runner's checkpoints to rebuild it. The
 * library's own schedule classes are final (see `freezeFinal`).
 *
 * @example
 * class Halving extends Schedule {
 *   readonly name = 'Halving';
 *   readonly unit = 'epoch';
 *   readonly formula = 'α = lr · 0.5^t';
 *   constructor(readonly options: { lr: number }) {
 *     super();
 *   }
 *   protected rate(t: number): number {
 *     return this.options.lr * 0.5 ** t;
 *   }
 *   protected getConfig(): { [key: string]: ConfigValue } {
 *     return { ...this.options };
 *   }
 * }
 * registerSchedule('Halving', (config) => new Halving(config as { lr: number }));
 * assert.deepEqual(fromConfig(new Halving({ lr: 0.1 }).toConfig()).rates(3), [0.1, 0.05, 0.025]);
 */
export abstract class Schedule {
  /** The class name, used as `className` in `toConfig()`. */
  abstract readonly name: string;
  /** Whether a step is an epoch or a batch update. */
  abstract readonly unit: StepUnit;
  /** The formula in plain Unicode, for legends, titles and docs. */
  abstract readonly formula: string;

  /** The learning rate at step `t` (a non-negative integer). Throws a `RangeError` outside the defined range. */
  at(t: number): number {
    checkStep(this, t);
    this.checkInRange(t);
    return this.rate(t);
  }

  /** The rates at steps `0 … count − 1`. */
  rates(count: number): number[] {
    return Array.from({ length: count }, (_, t) => this.at(t));
  }

  /** The options that rebuild this schedule with `fromConfig` (defaults filled in). */
  toConfig(): ScheduleConfig {
    return { className: this.name, config: this.getConfig() };
  }

  /** One line: name, parameters and unit, e.g. `StepDecay(initAlpha=0.01, factor=0.25, dropEvery=10) per epoch`. */
  describe(): string {
    return `${this.name}(${describeConfig(this.describedConfig())}) per ${this.unit}`;
  }

  /** The schedule's options, JSON-compatible. */
  protected abstract getConfig(): { [key: string]: ConfigValue };

  /** The options `describe()` shows: all of them, unless a subclass leaves out options at their defaults. */
  protected describedConfig(): { [key: string]: ConfigValue } {
    return this.getConfig();
  }

  /** The rate at a valid step. */
  protected abstract rate(t: number): number;

  /** Throws when `t` lies beyond the range the schedule is defined on. Most schedules are defined for every step. */
  protected checkInRange(_t: number): void {}
}

type ScheduleClass = abstract new (...args: never[]) => Schedule;

/**
 * Ends the constructor of one of the library's schedule classes: freezes the schedule (schedules are immutable) and
 * refuses a subclass. The classes are final because a subclass would be frozen before its own constructor could
 * set its fields, and would serialize under its parent's name, so that `fromConfig` rebuilt the parent; extend
 * `Schedule` instead.
 */
export function freezeFinal(schedule: Schedule, newTarget: ScheduleClass, cls: ScheduleClass): void {
  if (newTarget !== cls) {
    throw new TypeError(
      `${cls.name} cannot be subclassed (the library's schedules are final): extend Schedule instead, ` +
        'and register the class with registerSchedule() so that fromConfig can rebuild it.',
    );
  }
  Object.freeze(schedule);
}

/** `config` without the options that equal their value in `defaults` (for `describedConfig`). */
export function withoutDefaults(
  config: { [key: string]: ConfigValue },
  defaults: { [key: string]: ConfigValue },
): { [key: string]: ConfigValue } {
  return Object.fromEntries(
    Object.entries(config).filter(([key, value]) => !(key in defaults) || defaults[key] !== value),
  );
}

function describeConfig(config: { [key: string]: ConfigValue }): string {
  return Object.entries(config)
    .filter(([key]) => key !== 'unit')
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(', ');
}

function formatValue(value: ConfigValue): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${describeConfig(value)}}`;
  return String(value);
}
