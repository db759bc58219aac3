/**
 * No leaks: across a few hundred training steps of a small ResNet on wasm,
 * the engine's tensor count, the wasm backend's live buffers and the wasm
 * heap size stay flat after warm-up, with the direct kernels and with
 * Winograd for every 3x3 stride-1 convolution. An intermediate a kernel forgets to
 * release shows up as growth in the backend's buffer count (the engine
 * never sees those), and as heap growth.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResNet } from '../../lib/models/resnet-cifar';
import { KerasSGD } from '../../lib/tfjs/keras-sgd';
import { setWinograd } from '../../lib/wasm/winograd';
import { randomValues, setupBackends, wasmBackend } from './helpers';

interface Usage {
  tensors: number;
  buffers: number;
  heapBytes: number;
}

function usage(): Usage {
  const backend = wasmBackend();
  return {
    tensors: tf.memory().numTensors,
    buffers: backend.numDataIds(),
    // The Emscripten module's heap view (not in tfjs's type declarations).
    heapBytes: (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer.byteLength,
  };
}

describe('wasm training kernels do not leak', () => {
  beforeAll(async () => {
    await setupBackends();
    await tf.setBackend('wasm');
  });
  afterAll(() => setWinograd('auto'));

  it.each([
    ['tfjs momentum', 'off', () => tf.train.momentum(0.01, 0.9)],
    ['tfjs momentum', 'always', () => tf.train.momentum(0.01, 0.9)],
    ['KerasSGD (fused update)', 'always', () => new KerasSGD({ learningRate: 0.01, momentum: 0.9 })],
  ] as const)(
    'keeps tensors, buffers and heap flat over 300 ResNet steps with %s, Winograd %s',
    async (_, mode, optimizer) => {
      setWinograd(mode);
      const model = buildResNet({ inputShape: [8, 8, 3], filters: [4, 8], blocksPerStage: 1, classes: 3 });
      model.compile({ optimizer: optimizer(), loss: 'categoricalCrossentropy' });
      const x = tf.tensor4d(randomValues(2 * 8 * 8 * 3, 9), [2, 8, 8, 3]);
      const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
      for (let step = 0; step < 20; step++) await model.trainOnBatch(x, y);
      const before = usage();
      for (let step = 0; step < 300; step++) await model.trainOnBatch(x, y);
      expect(usage()).toEqual(before);
      model.dispose();
      tf.dispose([x, y]);
    },
  );

  it('keeps buffers flat over 300 conv gradient evaluations with stride 2', () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
    const w = tf.tensor4d(randomValues(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
    );
    const run = () => tf.dispose(grads([x, w]));
    for (let i = 0; i < 10; i++) run();
    const before = usage();
    for (let i = 0; i < 300; i++) run();
    expect(usage()).toEqual(before);
    tf.dispose([x, w]);
  });
});
