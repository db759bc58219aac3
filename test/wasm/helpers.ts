/**
 * Shared helpers for the wasm training-kernel tests: running the same
 * computation on the wasm backend (with our kernels) and on the pure-JS cpu
 * backend (the reference), and deterministic random data.
 *
 * The wasm backend is the threaded build whose SIMD kernels use
 * {@link WASM_THREADS} threads, as initBackend sets it up on a multi-core
 * machine, so every kernel is also checked with its work split over threads.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll } from 'vitest';
import { registerTrainingKernels } from '../../lib/wasm';
import { useThreadedWasm } from '../../lib/wasm/threaded';
import { setWinograd, type WinogradMode, winogradMode } from '../../lib/wasm/winograd';

/** Threads of the SIMD kernels of the wasm backend under test. */
export const WASM_THREADS = 2;

/** Unit roundoff of float32. */
export const U32 = 2 ** -24;

/** Registers our kernels and initialises both backends (wasm threaded). */
export async function setupBackends(): Promise<void> {
  registerTrainingKernels();
  if (tf.engine().registry.wasm === undefined) useThreadedWasm(WASM_THREADS);
  for (const name of ['cpu', 'wasm']) {
    if (!(await tf.setBackend(name))) throw new Error(`cannot initialise ${name}`);
  }
}

/**
 * For the enclosing `describe`: sets up both backends (as {@link setupBackends}) and runs its tests with Winograd in
 * `mode`, restoring the mode it found afterwards.
 */
export function withWinograd(mode: WinogradMode): void {
  let found: WinogradMode;
  beforeAll(async () => {
    await setupBackends();
    found = winogradMode();
    setWinograd(mode);
  });
  afterAll(() => setWinograd(found));
}

/** Runs `fn` with `name` as the active backend and returns its plain-array result. */
export async function on<T>(name: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

/** The active wasm backend instance. */
export function wasmBackend(): BackendWasm {
  return tf.engine().findBackend('wasm') as BackendWasm;
}

/** Deterministic uniform values in [-1, 1) (a small LCG, seeded). */
export function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Largest violation of |a - b| <= bound over all elements, as a ratio
 * (<= 1 means within bound). Also fails on NaN.
 */
export function worstRatio(a: ArrayLike<number>, b: ArrayLike<number>, bound: ArrayLike<number>): number {
  if (a.length !== b.length || a.length !== bound.length) throw new Error('length mismatch');
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const ratio = Math.abs(a[i]! - b[i]!) / bound[i]!;
    if (!(ratio <= worst)) worst = Number.isNaN(ratio) ? Infinity : ratio;
  }
  return worst;
}

/** Padding of a test convolution: tfjs' names, or explicit NHWC pairs. */
export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** A test convolution: input shape, k × k filter, output channels, strides and padding. */
export interface ConvCase {
  x: [number, number, number, number];
  k: number;
  outC: number;
  strides: number | [number, number];
  pad: Pad;
}

/**
 * conv2d(x, w) + bias (tfjs' fused conv2d), and dx and dW of sum(conv2d(x, w) * dy), as arrays, on the active
 * backend; with `abs`, of |x|, |w|, |dy| and |bias| (the sums of |terms| that rounding-error bounds scale with).
 */
export function convGrads(
  c: ConvCase,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  bias: Float32Array,
  abs: boolean,
): [Float32Array, Float32Array, Float32Array] {
  return tf.tidy(() => {
    const fix = (v: Float32Array) => (abs ? v.map(Math.abs) : v);
    const xT = tf.tensor4d(fix(x), c.x);
    const wT = tf.tensor4d(fix(w), [c.k, c.k, c.x[3], c.outC]);
    const y = tf.fused.conv2d({ x: xT, filter: wT, strides: c.strides, pad: c.pad, bias: tf.tensor1d(fix(bias)) });
    const dyT = tf.tensor(fix(dy.subarray(0, y.size)), y.shape);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), dyT)),
    );
    const [dx, dw] = grads([xT, wT]);
    return [y.dataSync() as Float32Array, dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}
