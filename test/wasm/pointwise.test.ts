/**
 * The 1×1 path of the SIMD convolution (assembly/conv2d.ts, `pointwise`): a 1×1, stride-1 convolution whose input
 * and output pixels are contiguous runs in one call over all pixels instead of one call per tile, with the same
 * multiply-adds per output element in the same order. So it must give, bit for bit, what the general tiled loop
 * gives for the same sums. The general loop runs here as a 3×3 'same' convolution whose filter is zero except at
 * its centre (Winograd off, so the direct kernel takes it). Its other taps leave each sum as it was: before the
 * centre's, the sum is the bias or +0, and s + x · 0 is s for s ≠ 0 and +0 for s = +0 (±0 + +0 = +0 when rounding
 * to nearest); after them it is the 1×1 sum, which stays itself unless it is -0 (the random values here make none).
 * Shapes: output channels in blocks of 8 and of 4 with 1 to 4 lanes (14 = 8 + 4 + 2 among them), pixel counts that
 * are not multiples of 4 (the pixels left over), 1 to 32 input channels, a per-channel bias and a residual of the
 * output's shape (FusedConv2D, as Conv2DAdd runs it), the input gradient of a 1×1 convolution (which runs through
 * the same kernel), on the test backend's 2 threads.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { on, randomValues, withWinograd } from './helpers';

interface Case {
  x: [number, number, number, number];
  outC: number;
}

const CASES: Case[] = [
  { x: [4, 8, 8, 8], outC: 32 },
  { x: [2, 4, 4, 32], outC: 8 },
  { x: [3, 5, 7, 16], outC: 12 },
  { x: [1, 3, 5, 3], outC: 5 },
  { x: [5, 1, 3, 7], outC: 9 },
  { x: [1, 1, 1, 1], outC: 1 },
  { x: [2, 2, 3, 4], outC: 19 },
  { x: [3, 3, 3, 5], outC: 14 },
];

/** [1, 1, inC, outC] filter values and the 3 × 3 filter with them at its centre, zeros elsewhere. */
function filters(inC: number, outC: number): [tf.Tensor4D, tf.Tensor4D] {
  const values = randomValues(inC * outC, 7);
  const centred = new Float32Array(9 * inC * outC);
  centred.set(values, 4 * inC * outC);
  return [tf.tensor4d(values, [1, 1, inC, outC]), tf.tensor4d(centred, [3, 3, inC, outC])];
}

function tensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
}

/** Output bits of `f(x, w1, w3)` on wasm. */
async function bits(f: (w: tf.Tensor4D, padding: 'valid' | 'same') => tf.Tensor, c: Case): Promise<Uint32Array[]> {
  return on('wasm', () => {
    const [w1, w3] = filters(c.x[3], c.outC);
    const outputs = [f(w1, 'valid'), f(w3, 'same')];
    const results = outputs.map((t) => {
      const values = t.dataSync() as Float32Array;
      return new Uint32Array(values.buffer, values.byteOffset, values.length).slice();
    });
    tf.dispose([w1, w3, ...outputs]);
    return results;
  });
}

describe('the 1×1 convolution path', () => {
  withWinograd('off');

  it.each(CASES)('x $x to $outC channels: the tiled loop’s output, bit for bit', async (c) => {
    const x = tensor(c.x, 1);
    const [pointwise, tiled] = await bits((w, padding) => tf.conv2d(x as tf.Tensor4D, w, 1, padding), c);
    expect(pointwise).toEqual(tiled);
    x.dispose();
  });

  it.each(CASES)('x $x to $outC channels, with a bias and with a residual: bit for bit', async (c) => {
    const x = tensor(c.x, 1) as tf.Tensor4D;
    const outShape = [...c.x.slice(0, 3), c.outC];
    const bias = tensor([c.outC], 2);
    const residual = tensor(outShape, 3);
    for (const b of [bias, residual]) {
      const [pointwise, tiled] = await bits(
        (w, padding) => tf.fused.conv2d({ x, filter: w, strides: 1, pad: padding, bias: b }),
        c,
      );
      expect(pointwise).toEqual(tiled);
    }
    tf.dispose([x, bias, residual]);
  });

  it.each(CASES)('x $x to $outC channels: the input gradient, bit for bit', async (c) => {
    const outShape = [...c.x.slice(0, 3), c.outC];
    const dy = tensor(outShape, 4) as tf.Tensor4D;
    const [pointwise, tiled] = await bits((w, padding) => tf.conv2dTranspose(dy, w, c.x, 1, padding), c);
    expect(pointwise).toEqual(tiled);
    dy.dispose();
  });
});
