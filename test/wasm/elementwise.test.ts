/**
 * The element-wise kernels (lib/wasm/elementwise.ts, assembly/elementwise.ts) and the AddReLU layer
 * (lib/models/add-relu-layer.ts) against the cpu backend, bit for bit: each result is one float32 operation per
 * element. Sizes from 1 element up to arrays shared over 2 threads with a scalar tail (33,033 elements).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AddReLU, addReLU } from '../../lib/models/add-relu-layer';
import { ADD_RELU } from '../../lib/wasm/elementwise';
import { simdKernels } from '../../lib/wasm/simd';
import { on, randomValues, setupBackends, wasmBackend } from './helpers';

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

  it('runs same-shape float32 sums on the SIMD kernel, and nothing else', async () => {
    await tf.setBackend('wasm');
    const parallel = vi.spyOn(simdKernels(wasmBackend()), 'parallel');
    tf.tidy(() => tf.add(tf.ones([2, 3]), tf.ones([2, 3])).dataSync());
    expect(parallel.mock.calls.map(([name]) => name)).toEqual(['add']);
    parallel.mockClear();
    tf.tidy(() => tf.add(tf.ones([2, 3]), tf.ones([3])).dataSync());
    tf.tidy(() => tf.add(tf.ones([2, 3], 'int32'), tf.ones([2, 3], 'int32')).dataSync());
    expect(parallel).not.toHaveBeenCalled();
    parallel.mockRestore();
  });

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

  it('passes NaN on as the cpu backend does, in the vector lanes and in the tail', async () => {
    const run = (backend: 'cpu' | 'wasm') =>
      on(backend, () => {
        const a = tf.tensor1d([NaN, 1, -1, 2, NaN]);
        const b = tf.zeros([5]);
        const layer = addReLU();
        const f = (x: tf.Tensor): tf.Tensor => layer.apply([x, b]) as tf.Tensor;
        const [y, da] = [f(a), tf.grad(f)(a)];
        const values = [Array.from(y.dataSync()), Array.from(da.dataSync())];
        tf.dispose([a, b, y, da]);
        return values;
      });
    const [wasm, cpu] = [await run('wasm'), await run('cpu')];
    expect(wasm).toEqual([
      [NaN, 1, 0, 2, NaN],
      [NaN, 1, 0, 1, NaN],
    ]);
    expect(wasm).toEqual(cpu);
  });

  it('turns a sum of -0 into +0 as tf.relu does, in the vector lanes and in the tail', async () => {
    await tf.setBackend('wasm');
    const a = tf.fill([5], -0);
    const y = addReLU().apply([a, a]) as tf.Tensor;
    Array.from(y.dataSync()).forEach((v, i) => expect(Object.is(v, 0), `entry ${i}`).toBe(true));
    tf.dispose([a, y]);
  });

  it('adds a tensor to itself, with the gradient through both inputs', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([-2, -0.5, 0.25, 3, 7]);
    const layer = addReLU();
    const before = tf.memory().numTensors;
    const dx = tf.grad((t: tf.Tensor) => tf.sum(layer.apply([t, t]) as tf.Tensor))(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 2, 2, 2]);
    dx.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
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
