/**
 * Winograd F(2x2, 3x3) and F(4x4, 3x3) on wasm (lib/wasm/winograd.ts)
 * against the cpu backend: the forward convolution with bias
 * (FusedConv2D), the input gradient (a 3x3 stride-1 convolution of dy) and
 * the filter gradient, over the 3x3 shapes of ResNet-20 and of the workshop
 * net plus odd ones (1x1 images, 1 channel, batch 1, sizes that are not
 * multiples of the tile, 'same', 'valid' and explicit padding), on the
 * 2-thread backend (batches of 2 and more are split over both threads).
 * Mode 'always' sends every 3x3 stride-1 convolution through Winograd,
 * whatever its channels; each case runs with both tiles.
 *
 * Error bound. For F(m, 3) in 1-D, the Winograd terms of an output taken
 * with absolute values, |A^T| (|G||g| (.) |B^T||d|), are at most
 * c1 (sum of the m + 2 |d| of the tile's window)(sum of the 3 |g|), where
 * c1 = max over (output k, input i, tap j) of
 * sum_xi |A^T[k, xi]| |G[xi, j]| |B^T[xi, i]|: 2 for F(2, 3), 32/3 for
 * F(4, 3) (computed from the matrices in assembly/winograd*.ts); the same
 * c1 holds for the filter gradient's |G^T| (|B^T||d| (.) |A||dy|) with the
 * tile's m |dy|. In 2-D the factor is c = c1^2 (4, and 1024/9), so with
 *
 *     S'  = sum over the reduced channel (or, for dW, over images and tiles)
 *           of (sum of |input| over the tile's (m+2)^2 window)
 *            * (sum of |filter| over its 3x3 taps, or of |dy| over the m x m tile)
 *
 * and at most L + r roundings along any path (L in the products and their
 * sum over the L reduced terms; r = 12 for F(2x2): 2 in each input
 * transform, 4 in the filter's, 4 in the output transform, the bias and the
 * thread shares; r = 32 for F(4x4), whose transforms have up to 6 terms
 * and inexact constants), ours is within c gamma_{L+r} S' of the exact
 * value (gamma_n = n u/(1 - n u), u = 2^-24). The cpu backend's direct sum
 * is within gamma_{L'+1} S with S the direct sum of |terms| (L' = 9 C + 1
 * for y, 9 K for dx, images * pixels for dW). We check |ours - cpu| <=
 * 1.1 (c gamma_{L+r} (S' + |bias|) + gamma_{L'+1} S), the 1.1 for the
 * rounding of the bounds themselves. On random data S' is about 16 S for
 * F(2x2), so this is about 3.5 times looser than the direct kernels' bound
 * in conv-grads.test.ts, and about 36 S for F(4x4) (measured errors there
 * are about 15 times F(2x2)'s, far below the bound); an error in a
 * transform or a tile offset is of the size of the values, above both.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWinograd, setWinogradTile, winogradMode, winogradTile } from '../../lib/wasm/winograd';
import { on, randomValues, setupBackends, U32, wasmBackend, worstRatio } from './helpers';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
type Shape = [number, number, number, number];

interface Case { x: Shape; outC: number; pad: Pad }

const cases: Case[] = [
  // ResNet-20's and the workshop net's 3x3 stride-1 convolutions (small batches).
  { x: [2, 32, 32, 16], outC: 16, pad: 'same' },
  { x: [2, 16, 16, 32], outC: 32, pad: 'same' },
  { x: [3, 8, 8, 64], outC: 64, pad: 'same' },
  { x: [2, 32, 32, 3], outC: 16, pad: 'same' },
  // Odd sizes.
  { x: [1, 1, 1, 8], outC: 8, pad: 'same' },
  { x: [2, 1, 1, 1], outC: 1, pad: 'same' },
  { x: [1, 3, 3, 1], outC: 1, pad: 'valid' },
  { x: [2, 7, 5, 1], outC: 3, pad: 'same' },
  { x: [3, 9, 6, 5], outC: 13, pad: 'valid' },
  { x: [2, 5, 10, 12], outC: 9, pad: 'same' },
  { x: [1, 11, 7, 20], outC: 6, pad: 'valid' },
  { x: [2, 6, 7, 8], outC: 12, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [5, 4, 4, 4], outC: 4, pad: [[0, 0], [2, 2], [1, 0], [0, 0]] },
];

/** fused conv2d(x, w) + bias, and dx and dW of sum(conv2d(x, w) * dy), as arrays. */
function convGrads(c: Case, x: Float32Array, w: Float32Array, dy: Float32Array, bias: Float32Array,
  abs: boolean): [Float32Array, Float32Array, Float32Array] {
  return tf.tidy(() => {
    const fix = (v: Float32Array) => (abs ? v.map(Math.abs) : v);
    const xT = tf.tensor4d(fix(x), c.x);
    const wT = tf.tensor4d(fix(w), [3, 3, c.x[3], c.outC]);
    const y = tf.fused.conv2d({ x: xT, filter: wT, strides: 1, pad: c.pad, bias: tf.tensor1d(fix(bias)) });
    const dyT = tf.tensor(fix(dy.subarray(0, y.size)), y.shape);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad), dyT)));
    const [dx, dw] = grads([xT, wT]);
    return [y.dataSync() as Float32Array, dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}

/**
 * Sum of |v| over the (m+2)x(m+2) window of tile (ty, tx) of channel c, the
 * window starting at row m ty - top, column m tx - left.
 */
function windowSum(v: Float32Array, [, h, w, ch]: Shape, m: number, b: number, ty: number, tx: number, top: number,
  left: number, c: number): number {
  let s = 0;
  for (let i = m * ty - top; i < m * (ty + 1) - top + 2; i++) {
    for (let j = m * tx - left; j < m * (tx + 1) - left + 2; j++) {
      if (i >= 0 && i < h && j >= 0 && j < w) s += Math.abs(v[((b * h + i) * w + j) * ch + c]!);
    }
  }
  return s;
}

/**
 * S' of a convolution of `input` (shape `shape`, leading padding top/left)
 * into [batch, outH, outW, outC], the filter's absolute tap sums given as
 * taps[c][o] (c the reduced channel).
 */
function convWindowBound(input: Float32Array, shape: Shape, m: number, top: number, left: number, outH: number,
  outW: number, taps: number[][]): Float64Array {
  const outC = taps[0]!.length;
  const out = new Float64Array(shape[0] * outH * outW * outC);
  for (let b = 0; b < shape[0]; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let c = 0; c < shape[3]; c++) {
          const s = windowSum(input, shape, m, b, Math.floor(oy / m), Math.floor(ox / m), top, left, c);
          for (let o = 0; o < outC; o++) out[((b * outH + oy) * outW + ox) * outC + o]! += s * taps[c]![o]!;
        }
      }
    }
  }
  return out;
}

/** S' of the filter gradient [3, 3, C, K]: over images and tiles, window sums of |x| times tile sums of |dy|. */
function filterWindowBound(x: Float32Array, shape: Shape, m: number, top: number, left: number, dy: Float32Array,
  dyShape: Shape): Float64Array {
  const [batch, outH, outW, outC] = dyShape;
  const inC = shape[3];
  const perPair = new Float64Array(inC * outC);
  for (let b = 0; b < batch; b++) {
    for (let ty = 0; ty < Math.ceil(outH / m); ty++) {
      for (let tx = 0; tx < Math.ceil(outW / m); tx++) {
        const dySums = Array.from({ length: outC }, (_, o) => {
          let s = 0;
          for (let i = m * ty; i < Math.min(outH, m * (ty + 1)); i++) {
            for (let j = m * tx; j < Math.min(outW, m * (tx + 1)); j++) s += Math.abs(dy[((b * outH + i) * outW + j) * outC + o]!);
          }
          return s;
        });
        for (let c = 0; c < inC; c++) {
          const s = windowSum(x, shape, m, b, ty, tx, top, left, c);
          for (let o = 0; o < outC; o++) perPair[c * outC + o]! += s * dySums[o]!;
        }
      }
    }
  }
  return Float64Array.from({ length: 9 * inC * outC }, (_, i) => perPair[i % (inC * outC)]!);
}

/** taps[c][o] = sum over the 3x3 taps of |w[ky, kx, c, o]| (transposed: taps[o][c]). */
function tapSums(w: Float32Array, inC: number, outC: number, transposed: boolean): number[][] {
  const [rows, cols] = transposed ? [outC, inC] : [inC, outC];
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, q) => {
    const [c, o] = transposed ? [q, r] : [r, q];
    let s = 0;
    for (let k = 0; k < 9; k++) s += Math.abs(w[(k * inC + c) * outC + o]!);
    return s;
  }));
}

const gamma = (n: number): number => (n * U32) / (1 - n * U32);

/** Per tile: c = c1^2 and the roundings r beyond the reduction (see the bound above). */
const TILES = { 2: { c: 4, r: 12 }, 4: { c: 1024 / 9, r: 32 } } as const;

describe('Winograd convolution and its gradients on wasm match cpu', () => {
  beforeAll(async () => {
    await setupBackends();
    setWinograd('always');
  });
  afterAll(() => {
    setWinograd('auto');
    setWinogradTile('auto');
  });

  it.each(cases.flatMap((c) => ([2, 4] as const).map((m) => [m, JSON.stringify(c), c] as const)))(
    'tile %i, %s', async (m, _, c) => {
    setWinogradTile(m);
    const [batch, , , inC] = c.x;
    const x = randomValues(tf.util.sizeFromShape(c.x), 1);
    const w = randomValues(9 * inC * c.outC, 2);
    const dy = randomValues(tf.util.sizeFromShape(c.x) * c.outC, 3);
    const bias = randomValues(c.outC, 4);
    const idsBefore = wasmBackend().numDataIds();
    const [yW, dxW, dwW] = await on('wasm', () => convGrads(c, x, w, dy, bias, false));
    expect(wasmBackend().numDataIds()).toBe(idsBefore);
    const [yC, dxC, dwC] = await on('cpu', () => convGrads(c, x, w, dy, bias, false));
    const [yAbs, dxAbs, dwAbs] = await on('cpu', () => convGrads(c, x, w, dy, bias, true));

    const info = tf.backend_util.computeConv2DInfo(c.x, [3, 3, inC, c.outC], 1, 1, c.pad);
    const { outHeight: outH, outWidth: outW, padInfo: { top, left } } = info;
    const dyUsed = dy.subarray(0, batch * outH * outW * c.outC);
    const bound = (ours: Float64Array, oursTerms: number, abs: Float32Array, cpuTerms: number) =>
      Array.from(abs, (s, i) => 1.1 * (TILES[m].c * gamma(oursTerms + TILES[m].r) * ours[i]!
        + gamma(cpuTerms + 1) * s) + Number.MIN_VALUE);

    const yWindow = convWindowBound(x, c.x, m, top, left, outH, outW, tapSums(w, inC, c.outC, false))
      .map((s, i) => s + Math.abs(bias[i % c.outC]!));
    expect(worstRatio(yW, yC, bound(yWindow, inC, yAbs, 9 * inC + 1))).toBeLessThanOrEqual(1);

    // The input gradient convolves dy (padded by 2 - top, 2 - left) with the flipped filter.
    const dxWindow = convWindowBound(dyUsed, [batch, outH, outW, c.outC], m, 2 - top, 2 - left, c.x[1], c.x[2],
      tapSums(w, inC, c.outC, true));
    expect(worstRatio(dxW, dxC, bound(dxWindow, c.outC, dxAbs, 9 * c.outC))).toBeLessThanOrEqual(1);

    const tiles = batch * Math.ceil(outH / m) * Math.ceil(outW / m);
    const dwWindow = filterWindowBound(x, c.x, m, top, left, dyUsed, [batch, outH, outW, c.outC]);
    expect(worstRatio(dwW, dwC, bound(dwWindow, tiles, dwAbs, batch * outH * outW))).toBeLessThanOrEqual(1);
  });

  it('runs the Winograd path with each tile (results differ from the direct kernels\' and each other\'s)', async () => {
    const c = cases[0]!;
    const x = randomValues(tf.util.sizeFromShape(c.x), 1);
    const w = randomValues(9 * c.x[3] * c.outC, 2);
    const dy = randomValues(tf.util.sizeFromShape(c.x) * c.outC, 3);
    const bias = randomValues(c.outC, 4);
    const results = [];
    for (const [mode, tile] of [['always', 2], ['always', 4], ['off', 2]] as const) {
      setWinograd(mode);
      setWinogradTile(tile);
      results.push((await on('wasm', () => convGrads(c, x, w, dy, bias, false))).map((r) => Array.from(r)));
    }
    setWinograd('always');
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
      for (let i = 0; i < 3; i++) expect(results[a]![i]).not.toEqual(results[b]![i]);
    }
  });

  it('chooses F(4x4) unless the output is narrower than 4 pixels', () => {
    setWinogradTile('auto');
    expect([winogradTile(32, 32), winogradTile(4, 9), winogradTile(3, 32), winogradTile(1, 1)]).toEqual([4, 4, 2, 2]);
  });

  it('refuses an unknown mode or tile and keeps the current one', () => {
    expect(() => setWinograd('on' as 'always')).toThrow(/one of auto, always, off, got on/);
    expect(winogradMode()).toBe('always');
    expect(() => setWinogradTile(3 as 2)).toThrow(/tile must be one of auto, 2, 4, got 3/);
    expect(winogradTile(32, 32)).toBe(4);
  });
});
