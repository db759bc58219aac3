import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../lib/backend';
import { findRunLearningRate } from '../../lib/finder';
import { KerasSGD } from '../../lib/tfjs';
import { stripes } from '../train/helpers';

const train = stripes(8, 1); // 32 images: 2 batches of 16
const config = { model: 'tiny' as const, batchSize: 16, initialLr: 0.1, momentum: 0.9, seed: 3, dataDir: 'synthetic' };
const sweep = { startLr: 1e-3, endLr: 1, iterations: 8, train };

beforeAll(async () => {
  // One thread, as the runner's tests: the cpu backend trains convolutions ~50× slower.
  await initBackend({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' }, log: null });
});

describe('findRunLearningRate', () => {
  it("sweeps the run's seeded model with the runner's optimizer (KerasSGD), reproducibly, and frees it", async () => {
    const tensors = tf.memory().numTensors;
    const runner = await findRunLearningRate(config, sweep);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(runner.losses).toHaveLength(8);
    expect((await findRunLearningRate(config, sweep)).losses).toEqual(runner.losses);

    const keras = new KerasSGD({ learningRate: 0.1, momentum: 0.9 });
    expect((await findRunLearningRate(config, { ...sweep, optimizer: keras })).losses).toEqual(runner.losses);
    const pytorch = tf.train.momentum(0.1, 0.9);
    const other = await findRunLearningRate(config, { ...sweep, optimizer: pytorch });
    // The same initial weights (same first loss), then PyTorch's momentum form moves them differently.
    expect(other.losses[0]).toBe(runner.losses[0]);
    expect(other.losses).not.toEqual(runner.losses);
    expect((await findRunLearningRate({ ...config, seed: 4 }, sweep)).losses[0]).not.toBe(runner.losses[0]);
    keras.dispose();
    pytorch.dispose();
  });
});
