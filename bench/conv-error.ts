/**
 * Rounding error of the 3x3 stride-1 convolution kernels on the wasm
 * backend against the cpu backend, per kernel (y, dx, dW) and variant
 * (direct, Winograd F(2x2, 3x3), F(4x4, 3x3)), on ResNet-20's and the
 * workshop net's shapes with uniform random data in [-1, 1): the largest
 * |wasm - cpu| / (u S) over all outputs, u = 2^-24 and S the sum of |terms|
 * of the exact result (the cpu result from |x|, |w|, |dy|).
 *
 * Run after `npm run build`: node bench/conv-error.js
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/backend';
import { setWinograd, setWinogradTile, type WinogradMode, type WinogradTile } from '../dist/wasm/winograd';

const U = 2 ** -24;

/** Each variant measured: its name, the Winograd mode and the tile. */
const VARIANTS: [string, WinogradMode, WinogradTile][] = [
  ['direct', 'off', 'auto'],
  ['F(2x2)', 'always', 2],
  ['F(4x4)', 'always', 4],
];

/** [batch, size, inC, outC] */
const SHAPES: [number, number, number, number][] = [
  [8, 32, 16, 16],
  [8, 16, 32, 32],
  [8, 8, 64, 64],
  [8, 32, 8, 8],
];

/** Deterministic uniform values in [-1, 1) (the tests' LCG). */
function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** y, dx and dW of sum(conv2d(x, w) * dy), 'same' padding, as arrays. */
function convGrads(
  shape: [number, number, number, number],
  outC: number,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
): Float32Array[] {
  return tf.tidy(() => {
    const xT = tf.tensor4d(x, shape);
    const wT = tf.tensor4d(w, [3, 3, shape[3], outC]);
    const y = tf.conv2d(xT, wT, 1, 'same');
    const dyT = tf.tensor(dy, y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dyT)),
    )([xT, wT]);
    return [y, dx!, dw!].map((t) => t.dataSync() as Float32Array);
  });
}

async function main(): Promise<void> {
  console.log((await initBackend({ log: null })).line);
  console.log('largest |wasm - cpu| / (u S) for y, dx, dW');
  for (const [batch, size, inC, outC] of SHAPES) {
    const shape: [number, number, number, number] = [batch, size, size, inC];
    const x = randomValues(batch * size * size * inC, 1);
    const w = randomValues(9 * inC * outC, 2);
    const dy = randomValues(batch * size * size * outC, 3);
    await tf.setBackend('cpu');
    const exact = convGrads(shape, outC, x, w, dy);
    const abs = convGrads(shape, outC, x.map(Math.abs), w.map(Math.abs), dy.map(Math.abs));
    await tf.setBackend('wasm');
    const cells: string[] = [];
    for (const [variant, mode, tile] of VARIANTS) {
      setWinograd(mode);
      setWinogradTile(tile);
      const got = convGrads(shape, outC, x, w, dy);
      const worst = got.map((values, k) =>
        values.reduce((most, v, i) => Math.max(most, Math.abs(v - exact[k]![i]!) / (U * abs[k]![i]!)), 0),
      );
      cells.push(`${variant} ${worst.map((e) => e.toFixed(1)).join(' ')}`);
    }
    console.log(`${shape.join('x')} -> ${outC}: ${cells.join('  |  ')}`);
  }
  setWinograd('auto');
  setWinogradTile('auto');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
