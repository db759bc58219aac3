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
 * Error bound. Winograd's algorithm run in float64 on absolute values with
 * the absolute transform matrices gives, per output, T (winograd-bound.ts)
 * such that ours is within gamma_{L+r} T of the exact value (gamma_n =
 * n u/(1 - n u), u = 2^-24), with at most L + r roundings along any path:
 * L in the products and their sum over the L reduced terms (channels, or
 * for dW images times tiles); r = 12 for F(2x2) (2 in each input
 * transform, 4 in the filter's, 4 in the output transform, the bias and
 * the threads' shares) and r = 32 for F(4x4), whose transforms have up to 6
 * terms and inexact constants. The cpu backend's direct sum is within
 * gamma_{L'+1} S, S the direct sum of |terms| (L' = 9 C + 1 for y, 9 K for
 * dx, images * pixels for dW). We check
 * |ours - cpu| <= 1.1 (gamma_{L+r} T + gamma_{L'+1} S), the 1.1 for the
 * rounding of the bounds themselves. A wrong tap or tile offset gives
 * errors of the size of the values, far above it; a transform coefficient
 * off by 1 part in 10^4 (5.001 for 5 in F(4x4)'s B^T, or 1.0001 for 1 in
 * F(2x2)'s) already fails most cases here.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWinograd, setWinogradTile, winogradMode, winogradTile } from '../../lib/wasm/winograd';
import { convGrads, on, type Pad, randomValues, setupBackends, U32, wasmBackend, worstRatio } from './helpers';
import { convBound, F2, F4, filterBound, type Shape } from './winograd-bound';

interface Case {
  x: Shape;
  outC: number;
  pad: Pad;
}

const cases: Case[] = [
  // ResNet-20's and the workshop net's 3x3 stride-1 convolutions (small batches).
  { x: [2, 32, 32, 16], outC: 16, pad: 'same' },
  { x: [2, 16, 16, 32], outC: 32, pad: 'same' },
  { x: [3, 8, 8, 64], outC: 64, pad: 'same' },
  { x: [2, 32, 32, 3], outC: 16, pad: 'same' },
  { x: [2, 32, 32, 8], outC: 8, pad: 'same' },
  // Shares longer than the ring of padded images, whose slots are then reused, with chunks of tiles that start
  // inside an image: 2 image slots for either tile here; 8 for F(4x4) and 5 for F(2x2) below.
  { x: [5, 32, 32, 16], outC: 16, pad: 'same' },
  { x: [40, 12, 12, 16], outC: 16, pad: 'same' },
  // Odd sizes.
  { x: [1, 1, 1, 8], outC: 8, pad: 'same' },
  { x: [2, 1, 1, 1], outC: 1, pad: 'same' },
  { x: [1, 3, 3, 1], outC: 1, pad: 'valid' },
  { x: [2, 7, 5, 1], outC: 3, pad: 'same' },
  { x: [3, 9, 6, 5], outC: 13, pad: 'valid' },
  { x: [2, 5, 10, 12], outC: 9, pad: 'same' },
  { x: [1, 11, 7, 20], outC: 6, pad: 'valid' },
  {
    x: [2, 6, 7, 8],
    outC: 12,
    pad: [
      [0, 0],
      [2, 1],
      [0, 2],
      [0, 0],
    ],
  },
  {
    x: [5, 4, 4, 4],
    outC: 4,
    pad: [
      [0, 0],
      [2, 2],
      [1, 0],
      [0, 0],
    ],
  },
];

const gamma = (n: number): number => (n * U32) / (1 - n * U32);

/** Per tile: its transforms and the roundings r beyond the reduction (see the bound above). */
const TILES = { 2: { transforms: F2, r: 12 }, 4: { transforms: F4, r: 32 } } as const;

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
    'tile %i, %s',
    async (m, _, c) => {
      setWinogradTile(m);
      const [batch, , , inC] = c.x;
      const x = randomValues(tf.util.sizeFromShape(c.x), 1);
      const w = randomValues(9 * inC * c.outC, 2);
      const dy = randomValues(tf.util.sizeFromShape(c.x) * c.outC, 3);
      const bias = randomValues(c.outC, 4);
      const idsBefore = wasmBackend().numDataIds();
      const [yW, dxW, dwW] = await on('wasm', () => convGrads({ ...c, k: 3, strides: 1 }, x, w, dy, bias, false));
      expect(wasmBackend().numDataIds()).toBe(idsBefore);
      const [yC, dxC, dwC] = await on('cpu', () => convGrads({ ...c, k: 3, strides: 1 }, x, w, dy, bias, false));
      const [yAbs, dxAbs, dwAbs] = await on('cpu', () => convGrads({ ...c, k: 3, strides: 1 }, x, w, dy, bias, true));

      const info = tf.backend_util.computeConv2DInfo(c.x, [3, 3, inC, c.outC], 1, 1, c.pad);
      const {
        outHeight: outH,
        outWidth: outW,
        padInfo: { top, left },
      } = info;
      const dyUsed = dy.subarray(0, batch * outH * outW * c.outC);
      const { transforms, r } = TILES[m];
      const bound = (ours: Float64Array, oursTerms: number, abs: Float32Array, cpuTerms: number) =>
        Array.from(abs, (s, i) => 1.1 * (gamma(oursTerms + r) * ours[i]! + gamma(cpuTerms + 1) * s) + Number.MIN_VALUE);
      const tap = (ci: number, o: number, flip: boolean) =>
        Array.from({ length: 3 }, (_, ky) =>
          Array.from({ length: 3 }, (_, kx) => w[((flip ? 8 - 3 * ky - kx : 3 * ky + kx) * inC + ci) * c.outC + o]!),
        );

      const yT = convBound(transforms, x, c.x, top, left, outH, outW, c.outC, (ci, o) => tap(ci, o, false), bias);
      expect(worstRatio(yW, yC, bound(yT, inC, yAbs, 9 * inC + 1))).toBeLessThanOrEqual(1);

      // The input gradient convolves dy (padded by 2 - top, 2 - left) with the flipped filter, channels swapped.
      const dxT = convBound(
        transforms,
        dyUsed,
        [batch, outH, outW, c.outC],
        2 - top,
        2 - left,
        c.x[1],
        c.x[2],
        inC,
        (o, ci) => tap(ci, o, true),
      );
      expect(worstRatio(dxW, dxC, bound(dxT, c.outC, dxAbs, 9 * c.outC))).toBeLessThanOrEqual(1);

      const tiles = batch * Math.ceil(outH / m) * Math.ceil(outW / m);
      const dwT = filterBound(transforms, x, c.x, top, left, dyUsed, [batch, outH, outW, c.outC]);
      expect(worstRatio(dwW, dwC, bound(dwT, tiles, dwAbs, batch * outH * outW))).toBeLessThanOrEqual(1);
    },
  );

  it("runs the Winograd path with each tile (results differ from the direct kernels' and each other's)", async () => {
    const c = cases[0]!;
    const x = randomValues(tf.util.sizeFromShape(c.x), 1);
    const w = randomValues(9 * c.x[3] * c.outC, 2);
    const dy = randomValues(tf.util.sizeFromShape(c.x) * c.outC, 3);
    const bias = randomValues(c.outC, 4);
    const results = [];
    for (const [mode, tile] of [
      ['always', 2],
      ['always', 4],
      ['off', 2],
    ] as const) {
      setWinograd(mode);
      setWinogradTile(tile);
      results.push(
        (await on('wasm', () => convGrads({ ...c, k: 3, strides: 1 }, x, w, dy, bias, false))).map((r) =>
          Array.from(r),
        ),
      );
    }
    setWinograd('always');
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      for (let i = 0; i < 3; i++) expect(results[a]![i]).not.toEqual(results[b]![i]);
    }
  });

  it('chooses F(4x4) for outputs of at least 8 x 8 pixels, else F(2x2)', () => {
    setWinogradTile('auto');
    expect([winogradTile(32, 32), winogradTile(8, 9), winogradTile(7, 32), winogradTile(1, 1)]).toEqual([4, 4, 2, 2]);
  });

  it('refuses an unknown mode or tile and keeps the current one', () => {
    expect(() => setWinograd('on' as 'always')).toThrow(/one of auto, always, off, got on/);
    expect(winogradMode()).toBe('always');
    expect(() => setWinogradTile(3 as 2)).toThrow(/tile must be one of auto, 2, 4, got 3/);
    expect(winogradTile(32, 32)).toBe(4);
  });
});
