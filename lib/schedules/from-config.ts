import { Constant } from './constant';
import { CosineDecay } from './cosine-decay';
import { CosineRestarts } from './cosine-restarts';
import { CyclicLR } from './cyclic-lr';
import { type CycleShaped, CyclicMomentum } from './cyclic-momentum';
import { ExponentialDecay } from './exponential-decay';
import { KerasDecay } from './keras-decay';
import { LambdaSchedule } from './lambda';
import { OneCycle } from './one-cycle';
import { PiecewiseConstant } from './piecewise-constant';
import { PiecewiseInterpolate } from './piecewise-interpolate';
import { PolynomialDecay } from './polynomial-decay';
import { Product } from './product';
import type { ConfigValue, Schedule, ScheduleConfig } from './schedule';
import { Sequential } from './sequential';
import { StepDecay } from './step-decay';
import { ScheduleParameterError } from './validate';
import { Warmup } from './warmup';

type Builder = (config: any) => Schedule; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by each constructor

/** Rebuilds a registered schedule class from its `getConfig()` options. */
export type ScheduleBuilder = (config: { [key: string]: ConfigValue }) => Schedule;

/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access
   -- each constructor checks the options it is given (see Builder) */
const BUILDERS: Record<string, Builder> = {
  Constant: (c) => new Constant(c),
  StepDecay: (c) => new StepDecay(c),
  PolynomialDecay: (c) => new PolynomialDecay(c),
  KerasDecay: (c) => new KerasDecay({ ...c, staircaseSteps: c.staircaseSteps ?? undefined }),
  ExponentialDecay: (c) => new ExponentialDecay({ ...c, endLr: c.endLr ?? undefined }),
  PiecewiseConstant: (c) => new PiecewiseConstant(c),
  PiecewiseInterpolate: (c) => new PiecewiseInterpolate(c),
  CosineDecay: (c) => new CosineDecay({ ...c, warmupTarget: c.warmupTarget ?? undefined }),
  CosineRestarts: (c) => new CosineRestarts(c),
  CyclicLR: (c) => new CyclicLR(c),
  OneCycle: (c) => new OneCycle(c),
  Warmup: (c) => new Warmup({ ...c, schedule: fromConfig(c.schedule) }),
  Sequential: (c) => new Sequential({ ...c, schedules: (c.schedules as ScheduleConfig[]).map(fromConfig) }),
  CyclicMomentum: (c) => new CyclicMomentum({ ...c, schedule: fromConfig(c.schedule) as CycleShaped }),
  Product: (c) => new Product({ ...c, schedules: (c.schedules as ScheduleConfig[]).map(fromConfig) }),
  LambdaSchedule: (c) => new LambdaSchedule(c),
};
/* eslint-enable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */

/** The library's schedule classes: the names `fromConfig` accepts as `className` besides registered ones. */
export const SCHEDULE_CLASS_NAMES: readonly string[] = Object.keys(BUILDERS);

/** Schedule classes registered with `registerSchedule`, by name. */
const registered = new Map<string, ScheduleBuilder>();

/**
 * Registers a schedule class of one's own (a subclass of `Schedule`) under its `name`, so that `fromConfig`, and
 * through it a run configuration and the runner's checkpoints, can rebuild it: Keras' custom objects. `build` gets
 * the options the schedule's `getConfig()` returned. Registering a name again replaces the builder (a notebook cell
 * run twice); the library's own names cannot be taken.
 *
 * @example
 * class Inverse extends Schedule {
 *   readonly name = 'Inverse';
 *   readonly unit = 'epoch';
 *   readonly formula = 'α = lr / (1 + t)';
 *   constructor(readonly lr: number) {
 *     super();
 *   }
 *   protected rate(t: number): number {
 *     return this.lr / (1 + t);
 *   }
 *   protected getConfig(): { [key: string]: ConfigValue } {
 *     return { lr: this.lr };
 *   }
 * }
 * registerSchedule('Inverse', (config) => new Inverse(config.lr as number));
 * const saved = JSON.stringify(new Inverse(0.1).toConfig());
 * assert.equal(fromConfig(JSON.parse(saved)).at(1), 0.05);
 */
export function registerSchedule(className: string, build: ScheduleBuilder): void {
  if (typeof className !== 'string' || className === '') {
    throw new ScheduleParameterError(
      `registerSchedule: className must be a non-empty string (got ${String(className)}).`,
    );
  }
  if (className in BUILDERS) {
    throw new ScheduleParameterError(
      `registerSchedule: className must not be one of the library's schedules (got '${className}'). Give your class its own name.`,
    );
  }
  if (typeof build !== 'function') {
    throw new ScheduleParameterError(
      `registerSchedule: build must be a function (config) => Schedule (got ${typeof build}).`,
    );
  }
  registered.set(className, build);
}

/**
 * Rebuilds a schedule from `schedule.toConfig()` (or its JSON), checking every parameter again.
 *
 * @example
 * const saved = JSON.stringify(new StepDecay({ dropEvery: 5 }).toConfig());
 * const rebuilt = fromConfig(JSON.parse(saved));
 * assert.equal(rebuilt.describe(), 'StepDecay(initAlpha=0.01, factor=0.25, dropEvery=5) per epoch');
 */
export function fromConfig(config: ScheduleConfig): Schedule {
  const className = config && typeof config === 'object' ? config.className : undefined;
  const build = className === undefined ? undefined : (BUILDERS[className] ?? registered.get(className));
  if (!build) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a bad value of any kind, shown as JavaScript shows it
    const got = className === undefined ? String(config) : `'${className}'`;
    const names = [...SCHEDULE_CLASS_NAMES, ...registered.keys()].join(', ');
    throw new ScheduleParameterError(
      `fromConfig: className must be one of ${names} (got ${got}). Register a class of your own with registerSchedule().`,
    );
  }
  if (!config.config || typeof config.config !== 'object') {
    throw new ScheduleParameterError(
      `fromConfig: config must be an object of ${className} options (got ${String(config.config)}).`,
    );
  }
  const schedule = build(config.config);
  if (schedule.name !== className) {
    throw new ScheduleParameterError(
      `fromConfig: the builder registered as '${className}' must build a ${className} (got a ${schedule.name}). ` +
        "Register the class under its schedule's name.",
    );
  }
  return schedule;
}
