import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../lib/backend';
import { buildRunModel, validateRunConfig } from '../../lib/train';
import { evaluate } from '../../lib/train/evaluate';
import { stripes, stripesData } from './helpers';

beforeAll(async () => {
  await initBackend({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' }, log: null });
});

/**
 * What `evaluate` computed before it built its own forward passes: `model.predict` on batches of 256 images, the
 * cross-entropy summed per batch (as float32, by tfjs), the batches' sums added as float64.
 */
function predictReference(model: tf.LayersModel, data: ReturnType<typeof stripes>): { loss: number; labels: number[] } {
  let crossEntropy = 0;
  const labels: number[] = [];
  for (const { xs, ys } of data.batches(256, { shuffle: false })) {
    const [sum, predicted] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const p = tf.clipByValue(model.predict(xs) as tf.Tensor2D, 1e-7, 1 - 1e-7);
      return [tf.sum(tf.mul(ys, tf.log(p))).neg(), tf.argMax(p, 1)];
    });
    crossEntropy += sum.dataSync()[0]!;
    labels.push(...predicted.dataSync());
    tf.dispose([xs, ys, sum, predicted]);
  }
  const penalty = tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0]!);
  return { loss: crossEntropy / data.size + penalty, labels };
}

describe('evaluate', () => {
  it("gives model.predict's loss and predictions bit for bit, on 300 images (not a multiple of 32 or 256)", async () => {
    const config = validateRunConfig({
      schedule: 'none',
      epochs: 1,
      batchSize: 16,
      model: 'tiny',
      dataDir: 'synthetic',
    });
    const { train } = stripesData(8, 1);
    const { model, optimizer } = buildRunModel(config, train);
    // A few updates, so that the outputs and the batch norms' moving statistics are not those of the initial weights.
    for (const { xs, ys } of train.batches(16, { seed: 0 })) {
      await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
    }
    const test = stripes(75, 3);
    const before = tf.memory().numTensors;
    const got = await evaluate(model, test);
    expect(tf.memory().numTensors).toBe(before);
    const want = predictReference(model, test);
    expect(got.loss).toBe(want.loss); // the same bits: every image's probability of its label enters the loss
    expect(Array.from(got.predictions)).toEqual(want.labels);
    expect(got.accuracy).toBe(want.labels.filter((label, i) => label === test.labels[i]).length / test.size);
    model.dispose();
    optimizer.dispose();
  });
});
