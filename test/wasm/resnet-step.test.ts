/**
 * Two SGD-momentum training steps of a small ResNet (3x3 stem, two stages
 * with a stride-2 projection shortcut, batch norm, global pooling, softmax)
 * on wasm with our kernels against the same steps on the cpu backend, from
 * identical weights and data.
 *
 * Tolerance: every gradient is float32 with per-reduction relative errors
 * around L*u (L <= 600 terms here, u = 2^-24, so <= 4e-5), compounded
 * through ~10 layers of backprop and the batch-norm normalisation, and
 * amplified by cancellation in batch-norm gradients (whose sums are near
 * zero by construction). We therefore compare each weight tensor's update
 * (w_after - w_before) relative to that tensor's largest update and allow
 * 2e-3; losses must agree to 1e-4 relative. Measured differences are about
 * 10x below these limits; a wrong gradient kernel gives O(1) relative
 * differences.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResNet, type ResNetSpec } from '../../lib/models/resnet-cifar';
import { randomValues, setupBackends } from './helpers';

const spec: ResNetSpec = { inputShape: [8, 8, 3], filters: [4, 8], blocksPerStage: 1, classes: 3 };
const batch = 4;

interface Snapshot {
  values: Float32Array[];
  losses: number[];
}

/** Trains two steps on `backend` from `initial` weights; returns weights and losses. */
async function twoSteps(backend: 'cpu' | 'wasm', initial: Float32Array[]): Promise<Snapshot> {
  await tf.setBackend(backend);
  const model = buildResNet(spec);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i]!, w.shape)));
  model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(randomValues(batch * 8 * 8 * 3, 5), [batch, 8, 8, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), spec.classes);
  const losses: number[] = [];
  for (let step = 0; step < 2; step++) {
    losses.push((await model.trainOnBatch(x, y)) as number);
  }
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  tf.dispose([x, y]);
  return { values, losses };
}

describe('ResNet training step on wasm matches cpu', () => {
  beforeAll(setupBackends);

  it('gives the same losses and weight updates', async () => {
    await tf.setBackend('cpu');
    const reference = buildResNet(spec);
    const initial = reference.getWeights().map((w) => w.dataSync() as Float32Array);
    reference.dispose();

    const cpu = await twoSteps('cpu', initial);
    const wasm = await twoSteps('wasm', initial);

    cpu.losses.forEach((loss, i) => {
      expect(Math.abs(wasm.losses[i]! - loss)).toBeLessThanOrEqual(1e-5 * Math.abs(loss));
    });
    let worst = 0;
    initial.forEach((w0, t) => {
      const dCpu = cpu.values[t]!.map((v, i) => v - w0[i]!);
      const dWasm = wasm.values[t]!.map((v, i) => v - w0[i]!);
      const scale = Math.max(...dCpu.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      const err = Math.max(...dWasm.map((v, i) => Math.abs(v - dCpu[i]!)));
      worst = Math.max(worst, err / scale);
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
    console.log(`worst relative update difference: ${worst.toExponential(2)}`);
  });
});
