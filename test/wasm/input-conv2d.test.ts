/**
 * The InputConv2D layer (lib/models/input-conv2d-layer.ts): without a bias
 * or activation it runs tf.conv2d, so a backward pass that needs only the
 * kernel's gradient runs no Conv2DBackpropInput kernel, where the stock
 * Conv2D layer (tfjs' fused convolution) runs one; its output, the kernel's
 * gradient and, when asked for, the input's gradient equal the stock
 * layer's bit for bit (3×3 on Winograd and on the direct kernel, stride 2,
 * 1×1, 2 threads). With a bias it is the stock layer. It serializes under
 * its own name.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputConv2D, inputConv2d } from '../../lib/models/input-conv2d-layer';
import { on, randomValues, setupBackends } from './helpers';

interface Case {
  x: [number, number, number, number];
  filters: number;
  kernelSize: number;
  strides: number;
  padding?: 'same' | 'valid';
  dilationRate?: number;
  useBias?: boolean;
  activation?: 'relu';
}

const CASES: Case[] = [
  { x: [3, 8, 8, 3], filters: 16, kernelSize: 3, strides: 1, padding: 'same' },
  { x: [2, 8, 8, 8], filters: 8, kernelSize: 3, strides: 1, padding: 'same' },
  { x: [2, 7, 6, 3], filters: 5, kernelSize: 3, strides: 2, padding: 'same' },
  { x: [2, 5, 5, 4], filters: 12, kernelSize: 1, strides: 1, padding: 'same' },
  { x: [2, 9, 7, 3], filters: 6, kernelSize: 3, strides: 1, padding: 'valid' },
];

interface Result {
  /** y, d(kernel) [, d(bias)], then dx */
  values: Float32Array[];
  /** Kernels of the backward pass for the weights only. */
  kernels: string[];
}

async function call(c: Case, input: boolean): Promise<Result> {
  return on('wasm', async () => {
    const args = {
      filters: c.filters,
      kernelSize: c.kernelSize,
      strides: c.strides,
      padding: c.padding ?? 'same',
      dilationRate: c.dilationRate ?? 1,
      useBias: c.useBias ?? false,
      ...(c.activation && { activation: c.activation }),
    };
    const layer = input ? inputConv2d(args) : tf.layers.conv2d(args);
    layer.build(c.x);
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.size, 30 + i), w.shape)));
    const x = tf.tensor(randomValues(tf.util.sizeFromShape(c.x), 1), c.x);
    const outShape = layer.computeOutputShape(c.x) as number[];
    const dy = tf.tensor(randomValues(tf.util.sizeFromShape(outShape), 3), outShape);
    const f = (a: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(a) as tf.Tensor, dy));
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => f(x), weights);
      tf.dispose([value, ...Object.values(grads)]);
    });
    const outputs = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => f(x), weights);
      value.dispose();
      return [layer.apply(x) as tf.Tensor, ...weights.map((w) => grads[w.name]!), tf.grad(f)(x)];
    });
    const values = outputs.map((t) => t.dataSync() as Float32Array);
    tf.dispose([x, dy, ...outputs]);
    for (const w of layer.weights) w.dispose();
    return { values, kernels: profile.kernelNames };
  });
}

const bits = (values: Float32Array[]): Uint32Array[] => values.map((v) => new Uint32Array(v.buffer));

describe('InputConv2D', () => {
  beforeAll(setupBackends);

  it.each(CASES)(
    'x $x, $filters filters $kernelSize×$kernelSize stride $strides, padding $padding: the stock results, no unneeded input gradient',
    async (c) => {
      const ours = await call(c, true);
      const stock = await call(c, false);
      expect(stock.kernels).toContain('Conv2DBackpropInput');
      expect(ours.kernels).not.toContain('Conv2DBackpropInput');
      expect(ours.kernels).toContain('Conv2DBackpropFilter');
      expect(ours.values).toHaveLength(3);
      expect(bits(ours.values)).toEqual(bits(stock.values));
    },
  );

  it('with a bias of its own, is the stock layer', async () => {
    const c: Case = { ...CASES[0]!, useBias: true };
    const ours = await call(c, true);
    const stock = await call(c, false);
    expect(ours.kernels).toContain('Conv2DBackpropInput');
    expect(ours.values).toHaveLength(4);
    expect(bits(ours.values)).toEqual(bits(stock.values));
  });

  it('with an activation of its own, is the stock layer', async () => {
    const c: Case = { ...CASES[0]!, activation: 'relu' };
    const ours = await call(c, true);
    const stock = await call(c, false);
    expect(ours.kernels).toEqual(stock.kernels);
    expect(bits(ours.values)).toEqual(bits(stock.values));
  });

  it('with a dilation, is the stock layer (whose gradient tfjs does not support)', async () => {
    const c: Case = { x: [2, 9, 9, 3], filters: 4, kernelSize: 3, strides: 1, dilationRate: 2 };
    const why = /gradient of fused conv2D: dilation rates greater than 1 are not yet supported/;
    await expect(call(c, false)).rejects.toThrow(why);
    await expect(call(c, true)).rejects.toThrow(why);
  });

  it('refuses more than one input, as the stock layer does', () => {
    const layer = inputConv2d({ filters: 2, kernelSize: 1, useBias: false });
    const a = tf.input({ shape: [4, 4, 3] });
    expect(() => layer.apply([a, a])).toThrow();
    const t = tf.zeros([1, 4, 4, 3]);
    layer.build([1, 4, 4, 3]);
    expect(() => layer.call([t, t], {})).toThrow(/expected one input tensor, got 2/);
    t.dispose();
    layer.weights.forEach((w) => w.dispose());
  });

  it('serializes under its own name', async () => {
    await tf.setBackend('wasm');
    const input = tf.input({ shape: [4, 4, 3] });
    const output = inputConv2d({ filters: 2, kernelSize: 3, padding: 'same', useBias: false }).apply(
      input,
    ) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const copy = await tf.models.modelFromJSON({
      modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
    });
    expect(copy.layers[1]).toBeInstanceOf(InputConv2D);
    expect(copy.layers[1]!.getClassName()).toBe('InputConv2D');
    copy.setWeights(model.getWeights());
    const a = tf.randomNormal([2, 4, 4, 3]);
    const [y, z] = [model.predict(a) as tf.Tensor, copy.predict(a) as tf.Tensor];
    expect(Array.from(z.dataSync())).toEqual(Array.from(y.dataSync()));
    tf.dispose([a, y, z]);
    model.dispose();
    copy.dispose();
  });
});
