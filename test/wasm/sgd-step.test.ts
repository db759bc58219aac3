/**
 * KerasSGD's fused update on wasm (lib/wasm/sgd-step.ts) against its own op
 * path: the same float32 operations in the same order, so every variable and
 * velocity must come out the same bit for bit, for plain SGD, momentum,
 * Nesterov, a rate changed between steps and Keras' legacy decay, on sizes
 * that do and do not fill the 4-lane vectors. Also: one kernel call updates
 * every variable, a variable without a gradient is left alone, and the cpu
 * backend (no fused kernel) agrees to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KerasSGD, type KerasSGDOptions } from '../../lib/tfjs/keras-sgd';
import { KERAS_SGD_STEP } from '../../lib/tfjs/keras-sgd-step';
import { kerasSgdStepConfig } from '../../lib/wasm/sgd-step';
import { randomValues, setupBackends } from './helpers';

const SIZES = [1, 3, 4, 7, 64, 1029];

interface Trace {
  variables: Float32Array[];
  velocities: Float32Array[];
}

/** Runs 5 updates (the rate changed after the second) on fresh variables; returns their values and velocities. */
async function trace(options: KerasSGDOptions, seed: number): Promise<Trace> {
  const variables = SIZES.map((size, i) =>
    tf.variable(tf.tensor1d(randomValues(size, seed + i)), true, `sgd-${seed}-${i}`),
  );
  const optimizer = new KerasSGD(options);
  for (let step = 0; step < 5; step++) {
    if (step === 2) optimizer.setLearningRate(0.037);
    const grads: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      grads[v.name] = tf.tensor1d(randomValues(v.size, 1000 * step + 17 * i + seed));
    });
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const weights = await optimizer.getWeights();
  const result = {
    variables: variables.map((v) => v.dataSync() as Float32Array),
    velocities: weights.slice(1).map(({ tensor }) => tensor.dataSync() as Float32Array),
  };
  weights[0]!.tensor.dispose();
  optimizer.dispose();
  variables.forEach((v) => v.dispose());
  return result;
}

const CASES: [string, KerasSGDOptions][] = [
  ['plain SGD', { learningRate: 0.1 }],
  ['momentum', { learningRate: 0.1, momentum: 0.9 }],
  ['Nesterov', { learningRate: 0.05, momentum: 0.8, nesterov: true }],
  ['legacy decay', { learningRate: 0.2, momentum: 0.9, decay: 0.3 }],
];

describe('KerasSGD fused update on wasm', () => {
  beforeAll(async () => {
    await setupBackends();
  });

  afterEach(() => {
    if (tf.getKernel(KERAS_SGD_STEP, 'wasm') === undefined) tf.registerKernel(kerasSgdStepConfig);
  });

  it.each(CASES)('%s: the same bits as the op path, on cpu within float32 rounding', async (_, options) => {
    await tf.setBackend('wasm');
    const fused = await trace(options, 11);
    tf.unregisterKernel(KERAS_SGD_STEP, 'wasm');
    const ops = await trace(options, 11);
    tf.registerKernel(kerasSgdStepConfig);
    expect(fused.velocities).toHaveLength(options.momentum ? SIZES.length : 0);
    expect(fused).toEqual(ops);
    await tf.setBackend('cpu');
    const cpu = await trace(options, 11);
    await tf.setBackend('wasm');
    cpu.variables.forEach((values, i) => {
      values.forEach((value, j) => expect(fused.variables[i]![j]).toBeCloseTo(value, 6));
    });
  });

  it('updates every variable in one kernel call, and leaves a variable without a gradient alone', async () => {
    await tf.setBackend('wasm');
    const a = tf.variable(tf.tensor1d([1, 2, 3]), true, 'fused-a');
    const b = tf.variable(tf.tensor1d([4, 5]), true, 'fused-b');
    const c = tf.variable(tf.tensor1d([6]), true, 'fused-c');
    const optimizer = new KerasSGD({ learningRate: 0.5, momentum: 0.9 });
    const grads = { 'fused-a': tf.tensor1d([1, 1, 1]), 'fused-b': tf.tensor1d([2, 2]) };
    const profile = await tf.profile(() => optimizer.applyGradients(grads));
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((name) => name === KERAS_SGD_STEP)).toHaveLength(1);
    expect(names).not.toContain('Multiply');
    expect([...a.dataSync()]).toEqual([0.5, 1.5, 2.5]);
    expect([...b.dataSync()]).toEqual([3, 4]);
    expect([...c.dataSync()]).toEqual([6]);
    tf.dispose([a, b, c, ...Object.values(grads)]);
    optimizer.dispose();
  });
});
