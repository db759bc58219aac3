export { type AfterEnd, type ConfigValue, Schedule, type ScheduleConfig, type StepUnit } from './schedule';
export { ScheduleParameterError } from './validate';
export { Constant, type ConstantOptions } from './constant';
export { StepDecay, type StepDecayOptions } from './step-decay';
export { type PolynomialAfterEnd, PolynomialDecay, type PolynomialDecayOptions } from './polynomial-decay';
export { KerasDecay, type KerasDecayOptions } from './keras-decay';
export { ExponentialDecay, type ExponentialDecayOptions } from './exponential-decay';
export { type AtBoundary, PiecewiseConstant, type PiecewiseConstantOptions } from './piecewise-constant';
export { type CosineAfterEnd, CosineDecay, type CosineDecayOptions } from './cosine-decay';
export { CosineRestarts, type CosineRestartsOptions } from './cosine-restarts';
export { CyclicLR, type CyclicLROptions, type CyclicMode, type CyclicScaleMode } from './cyclic-lr';
export { type CycleShaped, CyclicMomentum, type CyclicMomentumOptions } from './cyclic-momentum';
export { type Anneal } from './anneal';
export { OneCycle, type OneCycleOptions } from './one-cycle';
export { PiecewiseInterpolate, type PiecewiseInterpolateOptions } from './piecewise-interpolate';
export { Warmup, type WarmupOptions } from './warmup';
export { Sequential, type SequentialOptions } from './sequential';
export { Product, type ProductOptions } from './product';
export { LambdaSchedule, type LambdaScheduleOptions, type RateFunction, registerScheduleFunction } from './lambda';
export { fromConfig, registerSchedule, SCHEDULE_CLASS_NAMES, type ScheduleBuilder } from './from-config';
export { iterationsPerEpoch } from './iterations';
export { type RateSpan, rateSpans } from './rate-spans';
export {
  ARTICLE_SCHEDULE_NAMES,
  articleSchedule,
  type ArticleScheduleName,
  type ArticleSetup,
  stepPeriod,
} from './article';
