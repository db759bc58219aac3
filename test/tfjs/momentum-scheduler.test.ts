import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CyclicLR,
  CyclicMomentum,
  getMomentum,
  KerasSGD,
  LearningRateScheduler,
  MomentumScheduler,
  OneCycle,
  setMomentum,
} from '../../lib';
import { linearProblem, useCpu, weightsOf } from './helpers';

beforeAll(useCpu);

const SAMPLES = 16;
const BATCH = 4; // 4 updates per epoch
const EPOCHS = 5;

/**
 * The training of `linearProblem` replayed in float64 with a rate and a momentum per update, in PyTorch's form
 * (tfjs' momentum: a ← m·a + g; w ← w − lr·a) or Keras' (v ← m·v − lr·g; w ← w + v).
 */
function replay(rates: number[], momenta: number[], form: 'pytorch' | 'keras'): [number, number] {
  const x = Array.from({ length: SAMPLES }, (_, i) => i / SAMPLES - 0.5);
  let [w, b, vw, vb] = [0, 0, 0, 0];
  rates.forEach((lr, step) => {
    const m = momenta[step]!;
    const start = (step * BATCH) % SAMPLES;
    const batch = x.slice(start, start + BATCH);
    const r = batch.map((xi) => w * xi + b - (2 * xi - 1));
    const gw = (2 / BATCH) * r.reduce((s, v, i) => s + v * batch[i]!, 0);
    const gb = (2 / BATCH) * r.reduce((s, v) => s + v, 0);
    if (form === 'pytorch') {
      [vw, vb] = [m * vw + gw, m * vb + gb];
      [w, b] = [w - lr * vw, b - lr * vb];
    } else {
      [vw, vb] = [m * vw - lr * gw, m * vb - lr * gb];
      [w, b] = [w + vw, b + vb];
    }
  });
  return [w, b];
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

describe('MomentumScheduler cycles the momentum in model.fit, as PyTorch’s cycle_momentum', () => {
  const cycle = new OneCycle({ maxLr: 0.5, totalSteps: EPOCHS * (SAMPLES / BATCH), pctStart: 0.3 });
  const momentum = new CyclicMomentum({ schedule: cycle });
  const steps = EPOCHS * (SAMPLES / BATCH);

  it.each([
    ['tf.train.momentum', () => tf.train.momentum(0.5, 0.95), 'pytorch'],
    ['KerasSGD', () => new KerasSGD({ learningRate: 0.5, momentum: 0.95 }), 'keras'],
  ] as const)(
    '%s: the weights follow the scheduled rate and momentum update by update; History has momentum',
    async (_n, make, form) => {
      const { model, xs, ys } = linearProblem(make(), SAMPLES);
      const scheduler = new MomentumScheduler(momentum);
      const history = await model.fit(xs, ys, {
        epochs: EPOCHS,
        batchSize: BATCH,
        shuffle: false,
        verbose: 0,
        callbacks: [new LearningRateScheduler(cycle), scheduler],
      });
      expect(scheduler.applied.map((a) => a.momentum)).toEqual(momentum.rates(steps));
      expect(scheduler.applied.map((a) => a.iteration)).toEqual([...Array(steps).keys()]);
      expect(history.history['momentum']).toEqual([3, 7, 11, 15, 19].map((t) => momentum.at(t)));
      expect(getMomentum(model.optimizer)).toBe(momentum.at(steps - 1));

      const expected = replay(cycle.rates(steps), momentum.rates(steps), form);
      const constantMomentum = replay(cycle.rates(steps), Array(steps).fill(0.95), form);
      // float32 training vs a float64 replay of 20 updates agree to ~1e-6; a constant momentum ends far away.
      expect(distance(weightsOf(model), expected)).toBeLessThan(1e-5);
      expect(distance(constantMomentum, expected)).toBeGreaterThan(1e-2);
    },
  );

  it('per epoch: the momentum of a per-epoch cycle is set at each epoch start', async () => {
    const perEpoch = new CyclicMomentum({
      schedule: new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 2, unit: 'epoch' }),
    });
    const { model, xs, ys } = linearProblem(tf.train.momentum(0.1, 0.9), SAMPLES);
    const scheduler = new MomentumScheduler(perEpoch);
    const history = await model.fit(xs, ys, { epochs: 4, batchSize: BATCH, verbose: 0, callbacks: [scheduler] });
    expect(history.history['momentum']).toEqual(perEpoch.rates(4));
    expect(perEpoch.rates(4).map((m) => Number(m.toFixed(12)))).toEqual([0.9, 0.85, 0.8, 0.85]);
  });

  it('refuses a run the schedule does not cover, and an optimizer without momentum', async () => {
    const short = new MomentumScheduler(new CyclicMomentum({ schedule: new OneCycle({ maxLr: 0.1, totalSteps: 10 }) }));
    const { model, xs, ys } = linearProblem(tf.train.momentum(0.1, 0.9), SAMPLES);
    await expect(model.fit(xs, ys, { epochs: 3, batchSize: BATCH, verbose: 0, callbacks: [short] })).rejects.toThrow(
      /OneCycle\.at: iteration 11 is beyond the schedule's range 0…9\./,
    );
    const adam = linearProblem(tf.train.adam(0.1), SAMPLES);
    await expect(
      adam.model.fit(adam.xs, adam.ys, { epochs: 1, verbose: 0, callbacks: [new MomentumScheduler(momentum)] }),
    ).rejects.toThrow(
      /setMomentum: Adam has no momentum to set; compile the model with KerasSGD\(\{ momentum \}\) or tf\.train\.momentum/,
    );
  });
});

describe('setMomentum', () => {
  /** The change of w = [1, −2, 3] after two updates of loss Σ w² (gradient 2w), the momentum set before the second. */
  function twoUpdates(optimizer: tf.Optimizer, set: (o: tf.Optimizer) => void): number[] {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const loss = () => tf.sum<tf.Scalar>(tf.square(w));
    optimizer.minimize(loss);
    set(optimizer);
    optimizer.minimize(loss);
    const out = Array.from(w.dataSync());
    w.dispose();
    return out;
  }

  it("changes the update of tfjs' momentum optimizer, whose own setMomentum does not", () => {
    const run = (set: (o: tf.Optimizer) => void) => twoUpdates(tf.train.momentum(0.1, 0.9), set);
    const unchanged = run(() => {});
    const ours = run((o) => setMomentum(o, 0));
    const tfjsOwn = run((o) => (o as tf.MomentumOptimizer).setMomentum(0));
    // After one update of w0 = 1 with lr 0.1: a = 2, w = 0.8; the second with momentum 0: a = 1.6, w = 0.64.
    expect(ours[0]).toBeCloseTo(0.64, 6);
    expect(tfjsOwn).toEqual(unchanged);
    expect(unchanged[0]).toBeCloseTo(0.8 - 0.1 * (0.9 * 2 + 1.6), 6);
  });

  it('rejects momenta outside [0, 1]', () => {
    expect(() => setMomentum(tf.train.momentum(0.1, 0.9), 1.5)).toThrow(
      /setMomentum: momentum must be in \[0, 1\] \(got 1.5\)/,
    );
    expect(() => new KerasSGD().setMomentum(-0.1)).toThrow(/KerasSGD: momentum must be in \[0, 1\] \(got -0.1\)/);
  });
});
