export { getLearningRate, setLearningRate } from './learning-rate';
export { resolveLogs, type UnresolvedLogs } from './logs';
export { type AppliedRate, LearningRateScheduler, type LearningRateSchedulerOptions } from './learning-rate-scheduler';
export { getMomentum, setMomentum } from './momentum';
export { type AppliedMomentum, MomentumScheduler, type MomentumSchedulerOptions } from './momentum-scheduler';
export { ScheduleCallback, type ScheduleCallbackOptions } from './schedule-callback';
export { KerasSGD, type KerasSGDOptions } from './keras-sgd';
export { type PlateauState, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
