/**
 * The fused batch-norm layer (lib/models/batch-norm-layer.ts) on wasm against
 * the stock tfjs layer on cpu: outputs, gradients for x, gamma and beta, and
 * the moving statistics after a training call, over ranks 2 to 4, channel
 * counts with and without a SIMD remainder, and the narrow path's 4, 8 and
 * 16 channels with and without left-over rows. (Without scale or centre the
 * layer is the stock one, which tfjs 4.22 cannot train: it reads the absent
 * beta.)
 *
 * Tolerance: 1e-4 of each result's largest magnitude. Both compute the same
 * float32 sums in different orders (the fused kernels sum rows in blocks);
 * on these sizes the differences are near 1e-6, while a wrong term of the
 * gradient (e.g. dropping the path through the batch mean) changes results
 * by their own size.
 *
 * The same cases run for BatchNormReLU against relu(stock layer) on cpu, with
 * cases whose normalised values are exactly 0 (ReLU's derivative there is 0);
 * a test checks that its backward mask is exactly the forward's (z > 0), and
 * one that NaN stays NaN. The moving averages are the stock ops' bits.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization, BatchNormReLU, movingAverage } from '../../lib/models/batch-norm-layer';
import { on, randomValues, setupBackends } from './helpers';

/** `ties`: x is -1, 0 or 1, as many of each per channel (rows a multiple of 3), and beta is 0 (see below). */
interface Case {
  shape: number[];
  ties?: boolean;
}

const cases: Case[] = [
  { shape: [4, 6, 6, 16] },
  { shape: [2, 5, 7, 3] },
  { shape: [3, 9, 10] },
  { shape: [300, 7] },
  // 4, 8 and 16 channels take the kernels' narrow path (whole rows per 16 floats), with and without left-over rows.
  { shape: [3, 5, 7, 4] },
  { shape: [2, 3, 5, 8] },
  { shape: [1, 1, 9, 8] },
  { shape: [16, 16, 16, 4] },
  { shape: [8, 16, 16, 8] },
  // Normalised values exactly 0, where ReLU's derivative is 0 on both backends: the narrow path with a left-over
  // row, the narrow path alone, the scalar remainder alone, and the general vector path with a remainder.
  { shape: [1, 1, 9, 8], ties: true },
  { shape: [3, 5, 7, 4], ties: true },
  { shape: [2, 3, 7, 3], ties: true },
  { shape: [6, 7, 6], ties: true },
];

/** -1, 0, 1 in turn down each channel, shifted by the channel. */
function tieValues(size: number, channels: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => ((Math.floor(i / channels) + (i % channels)) % 3) - 1);
}

interface Result {
  outputs: Float32Array[];
  kernels: string[];
}

/** y, dx, d(weights) and the moving statistics after one training call, on `backend`. */
async function trainingCall(backend: 'cpu' | 'wasm', c: Case, relu: boolean): Promise<Result> {
  return on(backend, async () => {
    const channels = c.shape[c.shape.length - 1]!;
    const size = c.shape.reduce((a, b) => a * b, 1);
    const args = { momentum: 0.9, epsilon: 1e-3 };
    const layer =
      backend === 'wasm'
        ? relu
          ? new BatchNormReLU(args)
          : new BatchNormalization(args)
        : tf.layers.batchNormalization(args);
    const apply = (input: tf.Tensor): tf.Tensor => {
      const y = layer.apply(input, { training: true }) as tf.Tensor;
      return relu && backend === 'cpu' ? tf.relu(y) : y;
    };
    layer.build(c.shape);
    layer.setWeights(
      layer.getWeights().map((w, i) => {
        const values = randomValues(channels, 10 + i);
        // gamma around 1, moving variance positive
        return tf.tensor(
          values.map((v) => (i === 3 ? 1 + v * v : i === 1 && c.ties ? 0 : v + (i === 0 ? 1 : 0))),
          w.shape,
        );
      }),
    );
    const x = tf.tensor(
      c.ties ? tieValues(size, channels) : randomValues(size, 1).map((v, i) => 3 * v + (i % channels)),
      c.shape,
    );
    const dy = tf.tensor(randomValues(size, 2), c.shape);
    const trainable = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(apply(x), dy)), trainable);
      value.dispose();
      tf.dispose(Object.values(grads));
    });
    const [y, dx, ...dw] = tf.tidy(() => {
      const f = (input: tf.Tensor) => tf.sum(tf.mul(apply(input), dy));
      const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar, trainable);
      value.dispose();
      return [apply(x), tf.grad(f)(x), ...trainable.map((w) => grads[w.name]!)];
    });
    const outputs = [y, dx, ...dw, ...layer.getWeights()].map((t) => t.dataSync() as Float32Array);
    tf.dispose([x, dy, y, dx, ...dw]);
    for (const w of layer.weights) w.dispose();
    return { outputs, kernels: profile.kernelNames };
  });
}

describe('fused batch normalisation on wasm matches the stock layer on cpu', () => {
  beforeAll(setupBackends);

  for (const c of cases)
    for (const relu of [false, true]) {
      it(`${JSON.stringify(c)}${relu ? ' then ReLU' : ''}`, async () => {
        const cpu = await trainingCall('cpu', c, relu);
        const wasm = await trainingCall('wasm', c, relu);
        expect(wasm.kernels).toContain('BatchNormTraining');
        expect(wasm.kernels).toContain('BatchNormTrainingGrad');
        expect(wasm.kernels).not.toContain('FusedBatchNorm');
        expect(wasm.kernels).not.toContain('Relu');
        expect(wasm.kernels).not.toContain('Step');
        expect(wasm.outputs.length).toBe(cpu.outputs.length);
        cpu.outputs.forEach((want, k) => {
          const got = wasm.outputs[k]!;
          const scale = Math.max(...want.map(Math.abs));
          // Only the 'ties' cases' beta (set to 0, and not trained by this call) is all zeros.
          if (k !== 5 || !c.ties) expect(scale, `output ${k}`).toBeGreaterThan(0);
          const err = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
          expect(err, `output ${k}`).toBeLessThanOrEqual(1e-4 * scale);
        });
      });
    }

  // With dy = 1, d(beta) counts the entries whose gradient passes the ReLU: exactly the positive outputs. The
  // shapes take the narrow path, the general vector path and the scalar remainder (6 channels). In the 'ties'
  // variant x is -1, 0 or 1, as many of each per channel, and beta is 0: the mean is exactly 0, so every x = 0
  // normalises to exactly 0, where ReLU's derivative is 0 (tfjs' Step(0) = 0).
  for (const shape of [
    [6, 16, 16, 8],
    [1, 1, 9, 8],
    [6, 7, 6],
  ])
    for (const ties of [false, true]) {
      it(`BatchNormReLU's backward mask is the forward's ${JSON.stringify(shape)}${ties ? ', ties at 0' : ''}`, async () => {
        await tf.setBackend('wasm');
        const layer = new BatchNormReLU({});
        const channels = shape[shape.length - 1]!;
        const size = shape.reduce((a, b) => a * b, 1);
        const values = ties ? tieValues(size, channels) : randomValues(size, 5);
        const x = tf.tensor(values, shape);
        layer.build(shape);
        layer.setWeights([
          tf.tensor(randomValues(channels, 6)),
          ties ? tf.zeros([channels]) : tf.tensor(randomValues(channels, 7)),
          tf.zeros([channels]),
          tf.ones([channels]),
        ]);
        const beta = layer.trainableWeights[1]!.read() as tf.Variable;
        const { value, grads } = tf.variableGrads(
          () => tf.sum<tf.Scalar>(layer.apply(x, { training: true }) as tf.Tensor),
          [beta],
        );
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const counts = new Array<number>(channels).fill(0);
        y.dataSync().forEach((v, i) => {
          if (v > 0) counts[i % channels]! += 1;
        });
        expect(Array.from(grads[beta.name]!.dataSync())).toEqual(counts);
        expect(counts.some((n) => n > 0 && n < size / channels)).toBe(true);
        if (ties) expect(Array.from(y.dataSync()).filter((v) => v === 0).length).toBeGreaterThan(size / 3);
        tf.dispose([x, value, y, ...Object.values(grads)]);
        for (const w of layer.weights) w.dispose();
      });
    }

  // A NaN in a channel makes its statistics NaN; the fused ReLU keeps NaN as NaN (as tf.relu does) so that the
  // divergence shows, in the narrow path (8 channels) and in the vector and scalar parts of the general path.
  const nanCases: [number[], number[]][] = [
    [[4, 8], [1]],
    [
      [2, 3, 6],
      [0, 5],
    ],
  ];
  for (const [shape, nanChannels] of nanCases) {
    it(`BatchNormReLU keeps NaN ${JSON.stringify(shape)}`, async () => {
      await tf.setBackend('wasm');
      const layer = new BatchNormReLU({});
      const channels = shape[shape.length - 1]!;
      const size = shape.reduce((a, b) => a * b, 1);
      const values = randomValues(size, 8);
      for (const c of nanChannels) values[channels + c] = NaN;
      const x = tf.tensor(values, shape);
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      Array.from(y.dataSync()).forEach((v, i) => {
        if (nanChannels.includes(i % channels)) expect(v, `entry ${i}`).toBeNaN();
        else expect(v, `entry ${i}`).toBeGreaterThanOrEqual(0);
      });
      tf.dispose([x, y]);
      for (const w of layer.weights) w.dispose();
    });
  }

  // The fused ReLU is max(z, 0) exactly, signed zeros included: z = -0 (a channel of -0 inputs with beta = -0, so
  // x · scale + shift = -0 + -0) gives +0, as tf.relu does, in the narrow path, the general path's vector lanes and
  // its scalar tail.
  for (const shape of [
    [4, 8],
    [2, 3, 6],
  ])
    it(`BatchNormReLU turns -0 into +0 ${JSON.stringify(shape)}`, async () => {
      await tf.setBackend('wasm');
      const channels = shape[shape.length - 1]!;
      const x = tf.fill(shape, -0);
      const scale = tf.ones([channels]);
      const offset = tf.fill([channels], -0);
      const [y, mean, variance] = tf
        .engine()
        .runKernel<tf.Tensor[]>(
          'BatchNormTraining',
          { x, scale, offset },
          { varianceEpsilon: 1e-3, activation: 'relu' },
        );
      const values = Array.from(y!.dataSync());
      expect(values).toHaveLength(x.size);
      values.forEach((v, i) => expect(Object.is(v, 0), `entry ${i}: ${Object.is(v, -0) ? '-0' : v}`).toBe(true));
      tf.dispose([x, scale, offset, y!, mean!, variance!]);
    });

  // Training never takes the gradient of the model's input: a batch norm of it (the article's first layer) then
  // needs only d(gamma) and d(beta), and its backward kernel leaves out the dx pass. Asked for with and without dx,
  // they are the same bits, and neither way leaves a tensor behind.
  for (const relu of [false, true])
    it(`skips the dx pass when nobody takes the input's gradient${relu ? ' (BatchNormReLU)' : ''}`, async () => {
      await tf.setBackend('wasm');
      const shape = [4, 6, 6, 16];
      const layer = relu ? new BatchNormReLU({}) : new BatchNormalization({});
      layer.build(shape);
      layer.setWeights(
        layer.getWeights().map((w, i) =>
          tf.tensor(
            randomValues(16, 20 + i).map((v) => 1 + v),
            w.shape,
          ),
        ),
      );
      const x = tf.tensor(randomValues(4 * 6 * 6 * 16, 3), shape);
      const dy = tf.tensor(randomValues(4 * 6 * 6 * 16, 4), shape);
      const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable) as [tf.Variable, tf.Variable];
      const loss = (input: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, dy));
      const before = tf.memory().numTensors;
      let parameters: tf.Tensor[] = [];
      const profile = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => loss(x), [gamma, beta]);
        value.dispose();
        parameters = [grads[gamma.name]!, grads[beta.name]!];
      });
      const backward = profile.kernels.filter((k) => k.name === 'BatchNormTrainingGrad');
      expect(backward.map((k) => k.outputShapes)).toEqual([[[16], [16]]]); // dscale and doffset only
      // The input as a variable: one backward pass takes dx, d(gamma) and d(beta).
      const input = tf.variable(x);
      const profileAll = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => loss(input), [input, gamma, beta]);
        value.dispose();
        expect(grads[input.name]!.shape).toEqual(shape);
        expect(Array.from(grads[input.name]!.dataSync()).some((v) => v !== 0)).toBe(true);
        parameters.forEach((p, k) =>
          expect(Array.from(p.dataSync())).toEqual(Array.from(grads[[gamma, beta][k]!.name]!.dataSync())),
        );
        tf.dispose(Object.values(grads));
      });
      const backwardAll = profileAll.kernels.filter((k) => k.name === 'BatchNormTrainingGrad');
      expect(backwardAll.map((k) => k.outputShapes)).toEqual([[shape, [16], [16]]]); // one kernel for all three
      input.dispose();
      tf.dispose(parameters);
      const inputOnly = tf.grad(loss)(x);
      inputOnly.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, dy]);
      for (const w of layer.weights) w.dispose();
    });

  it('runs the stock computation in inference', async () => {
    await tf.setBackend('wasm');
    const layer = new BatchNormalization({});
    const x = tf.randomNormal([2, 3, 3, 4]);
    const profile = await tf.profile(() => (layer.apply(x, { training: false }) as tf.Tensor).dispose());
    expect(profile.kernelNames).not.toContain('BatchNormTraining');
    expect(layer.getClassName()).toBe('BatchNormalization');
    x.dispose();
    for (const w of layer.weights) w.dispose();
  });

  it('BatchNormReLU is relu(batch norm) in inference, and serializes under its own name', async () => {
    await tf.setBackend('wasm');
    const layer = new BatchNormReLU({ epsilon: 1e-3 });
    const stock = tf.layers.batchNormalization({ epsilon: 1e-3 });
    const x = tf.randomNormal([2, 3, 3, 4]);
    layer.build(x.shape);
    stock.build(x.shape);
    stock.setWeights(layer.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.5))));
    layer.setWeights(stock.getWeights());
    const got = layer.apply(x, { training: false }) as tf.Tensor;
    const want = tf.relu(stock.apply(x, { training: false }) as tf.Tensor);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(got.min().dataSync()[0]).toBe(0);
    expect(layer.getClassName()).toBe('BatchNormReLU');
    const before = tf.memory().numTensors;
    (layer.apply(x, { training: false }) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const input = tf.input({ shape: [3, 3, 4] });
    const model = tf.model({ inputs: input, outputs: new BatchNormReLU({}).apply(input) as tf.SymbolicTensor });
    const copy = await tf.models.modelFromJSON({
      modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
    });
    expect(copy.layers[1]).toBeInstanceOf(BatchNormReLU);
    model.dispose();
    copy.dispose();
    tf.dispose([x, got, want]);
    for (const w of [...layer.weights, ...stock.weights]) w.dispose();
  });
});

describe("the fused layer's moving averages", () => {
  beforeAll(setupBackends);

  it.each([0.99, 0.9, 0.1])('are the bits of the stock ops, momentum %s', async (momentum) => {
    await tf.setBackend('wasm');
    for (const size of [1, 3, 16, 70]) {
      const start = tf.tensor1d(randomValues(size, size));
      const batch = tf.tensor1d(randomValues(size, size + 1));
      const variable = new tf.LayerVariable(start);
      movingAverage(variable, batch, momentum);
      const stock = tf.tidy(() => tf.sub(start, tf.mul(tf.sub(start, batch), 1 - momentum)));
      const bits = (t: tf.Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);
      expect(bits(variable.read())).toEqual(bits(stock));
      variable.dispose();
      tf.dispose([start, batch, stock]);
    }
  });
});
