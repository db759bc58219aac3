/**
 * conv2d with bias (our FusedConv2D) and its gradients on wasm (our
 * Conv2DBackpropInput/Filter, the former running our Conv2D) on the direct
 * kernels (Winograd off: winograd.test.ts covers it) against the cpu
 * backend, over strides 1 and 2, kernels 1 and 3, same/valid/explicit
 * padding, odd and even sizes, batch 1, and channel counts that are and are
 * not multiples of the SIMD tile widths.
 *
 * Tolerance: each element is a float32 sum of L products (L = kh*kw*inC + 1
 * for y, kh*kw*outC for dx, batch*outH*outW for dW). Any summation order satisfies
 * |computed - exact| <= gamma_{L+1} * S with gamma_n = n*u/(1 - n*u),
 * u = 2^-24, and S the same sum of |terms|, i.e. the gradient computed from
 * |x|, |w|, |dy| (computed here on cpu). Both backends obey that bound, so
 * they may differ by 2 * gamma_{L+1} * S; we allow 1.1x that for the
 * rounding of S itself. A wrong tap, offset or padding gives errors of the
 * size of the values themselves, orders of magnitude above this bound.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type ConvCase, convGrads, on, randomValues, U32, wasmBackend, withWinograd, worstRatio } from './helpers';

const cases: ConvCase[] = [];
for (const strides of [1, 2] as const) {
  for (const k of [1, 3]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const [n, h, w] of [
        [2, 8, 8],
        [1, 7, 7],
        [3, 9, 6],
        [2, 5, 10],
      ] as const) {
        cases.push({ x: [n, h, w, 3], k, outC: 5, strides, pad });
      }
    }
  }
}
cases.push(
  { x: [2, 8, 8, 16], k: 3, outC: 32, strides: 2, pad: 'same' },
  { x: [1, 11, 11, 4], k: 3, outC: 4, strides: [1, 2], pad: 'same' },
  {
    x: [2, 6, 7, 3],
    k: 3,
    outC: 2,
    strides: 2,
    pad: [
      [0, 0],
      [2, 1],
      [0, 2],
      [0, 0],
    ],
  },
  {
    x: [1, 4, 4, 2],
    k: 3,
    outC: 3,
    strides: 1,
    pad: [
      [0, 0],
      [2, 2],
      [1, 0],
      [0, 0],
    ],
  },
  // Channel counts that exercise every tile width of the SIMD filter
  // gradient (4x8, 4x4 and 1x1, and for the last 1 to 3 input channels
  // Nx8, Nx4 and 1x1) and bands of several rows.
  { x: [2, 9, 7, 6], k: 3, outC: 13, strides: 1, pad: 'same' },
  { x: [3, 10, 9, 9], k: 3, outC: 12, strides: 2, pad: 'valid' },
  { x: [1, 40, 40, 4], k: 1, outC: 8, strides: 1, pad: 'same' },
);

describe('conv2d and its gradients on wasm match cpu', () => {
  withWinograd('off');

  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', async (_, c) => {
    const x = randomValues(tf.util.sizeFromShape(c.x), 1);
    const w = randomValues(c.k * c.k * c.x[3] * c.outC, 2);
    const dy = randomValues(tf.util.sizeFromShape(c.x) * c.outC, 3);
    const bias = randomValues(c.outC, 4);
    const idsBefore = wasmBackend().numDataIds();
    const [yW, dxW, dwW] = await on('wasm', () => convGrads(c, x, w, dy, bias, false));
    expect(wasmBackend().numDataIds()).toBe(idsBefore);
    const [yC, dxC, dwC] = await on('cpu', () => convGrads(c, x, w, dy, bias, false));
    const [yAbs, dxAbs, dwAbs] = await on('cpu', () => convGrads(c, x, w, dy, bias, true));

    const info = tf.backend_util.computeConv2DInfo(c.x, [c.k, c.k, c.x[3], c.outC], c.strides, 1, c.pad);
    const bound = (abs: Float32Array, terms: number) => {
      const gamma = ((terms + 1) * U32) / (1 - (terms + 1) * U32);
      // Float64 (Array.from): exact zeros (untouched by any tap) must match exactly.
      return Array.from(abs, (s) => 1.1 * 2 * gamma * s + Number.MIN_VALUE);
    };
    expect(yW.length).toBe(yC.length);
    expect(worstRatio(yW, yC, bound(yAbs, c.k * c.k * c.x[3] + 1))).toBeLessThanOrEqual(1);
    expect(dxW.length).toBe(dxC.length);
    expect(dwW.length).toBe(dwC.length);
    expect(worstRatio(dxW, dxC, bound(dxAbs, c.k * c.k * c.outC))).toBeLessThanOrEqual(1);
    expect(worstRatio(dwW, dwC, bound(dwAbs, c.x[0] * info.outHeight * info.outWidth))).toBeLessThanOrEqual(1);
  });
});

/**
 * The filter gradient's last 1 to 3 input channels (when inC is not a multiple of 4) go through their own tiles.
 * Each dW element is still the same chain of multiply-adds over the same pixels in the same order, so it must
 * equal, bit for bit, what the 4-channel tiles give when x is padded with zero channels to a multiple of 4
 * (whose own dW rows are then zero): 8- and 4-wide output blocks and the scalar remainder (13 = 8 + 4 + 1).
 */
describe('the filter gradient of the last 1 to 3 input channels', () => {
  withWinograd('off');

  /** dW of sum(conv2d(x, w) * dy) on wasm, x [2, 9, 7, inC] with `channels` stored channels (the rest zero). */
  function filterGrad(inC: number, channels: number, k: number, outC: number): Float32Array {
    return tf.tidy(() => {
      const real = tf.tensor4d(randomValues(2 * 9 * 7 * inC, 1), [2, 9, 7, inC]);
      const x =
        channels === inC
          ? real
          : tf.pad(real, [
              [0, 0],
              [0, 0],
              [0, 0],
              [0, channels - inC],
            ]);
      const w = tf.zeros<tf.Rank.R4>([k, k, channels, outC]);
      const dy = tf.tensor4d(randomValues(2 * 9 * 7 * outC, 3), [2, 9, 7, outC]);
      const dw = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, v as tf.Tensor4D, 1, 'same'), dy)))(w);
      return dw.dataSync() as Float32Array;
    });
  }

  it.each([1, 2, 3, 5, 6, 7])('%i input channels: the bits of the 4-channel tiles', async (inC) => {
    await tf.setBackend('wasm');
    const padded = 4 * Math.ceil(inC / 4);
    for (const k of [1, 3]) {
      const outC = 13;
      const own = filterGrad(inC, inC, k, outC);
      const wide = filterGrad(inC, padded, k, outC);
      const kept = new Float32Array(own.length);
      for (let tap = 0; tap < k * k; tap++) {
        kept.set(wide.subarray(tap * padded * outC, (tap * padded + inC) * outC), tap * inC * outC);
      }
      const bits = (v: Float32Array) => new Uint32Array(v.buffer, v.byteOffset, v.length);
      expect(bits(own), `${k}×${k}`).toEqual(bits(kept));
      expect(own.some((v) => v !== 0)).toBe(true);
    }
  });
});
