import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Constant, iterationsPerEpoch, ScheduleParameterError } from '../../lib/schedules';
import { KerasSGD, LearningRateScheduler, ReduceLROnPlateau, setLearningRate, setMomentum } from '../../lib/tfjs';

describe('one way to check parameters: the schedules’, for the optimizer, the callbacks and the helpers', () => {
  it.each([
    ['KerasSGD', () => new KerasSGD({ momentum: 2 }), 'KerasSGD: momentum must be in [0, 1] (got 2).'],
    [
      'ReduceLROnPlateau',
      () => new ReduceLROnPlateau({ mode: 'up' as never }),
      "ReduceLROnPlateau: mode must be one of 'auto', 'min', 'max' (got 'up').",
    ],
    [
      'LearningRateScheduler',
      () => new LearningRateScheduler(new Constant({ lr: 1 }), { initialIteration: -1 }),
      'LearningRateScheduler: initialIteration must be an integer ≥ 0 (got -1).',
    ],
    [
      'setLearningRate',
      () => setLearningRate(tf.train.sgd(0.1), -1),
      'setLearningRate: lr must be a finite rate ≥ 0 (got -1).',
    ],
    [
      'setMomentum',
      () => setMomentum(tf.train.momentum(0.1, 0.9), NaN),
      'setMomentum: momentum must be in [0, 1] (got NaN).',
    ],
    [
      'iterationsPerEpoch',
      () => iterationsPerEpoch(100, 0),
      'iterationsPerEpoch: batchSize must be an integer > 0 (got 0).',
    ],
  ] as const)('%s', (_owner, bad, message) => {
    expect(bad).toThrow(ScheduleParameterError);
    expect(bad).toThrow(message);
  });
});
