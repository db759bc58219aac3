/**
 * The threaded wasm backend (lib/wasm/threaded.ts) really runs the SIMD
 * kernels on several threads (and XNNPACK on one), lets the kernels' worker
 * threads sleep when idle, and refuses to be reconfigured once initialised.
 * (Its numerics are covered by the other tests here, which all run on it.)
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useThreadedWasm } from '../../lib/wasm/threaded';
import { simdKernels } from '../../lib/wasm/simd';
import { SPIN_MS } from '../../lib/wasm/simd-pool';
import { setupBackends, WASM_THREADS, wasmBackend } from './helpers';

describe('threaded wasm backend', () => {
  beforeAll(setupBackends);

  it('runs XNNPACK on one thread', async () => {
    await tf.setBackend('wasm');
    expect(getThreadsCount()).toBe(1);
  });

  it('shares each SIMD kernel call over the same number of threads', async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(wasmBackend()).threads).toBe(WASM_THREADS);
  });

  it('lets the kernel threads sleep once idle', async () => {
    await tf.setBackend('wasm');
    // A convolution of a batch of 2 runs on both threads; both then spin for SPIN_MS, waiting for the next call.
    tf.tidy(() =>
      tf.conv2d(tf.ones<tf.Rank.R4>([2, 8, 8, 4]), tf.ones<tf.Rank.R4>([3, 3, 4, 4]), 1, 'same').dataSync(),
    );
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(SPIN_MS + 50);
    const before = process.cpuUsage();
    await pause(300);
    const used = process.cpuUsage(before);
    // A thread still spinning would use all 300 ms of a core.
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });

  it('refuses to change threads once initialised, and bad counts', () => {
    expect(() => useThreadedWasm(2)).toThrow(/already initialised/);
    expect(() => useThreadedWasm(0)).toThrow(/integer in 1\.\.8/);
    expect(() => useThreadedWasm(1.5)).toThrow(/integer in 1\.\.8/);
  });
});
