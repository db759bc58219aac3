/**
 * FusedBatchNorm on wasm (lib/wasm/fused-batch-norm.ts) against the stock
 * wasm kernel it replaces: the same float32 expression in the same order, so
 * the same bits, for channel counts that do and do not fill the 4-lane
 * vectors, with and without scale and offset, on 2 threads; the shapes it
 * leaves to the stock kernel give the stock result; and the cpu backend
 * agrees to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomValues, setupBackends } from './helpers';

/** The backend's own kernel, captured before setupBackends registers ours. */
const stock = tf.getKernel(tf.FusedBatchNorm, 'wasm');
let ours: tf.KernelConfig;

function use(config: tf.KernelConfig): void {
  tf.unregisterKernel(tf.FusedBatchNorm, 'wasm');
  tf.registerKernel(config);
}

interface Case {
  shape: number[];
  paramShape: number[];
  scaled: boolean;
}

/** batchNorm on the active backend: values of x, mean, variance (positive), offset, scale from fixed seeds. */
function run({ shape, paramShape, scaled }: Case): Float32Array {
  return tf.tidy(() => {
    const size = paramShape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(
      randomValues(tf.util.sizeFromShape(shape), 1).map((v) => 3 * v),
      shape,
    );
    const mean = tf.tensor(randomValues(size, 2), paramShape);
    const variance = tf.tensor(
      randomValues(size, 3).map((v) => v * v + 0.01),
      paramShape,
    );
    const offset = scaled ? tf.tensor(randomValues(size, 4), paramShape) : undefined;
    const scale = scaled
      ? tf.tensor(
          randomValues(size, 5).map((v) => 2 * v),
          paramShape,
        )
      : undefined;
    return tf.batchNorm(x, mean, variance, offset, scale, 1e-3).dataSync() as Float32Array;
  });
}

const PER_CHANNEL: Case[] = [1, 3, 4, 5, 7, 8, 16, 32].flatMap((c) => [
  { shape: [2, 5, 3, c], paramShape: [c], scaled: true },
  { shape: [37, c], paramShape: [c], scaled: c % 2 === 0 },
]);

describe('FusedBatchNorm on wasm', () => {
  beforeAll(async () => {
    await setupBackends();
    await tf.setBackend('wasm');
    ours = tf.getKernel(tf.FusedBatchNorm, 'wasm');
  });

  afterEach(() => use(ours));

  it('replaced the stock kernel', () => {
    expect(ours).not.toBe(stock);
  });

  it.each(PER_CHANNEL)('$shape with per-channel parameters (scaled: $scaled): the stock bits', async (c) => {
    await tf.setBackend('wasm');
    const fast = run(c);
    use(stock);
    const reference = run(c);
    expect(new Uint32Array(fast.buffer)).toEqual(new Uint32Array(reference.buffer));
    await tf.setBackend('cpu');
    const cpu = run(c);
    await tf.setBackend('wasm');
    cpu.forEach((v, i) => expect(Math.abs(fast[i]! - v)).toBeLessThanOrEqual(4 * 2 ** -24 * (Math.abs(v) + 40)));
  });

  it.each([
    { shape: [4, 6, 8], paramShape: [6, 8], scaled: true },
    { shape: [4, 6, 8], paramShape: [1], scaled: true },
    { shape: [4, 6, 8], paramShape: [1], scaled: false },
  ])('$shape with parameters of shape $paramShape: left to the stock kernel', async (c) => {
    await tf.setBackend('wasm');
    const fast = run(c);
    use(stock);
    expect(run(c)).toEqual(fast);
    await tf.setBackend('cpu');
    const cpu = run(c);
    await tf.setBackend('wasm');
    cpu.forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 4));
  });
});
