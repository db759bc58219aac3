/**
 * The Conv2DAdd layer (lib/models/conv2d-add-layer.ts): on wasm its sum is the
 * SIMD convolution's bias of the output's shape, added to each finished sum
 * (lib/wasm/conv2d.ts, assembly/conv2d.ts), which must give the output and the
 * gradients (for x, the residual and the kernel) of the stock Conv2D layer
 * followed by tf.add bit for bit: output channels in blocks of 8 and of 4
 * with 1 to 4 lanes, 1×1 and 3×3 filters (the latter on the direct kernel,
 * where Winograd would otherwise run), strides 1 and 2, 2 threads. Where it
 * does not fuse (a bias of its own; the cpu backend) it is the stock graph.
 * It serializes under its own name.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2DAdd, conv2dAdd } from '../../lib/models/conv2d-add-layer';
import { on, randomValues, setupBackends } from './helpers';

interface Case {
  x: [number, number, number, number];
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
  useBias?: boolean;
}

const CASES: Case[] = [
  { x: [3, 6, 5, 8], filters: 32, kernelSize: 1, strides: 1, padding: 'valid' },
  { x: [2, 5, 7, 3], filters: 5, kernelSize: 1, strides: 1, padding: 'valid' },
  { x: [2, 6, 6, 8], filters: 15, kernelSize: 3, strides: 1, padding: 'same' },
  { x: [1, 7, 7, 6], filters: 6, kernelSize: 3, strides: 2, padding: 'same' },
];

interface Result {
  /** y, dx, d(residual), d(kernel) [, d(bias)] */
  values: Float32Array[];
  kernels: string[];
}

/** One training call of `layer` (built, weights set) on fixed data: its output and gradients. */
async function call(backend: 'cpu' | 'wasm', c: Case, fused: boolean): Promise<Result> {
  return on(backend, async () => {
    const args = {
      filters: c.filters,
      kernelSize: c.kernelSize,
      strides: c.strides,
      padding: c.padding,
      useBias: c.useBias ?? false,
    };
    const layer = fused ? conv2dAdd(args) : tf.layers.conv2d(args);
    layer.build(c.x);
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.size, 20 + i), w.shape)));
    const x = tf.tensor(randomValues(tf.util.sizeFromShape(c.x), 1), c.x);
    const outShape = layer.computeOutputShape(c.x) as number[];
    const residual = tf.tensor(randomValues(tf.util.sizeFromShape(outShape), 2), outShape);
    const dy = tf.tensor(randomValues(tf.util.sizeFromShape(outShape), 3), outShape);
    const apply = (a: tf.Tensor, r: tf.Tensor): tf.Tensor =>
      fused ? (layer.apply([a, r]) as tf.Tensor) : tf.add(layer.apply(a) as tf.Tensor, r);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const f = (a: tf.Tensor, r: tf.Tensor): tf.Scalar => tf.sum(tf.mul(apply(a, r), dy));
    const profile = await tf.profile(() => tf.dispose(apply(x, residual)));
    const outputs = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => f(x, residual), weights);
      value.dispose();
      return [apply(x, residual), ...tf.grads(f)([x, residual]), ...weights.map((w) => grads[w.name]!)];
    });
    const values = outputs.map((t) => t.dataSync() as Float32Array);
    tf.dispose([x, residual, dy, ...outputs]);
    for (const w of layer.weights) w.dispose();
    return { values, kernels: profile.kernelNames };
  });
}

describe('Conv2DAdd', () => {
  beforeAll(setupBackends);

  it.each(CASES)(
    'on wasm, x $x, $filters filters $kernelSize×$kernelSize stride $strides: conv + add bit for bit',
    async (c) => {
      const fused = await call('wasm', c, true);
      const stock = await call('wasm', c, false);
      expect(fused.kernels).toContain('FusedConv2D');
      expect(fused.kernels).not.toContain('Add');
      expect(stock.kernels).toContain('Add');
      expect(fused.values).toHaveLength(4);
      fused.values.forEach((v, i) =>
        expect(new Uint32Array(v.buffer), `output ${i}`).toEqual(new Uint32Array(stock.values[i]!.buffer)),
      );
      const cpu = await call('cpu', c, true);
      cpu.values.forEach((want, i) => {
        const scale = Math.max(...want.map(Math.abs));
        fused.values[i]!.forEach((v, j) =>
          expect(Math.abs(v - want[j]!), `output ${i}`).toBeLessThanOrEqual(1e-5 * scale),
        );
      });
    },
  );

  it('with a bias of its own, is Conv2D then Add', async () => {
    const c: Case = { ...CASES[1]!, useBias: true };
    const fused = await call('wasm', c, true);
    const stock = await call('wasm', c, false);
    expect(fused.kernels).toContain('Add');
    expect(fused.values).toHaveLength(5);
    expect(fused.values).toEqual(stock.values);
  });

  it('serializes under its own name', async () => {
    await tf.setBackend('wasm');
    const input = tf.input({ shape: [4, 4, 3] });
    const residual = tf.input({ shape: [4, 4, 2] });
    const output = conv2dAdd({ filters: 2, kernelSize: 1, useBias: false }).apply([
      input,
      residual,
    ]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [input, residual], outputs: output });
    const copy = await tf.models.modelFromJSON({
      modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
    });
    expect(copy.layers[2]).toBeInstanceOf(Conv2DAdd);
    expect(copy.layers[2]!.getClassName()).toBe('Conv2DAdd');
    copy.setWeights(model.getWeights());
    const [a, b] = [tf.randomNormal([2, 4, 4, 3]), tf.randomNormal([2, 4, 4, 2])];
    const [y, z] = [model.predict([a, b]) as tf.Tensor, copy.predict([a, b]) as tf.Tensor];
    expect(Array.from(z.dataSync())).toEqual(Array.from(y.dataSync()));
    tf.dispose([a, b, y, z]);
    model.dispose();
    copy.dispose();
  });
});
