import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CyclicLR, KerasDecay, LearningRateScheduler, OneCycle, type Schedule, StepDecay } from '../../lib';
import { linearProblem, useCpu, weightsOf } from './helpers';

beforeAll(useCpu);

const SAMPLES = 16;
const BATCH = 4; // 4 updates per epoch

async function train(optimizer: tf.Optimizer, schedule: Schedule, epochs: number) {
  const { model, xs, ys } = linearProblem(optimizer, SAMPLES);
  const scheduler = new LearningRateScheduler(schedule);
  const history = await model.fit(xs, ys, {
    epochs,
    batchSize: BATCH,
    shuffle: false,
    verbose: 0,
    callbacks: [scheduler],
  });
  return { model, xs, ys, scheduler, history };
}

/**
 * The same training replayed in float64: mean-squared-error on batches of y = 2x − 1, w and b from 0, with the
 * given rate per update, plain SGD or tfjs' PyTorch-form momentum (a ← m·a + g; w ← w − lr·a).
 */
function replay(rates: number[], momentum = 0): [number, number] {
  const x = Array.from({ length: SAMPLES }, (_, i) => i / SAMPLES - 0.5);
  let [w, b, aw, ab] = [0, 0, 0, 0];
  rates.forEach((lr, step) => {
    const start = (step * BATCH) % SAMPLES;
    const batch = x.slice(start, start + BATCH);
    const residuals = batch.map((xi) => w * xi + b - (2 * xi - 1));
    const gw = (2 / BATCH) * residuals.reduce((s, r, i) => s + r * batch[i]!, 0);
    const gb = (2 / BATCH) * residuals.reduce((s, r) => s + r, 0);
    aw = momentum * aw + gw;
    ab = momentum * ab + gb;
    w -= lr * aw;
    b -= lr * ab;
  });
  return [w, b];
}

describe('LearningRateScheduler in model.fit', () => {
  it('per epoch: History.lr holds exactly the schedule rates', async () => {
    const schedule = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 2 });
    const { history, scheduler } = await train(tf.train.sgd(0.1), schedule, 6);
    expect(history.history['lr']).toEqual(schedule.rates(6));
    expect(scheduler.applied.map((a) => a.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(scheduler.iteration).toBe(24);
  });

  it('per iteration: a rate per batch from a global counter; History.lr is the rate of each epoch’s last batch', async () => {
    const schedule = new KerasDecay({ initialLr: 0.1, decay: 0.5 });
    const { history, scheduler } = await train(tf.train.sgd(0.1), schedule, 3);
    expect(scheduler.applied.map((a) => a.iteration)).toEqual([...Array(12).keys()]);
    expect(scheduler.applied.map((a) => a.lr)).toEqual(schedule.rates(12));
    expect(scheduler.applied.map((a) => a.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(history.history['lr']).toEqual([schedule.at(3), schedule.at(7), schedule.at(11)]);
  });

  it('keeps counting iterations across fit calls, and resumes a per-epoch schedule at initialEpoch', async () => {
    const cyclic = new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 3 });
    const { model, xs, ys, scheduler } = await train(tf.train.sgd(0.1), cyclic, 2);
    await model.fit(xs, ys, {
      epochs: 4,
      initialEpoch: 2,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: [scheduler],
    });
    expect(scheduler.applied.map((a) => a.iteration)).toEqual([...Array(16).keys()]);
    expect(scheduler.applied.map((a) => a.lr)).toEqual(cyclic.rates(16));

    const step = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 1 });
    const perEpoch = new LearningRateScheduler(step);
    const history = await model.fit(xs, ys, {
      epochs: 5,
      initialEpoch: 3,
      batchSize: BATCH,
      verbose: 0,
      callbacks: [perEpoch],
    });
    expect(history.history['lr']).toEqual([step.at(3), step.at(4)]);
  });

  it('refuses to start a run the schedule does not cover, before any update', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), SAMPLES);
    const before = weightsOf(model);
    const scheduler = new LearningRateScheduler(new OneCycle({ maxLr: 0.1, totalSteps: 10 }));
    await expect(
      model.fit(xs, ys, { epochs: 3, batchSize: BATCH, verbose: 0, callbacks: [scheduler] }),
    ).rejects.toThrow(/OneCycle\.at: iteration 11 is beyond the schedule's range 0…9\./);
    expect(weightsOf(model)).toEqual(before);
    expect(scheduler.applied).toEqual([]);
  });

  it('per iteration through fitDataset, one epoch per call as the experiment runner does', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), SAMPLES);
    const cycle = new OneCycle({ maxLr: 0.1, totalSteps: 16 });
    const scheduler = new LearningRateScheduler(cycle);
    const data = tf.data.zip({ xs: tf.data.array(tf.split(xs, 4)), ys: tf.data.array(tf.split(ys, 4)) });
    for (let epoch = 0; epoch < 4; epoch++) {
      await model.fitDataset(data, {
        epochs: epoch + 1,
        initialEpoch: epoch,
        batchesPerEpoch: 4,
        verbose: 0,
        callbacks: [scheduler],
      });
    }
    expect(scheduler.applied.map((a) => a.lr)).toEqual(cycle.rates(16));
    // A fifth epoch would need iterations 16–19: refused before any update.
    const before = weightsOf(model);
    await expect(
      model.fitDataset(data, { epochs: 5, initialEpoch: 4, batchesPerEpoch: 4, verbose: 0, callbacks: [scheduler] }),
    ).rejects.toThrow(/OneCycle\.at: iteration 19 is beyond the schedule's range 0…15\./);
    expect(weightsOf(model)).toEqual(before);
  });

  describe("the rate really drives tfjs' own optimizers (weights, not only the logged number)", () => {
    const schedule = new KerasDecay({ initialLr: 0.3, decay: 0.4 });
    const rates = schedule.rates(20);
    const constant = rates.map(() => rates[0]!);

    it.each([
      ['tf.train.sgd', () => tf.train.sgd(0.3), 0],
      ['tf.train.momentum', () => tf.train.momentum(0.3, 0.9), 0.9],
    ] as const)('%s follows the scheduled rates update by update', async (_name, make, momentum) => {
      const { model } = await train(make(), schedule, 5);
      const trained = weightsOf(model);
      const expected = replay(rates, momentum);
      const unscheduled = replay(constant, momentum);
      const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));
      // float32 training vs a float64 replay: 20 updates of values of order 1 agree to ~1e-6.
      expect(distance(trained, expected)).toBeLessThan(1e-5);
      // The constant-rate run ends far away, so the check above can tell the two apart.
      expect(distance(unscheduled, expected)).toBeGreaterThan(1e-2);
    });
  });
});
