import { type ConfigValue, freezeFinal, Schedule, type StepUnit } from './schedule';
import { checkRate, checkUnit, ScheduleParameterError } from './validate';

/** A rate as a function of the step. */
export type RateFunction = (t: number) => number;

export interface LambdaScheduleOptions {
  /**
   * The rate at step t: a function, or the name it was registered under with `registerScheduleFunction` (only a
   * named function can be serialized by `toConfig`).
   */
  fn: RateFunction | string;
  /** Default 'epoch' (as Keras' `LearningRateScheduler`). */
  unit?: StepUnit;
}

/** Functions registered with `registerScheduleFunction`, by name. */
const functions = new Map<string, RateFunction>();

/**
 * Registers a rate function under a name, so that a `LambdaSchedule` given the name can be serialized and rebuilt
 * by `fromConfig`. Registering a name again replaces the function (a notebook cell run twice).
 *
 * @example
 * registerScheduleFunction('halving', (t) => 0.1 * 0.5 ** t);
 * const saved = new LambdaSchedule({ fn: 'halving' }).toConfig();
 * assert.deepEqual(saved, { className: 'LambdaSchedule', config: { fn: 'halving', unit: 'epoch' } });
 * assert.equal(fromConfig(saved).at(2), 0.025);
 */
export function registerScheduleFunction(name: string, fn: RateFunction): void {
  if (typeof name !== 'string' || name === '') {
    throw new ScheduleParameterError(
      `registerScheduleFunction: name must be a non-empty string (got ${String(name)}).`,
    );
  }
  if (typeof fn !== 'function') {
    throw new ScheduleParameterError(`registerScheduleFunction: fn must be a function (t) => rate (got ${typeof fn}).`);
  }
  functions.set(name, fn);
}

function lookUp(name: string): RateFunction {
  const fn = functions.get(name);
  if (fn === undefined) {
    const known = functions.size > 0 ? [...functions.keys()].map((k) => `'${k}'`).join(', ') : 'none yet';
    throw new ScheduleParameterError(
      `LambdaSchedule: fn must be a function or a registered name (registered: ${known}; got '${name}'). ` +
        'Call registerScheduleFunction(name, fn) first.',
    );
  }
  return fn;
}

/**
 * A schedule from a plain function of the step: PyTorch's `LambdaLR` (whose rate is base_lr · λ(t): write
 * `(t) => baseLr * lambda(t)`) and Keras' `LearningRateScheduler(fn)`. The rate the function returns is checked
 * at each step (a finite rate ≥ 0). Serializable when `fn` is a registered name.
 *
 * @example
 * const warmup = new LambdaSchedule({ fn: (t) => 0.1 * Math.min(1, (t + 1) / 4), unit: 'iteration' });
 * assert.deepEqual(warmup.rates(5), [0.025, 0.05, 0.07500000000000001, 0.1, 0.1]);
 */
export class LambdaSchedule extends Schedule {
  readonly name = 'LambdaSchedule';
  readonly unit: StepUnit;
  readonly formula: string;
  /** The registered name of the function, or null for a function given directly. */
  readonly fnName: string | null;
  private readonly fn: RateFunction;

  constructor({ fn, unit = 'epoch' }: LambdaScheduleOptions) {
    super();
    if (typeof fn === 'string') {
      this.fn = lookUp(fn);
      this.fnName = fn;
    } else if (typeof fn === 'function') {
      this.fn = fn;
      this.fnName = null;
    } else {
      throw new ScheduleParameterError(
        `LambdaSchedule: fn must be a function (t) => rate or a registered name (got ${String(fn)}).`,
      );
    }
    this.unit = checkUnit(this.name, unit);
    this.formula = `α = ${this.fnName ?? 'fn'}(t)`;
    freezeFinal(this, new.target, LambdaSchedule);
  }

  protected rate(t: number): number {
    return checkRate(this.name, `fn(${t})`, this.fn(t));
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    if (this.fnName === null) {
      throw new ScheduleParameterError(
        'LambdaSchedule: fn must be a registered name to serialize the schedule (got a function). ' +
          "Register it with registerScheduleFunction('name', fn) and pass fn: 'name'.",
      );
    }
    return { fn: this.fnName, unit: this.unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return { fn: this.fnName ?? 'function', unit: this.unit };
  }
}
