import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasSGD } from '../../lib';
import { useCpu } from './helpers';

beforeAll(useCpu);

/** Minimizes L = Σ w² (gradient 2w) from w = 1, setting the rate before each step; returns w after each step. */
function descend(optimizer: tf.Optimizer & { setLearningRate(lr: number): void }, rates: number[]): number[] {
  const w = tf.variable(tf.scalar(1));
  const trace = rates.map((lr) => {
    optimizer.setLearningRate(lr);
    optimizer.minimize(() => tf.sum<tf.Scalar>(tf.square(w)));
    return w.dataSync()[0]!;
  });
  w.dispose();
  return trace;
}

describe('KerasSGD applies the Keras update rule', () => {
  it('momentum in Keras form: v = m·v − lr·g, w = w + v (hand-computed)', () => {
    // step 1: g = 2, v = −0.1·2 = −0.2, w = 0.8
    // step 2: g = 1.6, v = 0.9·(−0.2) − 0.05·1.6 = −0.26, w = 0.54
    const trace = descend(new KerasSGD({ momentum: 0.9 }), [0.1, 0.05]);
    expect(trace[0]).toBeCloseTo(0.8, 6);
    expect(trace[1]).toBeCloseTo(0.54, 6);
  });

  it("differs from tfjs' PyTorch-form momentum exactly when the rate changes", () => {
    // tfjs: a = 0.9·2 + 1.6 = 3.4 at step 2, w = 0.8 − 0.05·3.4 = 0.63
    const torchForm = descend(tf.train.momentum(0.1, 0.9), [0.1, 0.05]);
    expect(torchForm[1]).toBeCloseTo(0.63, 6);
    const constant = [0.1, 0.1, 0.1, 0.1];
    const keras = descend(new KerasSGD({ momentum: 0.9 }), constant);
    descend(tf.train.momentum(0.1, 0.9), constant).forEach((w, i) => expect(w).toBeCloseTo(keras[i]!, 6));
  });

  it('Nesterov: w = w + m·v − lr·g (hand-computed)', () => {
    // step 1: v = −0.2, w = 1 + 0.9·(−0.2) − 0.2 = 0.62
    // step 2: g = 1.24, v = −0.18 − 0.062 = −0.242, w = 0.62 + 0.9·(−0.242) − 0.062 = 0.3402
    const trace = descend(new KerasSGD({ momentum: 0.9, nesterov: true }), [0.1, 0.05]);
    expect(trace[0]).toBeCloseTo(0.62, 6);
    expect(trace[1]).toBeCloseTo(0.3402, 6);
  });

  it('legacy decay divides the rate by 1 + decay · iterations at every update (hand-computed)', () => {
    // lr_t = 0.1, 0.05, 0.0333…: w = 0.8, 0.8 − 0.05·1.6 = 0.72, 0.72 − (0.1/3)·1.44 = 0.672
    const optimizer = new KerasSGD({ learningRate: 0.1, decay: 1 });
    const trace = descend(optimizer, [0.1, 0.1, 0.1]);
    expect(trace).toEqual([expect.closeTo(0.8, 6), expect.closeTo(0.72, 6), expect.closeTo(0.672, 6)]);
    expect(optimizer.iterations).toBe(3);
    expect(optimizer.decayedLearningRate).toBeCloseTo(0.025, 12);
  });

  it('matches a float64 replay of the Keras recurrence over many steps with a changing rate', () => {
    const rates = Array.from({ length: 40 }, (_, i) => 0.05 * (1 + Math.sin(i)));
    const c = [0.5, 1, 2];
    const w = [1, -2, 3];
    const v = [0, 0, 0];
    const expected = rates.map((lr) => {
      w.forEach((wi, i) => {
        const g = 2 * c[i]! * wi;
        v[i] = 0.9 * v[i]! - lr * g;
        w[i] = wi + 0.9 * v[i]! - lr * g; // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it
      });
      return [...w];
    });
    const optimizer = new KerasSGD({ momentum: 0.9, nesterov: true });
    const x = tf.variable(tf.tensor1d([1, -2, 3]));
    rates.forEach((lr, step) => {
      optimizer.setLearningRate(lr);
      optimizer.minimize(() => tf.sum<tf.Scalar>(tf.mul(tf.square(x), tf.tensor1d(c))));
      Array.from(x.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[step]![i]!, 5));
    });
    x.dispose();
  });

  it('saves and restores its state (iterations and velocities) and its config', async () => {
    const w = tf.variable(tf.scalar(1));
    const loss = (): tf.Scalar => tf.sum<tf.Scalar>(tf.square(w));
    const a = new KerasSGD({ learningRate: 0.1, momentum: 0.9, decay: 0.01 });
    a.minimize(loss);
    const saved = await a.getWeights();
    expect(tf.serialization.SerializationMap.getMap().classNameMap['KerasSGD']).toBeDefined();
    const b = KerasSGD.fromConfig<KerasSGD>(KerasSGD, a.getConfig());
    await b.setWeights(saved);
    expect(b.iterations).toBe(1);
    const start = w.dataSync()[0]!;
    a.minimize(loss);
    const viaA = w.dataSync()[0]!;
    w.assign(tf.scalar(start));
    b.minimize(loss);
    expect(w.dataSync()[0]).toBe(viaA);
    expect(b.getConfig()).toEqual({ learningRate: 0.1, momentum: 0.9, nesterov: false, decay: 0.01 });
    [a, b].forEach((o) => o.dispose());
    w.dispose();
  });

  it('rejects bad parameters', () => {
    expect(() => new KerasSGD({ momentum: 1.5 })).toThrow(/KerasSGD: momentum must be in \[0, 1\] \(got 1.5\)/);
    expect(() => new KerasSGD({ learningRate: -0.1 })).toThrow(
      /KerasSGD: learningRate must be a finite number ≥ 0 \(got -0.1\)/,
    );
    expect(() => new KerasSGD({ decay: NaN })).toThrow(/KerasSGD: decay must be a finite number ≥ 0 \(got NaN\)/);
  });
});
