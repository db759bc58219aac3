/**
 * The element-wise kernels (lib/wasm/elementwise.ts, assembly/elementwise.ts) and the AddReLU layer
 * (lib/models/add-relu-layer.ts) against the cpu backend, bit for bit: each result is one float32 operation per
 * element. Sizes from 1 element up to arrays shared over 2 threads with a scalar tail (33,033 elements).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddReLU, addReLU } from '../../lib/models/add-relu-layer';
import { ADD_RELU } from '../../lib/wasm/elementwise';
import { on, randomValues, setupBackends } from './helpers';

const SHAPES = [[1], [3], [5], [2, 3, 4, 5], [3, 11, 1001]].map((shape) => ({ shape }));

const bits = (t: tf.Tensor): Uint32Array => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

describe('element-wise kernels on wasm', () => {
  beforeAll(setupBackends);

  it.each(SHAPES)(
    'adds two float32 tensors of shape $shape as the cpu backend does, bit for bit',
    async ({ shape }) => {
      const sum = async (backend: 'cpu' | 'wasm') =>
        on(backend, async () => {
          const n = tf.util.sizeFromShape(shape);
          const [a, b] = [tf.tensor(randomValues(n, 1), shape), tf.tensor(randomValues(n, 2), shape)];
          const profile = await tf.profile(() => tf.dispose(tf.add(a, b)));
          const y = tf.add(a, b);
          const result = { bits: bits(y), kernels: [...profile.kernelNames] };
          tf.dispose([a, b, y]);
          return result;
        });
      const [wasm, cpu] = [await sum('wasm'), await sum('cpu')];
      expect(wasm.kernels).toEqual(['Add']);
      expect(wasm.bits).toEqual(cpu.bits);
    },
  );

  it('leaves broadcasts and integers to the stock Add', async () => {
    const run = (backend: 'cpu' | 'wasm') =>
      on(backend, () =>
        tf.tidy(() => [
          Array.from(tf.add(tf.tensor(randomValues(24, 3), [2, 3, 4]), tf.tensor(randomValues(4, 4), [4])).dataSync()),
          Array.from(tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, -9], 'int32')).dataSync()),
        ]),
      );
    expect(await run('wasm')).toEqual(await run('cpu'));
  });

  it('refuses an AddReLU of different shapes', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [tf.zeros([2]), tf.zeros([3])];
    expect(() => tf.engine().runKernel(ADD_RELU, { a, b })).toThrow(
      /AddReLU takes two float32 tensors of one shape, got float32 \[2\] and float32 \[3\]/,
    );
    tf.dispose([a, b]);
  });
});

describe('AddReLU layer', () => {
  beforeAll(setupBackends);

  /** relu(a + b) and its gradients for a and b (dy random), with the kernels the forward pass ran. */
  const call = (backend: 'cpu' | 'wasm', shape: number[], inputs = 2) =>
    on(backend, async () => {
      const n = tf.util.sizeFromShape(shape);
      const xs = Array.from({ length: inputs }, (_, i) => tf.tensor(randomValues(n, 10 + i), shape));
      const dy = tf.tensor(randomValues(n, 9), shape);
      const layer = addReLU();
      const f = (...args: tf.Tensor[]): tf.Tensor => layer.apply(args) as tf.Tensor;
      // tfjs returns the same profile object each time: copy its names before the next profile.
      const forward = [...(await tf.profile(() => tf.dispose(f(...xs)))).kernelNames];
      const backward = [
        ...(await tf.profile(() => tf.dispose(tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), dy)))(xs))))
          .kernelNames,
      ];
      const outputs = tf.tidy(() => [
        f(...xs),
        ...tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), dy)))(xs),
      ]);
      const result = { bits: outputs.map(bits), forward, backward };
      tf.dispose([...xs, dy, ...outputs]);
      return result;
    });

  it.each(SHAPES)(
    'on wasm, shape $shape: relu(a + b) and its gradients bit for bit, one kernel each way',
    async ({ shape }) => {
      const [wasm, cpu] = [await call('wasm', shape), await call('cpu', shape)];
      expect(wasm.forward).toContain('AddReLU');
      expect(wasm.forward).not.toContain('Relu');
      expect(wasm.backward).toContain('ReluGradFromOutput');
      expect(wasm.backward).not.toContain('Step');
      expect(cpu.forward).toEqual(expect.arrayContaining(['Add', 'Relu']));
      expect(wasm.bits).toHaveLength(3);
      wasm.bits.forEach((b, i) => expect(b, `output ${i}`).toEqual(cpu.bits[i]));
    },
  );

  it('with three inputs, is Add then ReLU', async () => {
    const [wasm, cpu] = [await call('wasm', [2, 3, 5], 3), await call('cpu', [2, 3, 5], 3)];
    expect(wasm.forward).not.toContain('AddReLU');
    expect(wasm.bits).toEqual(cpu.bits);
  });

  it('gives the gradient of one input alone', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [tf.tensor(randomValues(40, 1), [4, 10]), tf.tensor(randomValues(40, 2), [4, 10])];
    const layer = addReLU();
    const da = tf.grad((x: tf.Tensor) => tf.sum(layer.apply([x, b]) as tf.Tensor))(a);
    const want = tf.tidy(() => tf.cast(tf.greater(tf.add(a, b), 0), 'float32'));
    expect(Array.from(da.dataSync())).toEqual(Array.from(want.dataSync()));
    tf.dispose([a, b, da, want]);
  });

  it('serializes under its own name', async () => {
    await tf.setBackend('wasm');
    const [p, q] = [tf.input({ shape: [3] }), tf.input({ shape: [3] })];
    const model = tf.model({ inputs: [p, q], outputs: addReLU().apply([p, q]) as tf.SymbolicTensor });
    const copy = await tf.models.modelFromJSON({
      modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
    });
    expect(copy.layers[2]).toBeInstanceOf(AddReLU);
    expect(copy.layers[2]!.getClassName()).toBe('AddReLU');
    model.dispose();
    copy.dispose();
  });
});
