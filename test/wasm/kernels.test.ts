/**
 * Tile, Sum, Mean, Identity, Multiply, Cast and AvgPoolGrad on wasm (our kernels) against
 * the cpu backend, including the shapes the batch-norm gradient produces and
 * shapes that fall back to the stock kernels.
 *
 * Tile, Identity and Cast move data without arithmetic, and each Multiply
 * output is one correctly rounded product, so they must match exactly. Sum/Mean of R float32 terms obey |computed - exact| <=
 * gamma_R * sum|x| (gamma_R = R*u/(1 - R*u), u = 2^-24) for any summation
 * order, plus a few roundings for the mean's scaling (we allow R + 4 terms);
 * both backends obey it, so they may differ by twice that.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { avgPoolGradConfig } from '../../lib/wasm/avg-pool-grad';
import { on, randomValues, setupBackends, U32, wasmBackend, worstRatio } from './helpers';

beforeAll(setupBackends);

describe('Tile', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 1, 1, 16],
      [64, 32, 32, 1],
    ],
    [
      [1, 2, 1, 3],
      [2, 1, 3, 2],
    ],
    [[3], [4]],
    [
      [2, 3],
      [1, 1],
    ],
    [
      [2, 1, 3],
      [3, 5, 1],
    ],
    [
      [1, 5, 1, 2, 1],
      [2, 1, 3, 1, 2],
    ],
  ];
  it.each(cases)('x %j reps %j', async (shape, reps) => {
    const x = randomValues(tf.util.sizeFromShape(shape), 7);
    const run = () => tf.tidy(() => Array.from(tf.tile(tf.tensor(x, shape), reps).dataSync()));
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
  });

  it('tiles int32 and bool', async () => {
    const run = () =>
      tf.tidy(() => [
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
    const run = (values: Float32Array) => () =>
      tf.tidy(() =>
        [tf.sum(tf.tensor(values, shape), axes, keepDims), tf.mean(tf.tensor(values, shape), axes, keepDims)].map(
          (t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }),
        ),
      );
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

  it('gives NaN and ±Infinity where tfjs does (the pooled reduction would clamp NaN to -Infinity)', async () => {
    // Columns: a NaN, +Infinity, -Infinity, +Infinity with -Infinity, and plain values.
    const x = Float32Array.from([NaN, Infinity, -Infinity, Infinity, 1, 2, 3, 4, -Infinity, 5]);
    const run = () =>
      tf.tidy(() =>
        [tf.sum(tf.tensor(x, [2, 5]), 0), tf.mean(tf.tensor(x, [2, 5]), 0)].map((t) => Array.from(t.dataSync())),
      );
    const [sum, mean] = await on('wasm', run);
    expect(sum).toEqual([NaN, Infinity, -Infinity, NaN, 6]);
    expect(mean).toEqual([NaN, Infinity, -Infinity, NaN, 3]);
    expect(await on('cpu', run)).toEqual([sum, mean]);
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

describe('Multiply', () => {
  // Each output is one correctly rounded product on both backends: exact.
  const cases: [number[], number[]][] = [
    [[16], [4, 5, 6, 16]],
    [
      [1, 1, 1, 16],
      [64, 8, 8, 16],
    ],
    [
      [4, 5, 6, 16],
      [1, 1, 1, 16],
    ],
    [
      [3, 1, 5],
      [1, 4, 1],
    ],
    [
      [2, 7],
      [2, 7],
    ],
    [[], [3, 4]],
  ];
  it.each(cases)('a %j b %j', async (aShape, bShape) => {
    const a = randomValues(tf.util.sizeFromShape(aShape), 21);
    const b = randomValues(tf.util.sizeFromShape(bShape), 22);
    const run = () =>
      tf.tidy(() => {
        const out = tf.mul(tf.tensor(a, aShape), tf.tensor(b, bShape));
        return { shape: out.shape, values: Array.from(out.dataSync()) };
      });
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
  });

  it('multiplies int32 with the smaller operand first', async () => {
    const run = () =>
      tf.tidy(() =>
        Array.from(tf.mul(tf.tensor1d([2, -3], 'int32'), tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32')).dataSync()),
      );
    expect(await on('wasm', run)).toEqual([2, -6, 6, -12, 10, -18]);
  });
});

describe('Cast', () => {
  it('shares the buffer for a cast to the same dtype', async () => {
    await tf.setBackend('wasm');
    const ids = wasmBackend().numDataIds();
    const x = tf.tensor1d([1.5, -2, 3]);
    const y = tf.cast(x, 'float32');
    expect(wasmBackend().numDataIds()).toBe(ids + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3]);
    y.dispose();
    expect(wasmBackend().numDataIds()).toBe(ids);
  });

  it('converts between dtypes like cpu', async () => {
    const run = () =>
      tf.tidy(() => [
        Array.from(tf.cast(tf.tensor1d([1.7, -2.5, 0, 3]), 'int32').dataSync()),
        Array.from(tf.cast(tf.tensor1d([true, false], 'bool'), 'float32').dataSync()),
        Array.from(tf.cast(tf.tensor1d([0, 2, -1, 256], 'int32'), 'bool').dataSync()),
        Array.from(tf.cast(tf.tensor1d([0, -0, 0.5, NaN, -3]), 'bool').dataSync()),
      ]);
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
  });
});

describe('AvgPoolGrad', () => {
  type Size = number | [number, number];
  const area = (size: Size): number => (typeof size === 'number' ? size * size : size[0] * size[1]);
  // [input shape, pool size, strides, padding]: windows that tile the input (ours: one window; square and
  // non-square windows in grids of 2 x 2 up to 4 x 4, as the family's 8 x 8 pool on 16 x 16 and 32 x 32 maps;
  // 'same' padding that comes out zero) and others (stock: overlapping windows, windows that leave pixels out,
  // real padding).
  const tiling: [[number, number, number, number], Size, Size, 'valid' | 'same'][] = [
    [[3, 8, 8, 16], 8, 8, 'valid'],
    [[2, 5, 5, 3], 5, 5, 'valid'],
    [[2, 6, 6, 4], 2, 2, 'valid'],
    [[2, 6, 6, 5], 3, 3, 'valid'],
    [[2, 16, 16, 8], 8, 8, 'valid'],
    [[2, 32, 32, 3], 8, 8, 'valid'],
    [[2, 6, 4, 3], [3, 2], [3, 2], 'valid'],
    [[3, 4, 9, 2], [2, 3], [2, 3], 'valid'],
    [[2, 8, 6, 5], 2, 2, 'same'],
  ];
  const stock: [[number, number, number, number], Size, Size, 'valid' | 'same'][] = [
    [[2, 5, 5, 3], 5, 1, 'valid'],
    [[2, 6, 6, 4], 3, 1, 'valid'],
    [[2, 7, 7, 4], 2, 2, 'valid'],
    [[2, 6, 6, 4], 4, 4, 'same'],
  ];
  it.each([...tiling, ...stock])('input %j pool %j stride %j %s', async (shape, pool, stride, pad) => {
    const x = randomValues(tf.util.sizeFromShape(shape), 11);
    const run = () =>
      tf.tidy(() => {
        const input = tf.tensor4d(x, shape);
        const dy = tf.tensor(
          randomValues(tf.avgPool(input, pool, stride, pad).size, 12),
          tf.avgPool(input, pool, stride, pad).shape,
        );
        return Array.from(
          tf
            .grad((t: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, pool, stride, pad), dy)))(input)
            .dataSync(),
        );
      });
    const [got, want] = [await on('wasm', run), await on('cpu', run)];
    // Each element sums at most area terms dy/area (|dy| < 1): the sums may differ by (area + 2) roundings.
    expect(
      worstRatio(
        got,
        want,
        want.map(() => (area(pool) + 2) * U32),
      ),
    ).toBeLessThanOrEqual(1);
  });

  it('runs its own path exactly for the pools whose windows tile the input', async () => {
    await tf.setBackend('wasm');
    let stockCalls = 0;
    const kernel = avgPoolGradConfig({
      kernelName: tf.AvgPoolGrad,
      backendName: 'wasm',
      kernelFunc: () => {
        stockCalls++;
        return null as unknown as tf.TensorInfo;
      },
    });
    for (const [shape, pool, stride, pad] of [...tiling, ...stock]) {
      const before = stockCalls;
      const input = tf.zeros(shape);
      const dy = tf.zeros(tf.avgPool(input as tf.Tensor4D, pool, stride, pad).shape);
      const dx = kernel.kernelFunc({
        inputs: { dy, input },
        attrs: { filterSize: pool, strides: stride, pad },
        backend: wasmBackend(),
      }) as tf.TensorInfo | null;
      const ours = stockCalls === before;
      expect([shape, pool, stride, pad, ours]).toEqual([shape, pool, stride, pad, tiling.some((c) => c[0] === shape)]);
      if (dx) wasmBackend().disposeData(dx.dataId);
      tf.dispose([input, dy]);
    }
  });
});
