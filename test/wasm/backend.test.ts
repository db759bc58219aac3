/**
 * The backend chooser: explicit TFJS_BACKEND overrides, the default when
 * no native TensorFlow package is installed (the case on this machine, where
 * they cannot be installed), TFJS_WASM_THREADS, TFJS_WASM_WINOGRAD, and the one-line report.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the chooser module (it chooses once per module instance). */
async function freshInit(): Promise<(typeof import('../../lib/backend'))['initBackend']> {
  vi.resetModules();
  return (await import('../../lib/backend')).initBackend;
}

function nativeInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  beforeEach(async () => {
    await tf.setBackend('cpu');
  });

  it('uses wasm with the training kernels when no native TensorFlow is installed', async () => {
    const native = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].filter(nativeInstalled);
    const lines: string[] = [];
    const report = await (await freshInit())({ env: {}, log: (l) => lines.push(l) });
    if (native.length > 0) {
      expect(report.backend).toBe('tensorflow');
      return;
    }
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(report.reason).toContain('@tensorflow/tfjs-node is not installed');
    // One SIMD-kernel thread per core (threaded binary) unless there is one core; XNNPACK on one.
    const threads = Math.min(os.cpus().length, 8);
    expect(report.reason).toContain(threads > 1 ? `; ${threads} threads;` : '; 1 thread;');
    expect((await import('../../lib/backend')).kernelThreads()).toBe(threads);
    expect(getThreadsCount()).toBe(1);
    expect(lines).toEqual([report.line]);
    expect(report.line).not.toContain('\n');
  });

  it('honours TFJS_BACKEND=cpu and =wasm', async () => {
    const cpu = await (await freshInit())({ env: { TFJS_BACKEND: 'cpu' }, log: null });
    expect(cpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await (await freshInit())({ env: { TFJS_BACKEND: 'WASM' }, log: null });
    expect(wasm.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('chooses once', async () => {
    const init = await freshInit();
    const first = await init({ env: { TFJS_BACKEND: 'cpu' }, log: null });
    const second = await init({ env: { TFJS_BACKEND: 'wasm' }, log: null });
    expect(second).toBe(first);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects a bad TFJS_WASM_THREADS', async () => {
    for (const bad of ['0', '9', '1.5', 'two']) {
      await expect((await freshInit())({ env: { TFJS_WASM_THREADS: bad }, log: null })).rejects.toThrow(
        `TFJS_WASM_THREADS=${bad} is not an integer in 1..8`,
      );
    }
  });

  it('sets the Winograd mode from TFJS_WASM_WINOGRAD (auto by default) and rejects other values', async () => {
    for (const [value, mode] of [
      [undefined, 'auto'],
      ['', 'auto'],
      ['off', 'off'],
      [' always ', 'always'],
    ]) {
      const init = await freshInit();
      const { winogradMode } = await import('../../lib/wasm/winograd');
      const report = await init({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_WINOGRAD: value }, log: null });
      expect([value, winogradMode()]).toEqual([value, mode]);
      expect(report.reason).toContain(`; Winograd ${mode};`);
    }
    await expect(
      (await freshInit())({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_WINOGRAD: '0' }, log: null }),
    ).rejects.toThrow('TFJS_WASM_WINOGRAD=0 is not one of auto, always, off; unset it for the default (auto)');
  });

  it('rejects unknown values and an unavailable tensorflow backend', async () => {
    await expect((await freshInit())({ env: { TFJS_BACKEND: 'webgpu' }, log: null })).rejects.toThrow(
      /not one of wasm, cpu, tensorflow/,
    );
    if (!nativeInstalled('@tensorflow/tfjs-node') && !nativeInstalled('@tensorflow/tfjs-node-gpu')) {
      await expect((await freshInit())({ env: { TFJS_BACKEND: 'tensorflow' }, log: null })).rejects.toThrow(
        /tfjs-node is not installed/,
      );
    }
  });
});
