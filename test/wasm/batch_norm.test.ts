/**
 * The fused batch-norm layer (lib/wasm/batch_norm_layer.ts) on wasm against
 * the stock tfjs layer on cpu: outputs, gradients for x, gamma and beta, and
 * the moving statistics after a training call, over ranks 2 to 4, channel
 * counts with and without a SIMD remainder, and the narrow path's 4, 8 and
 * 16 channels with and without left-over rows. (Without scale or centre the
 * layer is the stock one, which tfjs 4.22 cannot train: it reads the absent
 * beta.)
 *
 * Tolerance: 1e-4 of each result's largest magnitude. Both compute the same
 * float32 sums in different orders (the fused kernels sum rows in blocks);
 * on these sizes the differences are near 1e-6, while a wrong term of the
 * gradient (e.g. dropping the path through the batch mean) changes results
 * by their own size.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization } from '../../lib/wasm/batch_norm_layer';
import { on, randomValues, setupBackends } from './helpers';

interface Case { shape: number[] }

const cases: Case[] = [
  { shape: [4, 6, 6, 16] },
  { shape: [2, 5, 7, 3] },
  { shape: [3, 9, 10] },
  { shape: [300, 7] },
  // 4, 8 and 16 channels take the kernels' narrow path (whole rows per 16 floats), with and without left-over rows.
  { shape: [3, 5, 7, 4] },
  { shape: [2, 3, 5, 8] },
  { shape: [1, 1, 9, 8] },
  { shape: [16, 16, 16, 4] },
  { shape: [8, 16, 16, 8] },
];

interface Result { outputs: Float32Array[]; kernels: string[] }

/** y, dx, d(weights) and the moving statistics after one training call, on `backend`. */
async function trainingCall(backend: 'cpu' | 'wasm', c: Case): Promise<Result> {
  return on(backend, async () => {
    const channels = c.shape[c.shape.length - 1]!;
    const size = c.shape.reduce((a, b) => a * b, 1);
    const layer = backend === 'wasm'
      ? new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 })
      : tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
    layer.build(c.shape);
    layer.setWeights(layer.getWeights().map((w, i) => {
      const values = randomValues(channels, 10 + i);
      // gamma around 1, moving variance positive
      return tf.tensor(values.map((v) => (i === 3 ? 1 + v * v : v + (i === 0 ? 1 : 0))), w.shape);
    }));
    const x = tf.tensor(randomValues(size, 1).map((v, i) => 3 * v + (i % channels)), c.shape);
    const dy = tf.tensor(randomValues(size, 2), c.shape);
    const trainable = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, dy)) as tf.Scalar, trainable);
      value.dispose();
      tf.dispose(Object.values(grads));
    });
    const [y, dx, ...dw] = tf.tidy(() => {
      const f = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, dy));
      const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar, trainable);
      value.dispose();
      return [layer.apply(x, { training: true }) as tf.Tensor, tf.grad(f)(x), ...trainable.map((w) => grads[w.name]!)];
    });
    const outputs = [y!, dx!, ...dw, ...layer.getWeights()].map((t) => t.dataSync() as Float32Array);
    tf.dispose([x, dy, y!, dx!, ...dw]);
    for (const w of layer.weights) w.dispose();
    return { outputs, kernels: profile.kernelNames };
  });
}

describe('fused batch normalisation on wasm matches the stock layer on cpu', () => {
  beforeAll(setupBackends);

  for (const c of cases) {
    it(JSON.stringify(c), async () => {
      const cpu = await trainingCall('cpu', c);
      const wasm = await trainingCall('wasm', c);
      expect(wasm.kernels).toContain('BatchNormTraining');
      expect(wasm.kernels).toContain('BatchNormTrainingGrad');
      expect(wasm.kernels).not.toContain('FusedBatchNorm');
      expect(wasm.outputs.length).toBe(cpu.outputs.length);
      cpu.outputs.forEach((want, k) => {
        const got = wasm.outputs[k]!;
        const scale = Math.max(...want.map(Math.abs));
        expect(scale).toBeGreaterThan(0);
        const err = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
        expect(err, `output ${k}`).toBeLessThanOrEqual(1e-4 * scale);
      });
    });
  }

  it('runs the stock computation in inference', async () => {
    await tf.setBackend('wasm');
    const layer = new BatchNormalization({});
    const x = tf.randomNormal([2, 3, 3, 4]);
    const profile = await tf.profile(() => (layer.apply(x, { training: false }) as tf.Tensor).dispose());
    expect(profile.kernelNames).not.toContain('BatchNormTraining');
    expect(layer.getClassName()).toBe('BatchNormalization');
    x.dispose();
    for (const w of layer.weights) w.dispose();
  });
});
