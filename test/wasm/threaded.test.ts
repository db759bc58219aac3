/**
 * The threaded wasm backend (lib/wasm/threaded.ts) really runs XNNPACK and
 * the SIMD kernels on several threads and refuses to be reconfigured once
 * initialised. (Its
 * numerics are covered by the other tests here, which all run on it.)
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useThreadedWasm } from '../../lib/wasm/threaded';
import { simdKernels } from '../../lib/wasm/simd';
import { setupBackends, WASM_THREADS, wasmBackend } from './helpers';

describe('threaded wasm backend', () => {
  beforeAll(setupBackends);

  it('runs XNNPACK on the requested threads', async () => {
    await tf.setBackend('wasm');
    expect(getThreadsCount()).toBe(WASM_THREADS);
  });

  it('shares each SIMD kernel call over the same number of threads', async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(wasmBackend()).threads).toBe(WASM_THREADS);
  });

  it('refuses to change threads once initialised, and bad counts', () => {
    expect(() => useThreadedWasm(2)).toThrow(/already initialised/);
    expect(() => useThreadedWasm(0)).toThrow(/integer in 1\.\.8/);
    expect(() => useThreadedWasm(1.5)).toThrow(/integer in 1\.\.8/);
  });
});
