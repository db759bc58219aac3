/**
 * Tile, Sum, Mean and Identity on wasm (our kernels) against the cpu
 * backend, including the shapes the batch-norm gradient produces and shapes
 * that fall back to the stock kernels.
 *
 * Tile and Identity move data without arithmetic, so they must match
 * exactly. Sum/Mean of R float32 terms obey |computed - exact| <=
 * gamma_R * sum|x| (gamma_R = R*u/(1 - R*u), u = 2^-24) for any summation
 * order, plus a few roundings for the mean's scaling (we allow R + 4 terms);
 * both backends obey it, so they may differ by twice that.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { on, randomValues, setupBackends, U32, wasmBackend, worstRatio } from './helpers';

beforeAll(setupBackends);

describe('Tile', () => {
  const cases: [number[], number[]][] = [
    [[1, 1, 1, 16], [64, 32, 32, 1]],
    [[1, 2, 1, 3], [2, 1, 3, 2]],
    [[3], [4]],
    [[2, 3], [1, 1]],
    [[2, 1, 3], [3, 5, 1]],
    [[1, 5, 1, 2, 1], [2, 1, 3, 1, 2]],
  ];
  it.each(cases)('x %j reps %j', async (shape, reps) => {
    const x = randomValues(tf.util.sizeFromShape(shape), 7);
    const run = () => tf.tidy(() => Array.from(tf.tile(tf.tensor(x, shape), reps).dataSync()));
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
  });

  it('tiles int32 and bool', async () => {
    const run = () => tf.tidy(() => [
      Array.from(tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]).dataSync()),
      Array.from(tf.tile(tf.tensor1d([true, false], 'bool'), [3]).dataSync()),
    ]);
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
  });
});

describe('Sum and Mean', () => {
  const cases: [number[], number[], boolean][] = [
    [[64, 8, 8, 16], [0, 1, 2], false],
    [[4, 7, 5, 3], [0, 1, 2], true],
    [[4, 7, 5, 3], [2, 0, 1], false],
    [[13, 6], [0], false],
    [[5, 4, 3], [0, 1, 2], false],
    [[5, 4, 3], [1, 2], true],
    [[5, 4, 3], [0, 2], false],
  ];
  it.each(cases)('x %j axes %j keepDims %s', async (shape, axes, keepDims) => {
    const x = randomValues(tf.util.sizeFromShape(shape), 11);
    const run = (values: Float32Array) => () => tf.tidy(() => [
      tf.sum(tf.tensor(values, shape), axes, keepDims),
      tf.mean(tf.tensor(values, shape), axes, keepDims),
    ].map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array })));
    const [sumW, meanW] = await on('wasm', run(x));
    const [sumC, meanC] = await on('cpu', run(x));
    const [sumAbs, meanAbs] = await on('cpu', run(x.map(Math.abs)));
    const terms = axes.reduce((n, a) => n * shape[a]!, 1) + 4;
    const gamma = (terms * U32) / (1 - terms * U32);
    const bound = (abs: Float32Array) => Array.from(abs, (s) => 2 * gamma * s);
    expect(sumW!.shape).toEqual(sumC!.shape);
    expect(meanW!.shape).toEqual(meanC!.shape);
    expect(worstRatio(sumW!.values, sumC!.values, bound(sumAbs!.values))).toBeLessThanOrEqual(1);
    expect(worstRatio(meanW!.values, meanC!.values, bound(meanAbs!.values))).toBeLessThanOrEqual(1);
  });
});

describe('Identity', () => {
  it('returns equal values and frees the buffer only when both tensors are gone', async () => {
    await tf.setBackend('wasm');
    const ids = wasmBackend().numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(wasmBackend().numDataIds()).toBe(ids);
  });
});
