import { Constant } from './constant';
import { CosineDecay } from './cosine-decay';
import { CosineRestarts } from './cosine-restarts';
import { CyclicLR } from './cyclic-lr';
import { type CycleShaped, CyclicMomentum } from './cyclic-momentum';
import { ExponentialDecay } from './exponential-decay';
import { KerasDecay } from './keras-decay';
import { OneCycle } from './one-cycle';
import { PiecewiseConstant } from './piecewise-constant';
import { PiecewiseInterpolate } from './piecewise-interpolate';
import { PolynomialDecay } from './polynomial-decay';
import { Product } from './product';
import type { Schedule, ScheduleConfig } from './schedule';
import { Sequential } from './sequential';
import { StepDecay } from './step-decay';
import { ScheduleParameterError } from './validate';
import { Warmup } from './warmup';

type Builder = (config: any) => Schedule; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by each constructor

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
};

/** The names `fromConfig` accepts as `className`. */
export const SCHEDULE_CLASS_NAMES: readonly string[] = Object.keys(BUILDERS);

/** Rebuilds a schedule from `schedule.toConfig()` (or its JSON), checking every parameter again. */
export function fromConfig(config: ScheduleConfig): Schedule {
  const build = config && typeof config === 'object' ? BUILDERS[config.className] : undefined;
  if (!build) {
    const got = config && typeof config === 'object' ? `'${config.className}'` : String(config);
    throw new ScheduleParameterError(`fromConfig: className must be one of ${SCHEDULE_CLASS_NAMES.join(', ')} (got ${got}).`);
  }
  if (!config.config || typeof config.config !== 'object') {
    throw new ScheduleParameterError(`fromConfig: config must be an object of ${config.className} options (got ${String(config.config)}).`);
  }
  return build(config.config);
}
