import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InterruptCallback, nextMacrotask, withKernelInterrupt } from '../../lib/interrupt';
import { kernelInterrupt } from '../../lib/notebook/kernel-interrupt';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('nextMacrotask', () => {
  it('resolves after the event loop has turned: callbacks queued before it have run', async () => {
    const ran: string[] = [];
    setImmediate(() => ran.push('immediate'));
    await Promise.resolve();
    expect(ran).toEqual([]);
    await nextMacrotask();
    expect(ran).toEqual(['immediate']);
  });
});

describe('InterruptCallback', () => {
  it('stops model.fit after the batch during which the signal was aborted, and says where', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const xs = tf.ones([40, 1]);
    const controller = new AbortController();
    let batches = 0;
    const count = new (class extends tf.Callback {
      private epoch = 0;
      override async onEpochBegin(epoch: number): Promise<void> {
        this.epoch = epoch;
      }
      override async onBatchEnd(batch: number): Promise<void> {
        batches++;
        if (this.epoch === 1 && batch === 2) controller.abort();
      }
    })();
    const interrupt = new InterruptCallback(controller.signal);
    const tensors = tf.memory().numTensors;
    const history = await model.fit(xs, xs, { epochs: 5, batchSize: 10, verbose: 0, callbacks: [count, interrupt] });
    expect(interrupt.stopped).toBe('interrupted after batch 3 of epoch 2/5');
    expect(batches).toBe(4 + 3);
    expect(history.epoch).toEqual([0, 1]);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
    xs.dispose();
  });
});

describe('kernelInterrupt / withKernelInterrupt', () => {
  const tslab = globalThis as { __tslab__?: unknown };
  afterEach(() => {
    delete tslab.__tslab__;
  });

  it('outside the tslab kernel: no kernel signal, the given one unchanged, no SIGINT listener', () => {
    const before = process.listenerCount('SIGINT');
    const signal = new AbortController().signal;
    expect(kernelInterrupt()).toBeUndefined();
    expect(withKernelInterrupt(signal)).toBe(signal);
    expect(withKernelInterrupt()).toBeUndefined();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('in the kernel: a SIGINT aborts the signals handed out so far, and later ones are fresh', async () => {
    tslab.__tslab__ = {};
    const listeners = new Set(process.listeners('SIGINT'));
    const first = kernelInterrupt()!;
    const given = new AbortController();
    const joined = withKernelInterrupt(given.signal)!;
    expect(first.aborted).toBe(false);
    await Promise.resolve(); // the listener is added once the current synchronous code is done
    const added = process.listeners('SIGINT').filter((l) => !listeners.has(l));
    expect(added).toHaveLength(1);
    try {
      process.emit('SIGINT');
      expect(first.aborted).toBe(true);
      expect(joined.aborted).toBe(true);
      expect(given.signal.aborted).toBe(false);
      const second = kernelInterrupt()!;
      expect(second.aborted).toBe(false);
      expect(process.listenerCount('SIGINT')).toBe(listeners.size + 1);
      process.emit('SIGINT');
      expect(second.aborted).toBe(true);
    } finally {
      added.forEach((l) => process.off('SIGINT', l as () => void));
    }
  });
});
