import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLearningRate, KerasSGD, setLearningRate } from '../../lib';
import { useCpu } from './helpers';

beforeAll(useCpu);

/** The change of w = [1, −2, 3] after one update of loss Σ c·w² (gradient 2c·w) by a fresh optimizer. */
function firstUpdate(optimizer: tf.Optimizer): number[] {
  const w = tf.variable(tf.tensor1d([1, -2, 3]));
  const before = w.dataSync().slice();
  optimizer.minimize(() => tf.sum<tf.Scalar>(tf.mul(tf.square(w), tf.tensor1d([0.5, 1, 2]))));
  const after = w.dataSync();
  w.dispose();
  return Array.from(after, (v, i) => v - before[i]!);
}

const optimizers: [string, (lr: number) => tf.Optimizer][] = [
  ['sgd', (lr) => tf.train.sgd(lr)],
  ['momentum', (lr) => tf.train.momentum(lr, 0.9)],
  ['nesterov momentum', (lr) => tf.train.momentum(lr, 0.9, true)],
  ['adam', (lr) => tf.train.adam(lr)],
  ['adamax', (lr) => tf.train.adamax(lr)],
  ['adagrad', (lr) => tf.train.adagrad(lr)],
  ['adadelta', (lr) => tf.train.adadelta(lr)],
  ['rmsprop', (lr) => tf.train.rmsprop(lr)],
  ['rmsprop with momentum', (lr) => tf.train.rmsprop(lr, 0.9, 0.5)],
  ['KerasSGD', (lr) => new KerasSGD({ learningRate: lr, momentum: 0.9 })],
];

describe('setLearningRate changes the update every tfjs optimizer applies', () => {
  it.each(optimizers)('%s: the first update scales with the rate set', (_name, make) => {
    const reference = firstUpdate(make(0.1));
    const optimizer = make(0.1);
    setLearningRate(optimizer, 0.025);
    expect(getLearningRate(optimizer)).toBe(0.025);
    const scaled = firstUpdate(optimizer);
    reference.forEach((r, i) => {
      expect(r).not.toBe(0);
      expect(scaled[i]! / r).toBeCloseTo(0.25, 5);
    });
  });

  it.each(optimizers.slice(0, 3))(
    '%s: assigning learningRate alone does not change the update (tfjs caches −lr)',
    (_name, make) => {
      const reference = firstUpdate(make(0.1));
      const optimizer = make(0.1) as unknown as { learningRate: number } & tf.Optimizer;
      optimizer.learningRate = 0.025;
      expect(firstUpdate(optimizer)).toEqual(reference);
    },
  );

  it('rejects a rate that is not a finite number ≥ 0', () => {
    expect(() => setLearningRate(tf.train.sgd(0.1), -1)).toThrow(
      /setLearningRate: lr must be a finite rate ≥ 0 \(got -1\)/,
    );
    expect(() => setLearningRate(tf.train.sgd(0.1), NaN)).toThrow(/got NaN/);
  });
});
