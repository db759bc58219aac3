import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError, ScheduleParameterError, spirals, StepDecay, toyProblem, trainToy } from '../../lib';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('spirals', () => {
  it('is seeded and balanced', () => {
    const a = spirals({ seed: 3, pointsPerClass: 50 });
    expect(a.points).toEqual(spirals({ seed: 3, pointsPerClass: 50 }).points);
    expect(a.points).not.toEqual(spirals({ seed: 4, pointsPerClass: 50 }).points);
    expect(Array.from({ length: 3 }, (_, k) => a.labels.filter((l) => l === k).length)).toEqual([50, 50, 50]);
    expect(Math.max(...Array.from(a.points, Math.abs))).toBeLessThanOrEqual(1);
  });

  it('rejects bad sizes', () => {
    expect(() => spirals({ pointsPerClass: 1 })).toThrow('spirals: pointsPerClass must be an integer ≥ 2 (got 1).');
    expect(() => spirals({ classes: 1.5 })).toThrow(ScheduleParameterError);
    expect(() => spirals({ classes: 1 })).toThrow('spirals: classes must be an integer ≥ 2 (got 1).');
  });
});

describe('trainToy', () => {
  it('learns the spirals at a good rate, reproducibly, and logs the end-of-epoch loss', async () => {
    const a = await trainToy({ lr: 0.3, epochs: 15 });
    const b = await trainToy({ lr: 0.3, epochs: 15 });
    const end = a.history.history['end_loss'] as number[];
    expect(end).toHaveLength(15);
    expect(end[14]!).toBeLessThan(0.6 * end[0]!);
    expect(b.history.history['end_loss']).toEqual(end);
    [a, b].forEach((r) => r.dispose());
  });

  it('stops after the batch during which its signal was aborted, frees what it made and rejects', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const abortAtBatch4 = new (class extends tf.Callback {
      override async onBatchEnd(batch: number): Promise<void> {
        if (batch === 3) controller.abort();
      }
    })();
    const run = trainToy({ lr: 0.1, epochs: 50, callbacks: [abortAtBatch4], signal: controller.signal });
    await expect(run).rejects.toThrow(InterruptedError);
    await expect(run).rejects.toThrow(/^trainToy: interrupted after batch 4 of epoch 1\/50\.$/);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('applies a schedule with LearningRateScheduler', async () => {
    const step = new StepDecay({ initAlpha: 0.3, factor: 0.5, dropEvery: 2 });
    const run = await trainToy({ lr: step, epochs: 4 });
    expect(run.history.history['lr']).toEqual(step.rates(4));
    expect(run.scheduler?.applied).toHaveLength(4);
    run.dispose();
  });

  it('does not leak tensors', async () => {
    const before = tf.memory().numTensors;
    (await trainToy({ lr: 0.1, epochs: 2 })).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('toyProblem', () => {
  it('gives the seeded, uncompiled model and the shuffled data, and frees them', () => {
    const before = tf.memory().numTensors;
    const a = toyProblem({ seed: 2 });
    const b = toyProblem({ seed: 2 });
    expect(a.model.optimizer).toBeUndefined();
    expect(a.xs.shape).toEqual([300, 2]);
    expect(a.ys.shape).toEqual([300, 3]);
    expect(a.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
      b.model.getWeights().map((w) => Array.from(w.dataSync())),
    );
    // Shuffled: the first 30 points are not all of class 0.
    const classes = tf.tidy(() => Array.from(a.ys.argMax(1).dataSync()));
    expect(new Set(classes.slice(0, 30)).size).toBeGreaterThan(1);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainToy({ recordUpdates })', () => {
  it("records every update: the batch's loss before (Keras' loss) and after it, and the loss on all points", async () => {
    const run = await trainToy({ lr: 0.5, epochs: 3, recordUpdates: true });
    const updates = run.updates!;
    // 300 points in batches of 32: nine of 32 and one of 12, in every epoch.
    expect(updates.map((u) => [u.epoch, u.batch])).toEqual(
      [0, 1, 2].flatMap((e) => [...Array(10).keys()].map((b) => [e, b])),
    );
    expect(updates.slice(0, 10).map((u) => u.size)).toEqual([...Array(9).fill(32), 12]);
    const history = run.history.history;
    for (const epoch of [0, 1, 2]) {
      const own = updates.filter((u) => u.epoch === epoch);
      // Keras' epoch loss is the size-weighted mean of the batch losses before their updates.
      const weighted = own.reduce((s, u) => s + u.before * u.size, 0) / 300;
      expect(weighted).toBeCloseTo(history['loss']![epoch] as number, 5);
      // After the epoch's last update the weights are those end_loss is measured at.
      expect(own[9]!.all).toBeCloseTo(history['end_loss']![epoch] as number, 6);
    }
    // The last update's `after` is that batch's loss at the final weights.
    const problem = toyProblem();
    const { xs, ys } = problem;
    const last = tf.tidy(() => {
      const [loss] = run.model.evaluate(xs.slice([288, 0], [12, 2]), ys.slice([288, 0], [12, 3])) as tf.Scalar[];
      return loss!.dataSync()[0]!;
    });
    expect(updates[29]!.after).toBeCloseTo(last, 6);
    expect(updates[29]!.after).not.toBeCloseTo(updates[29]!.before, 3);
    problem.dispose();
    run.dispose();
  });

  it('records only the last epochs when asked, and refuses a bad count', async () => {
    const run = await trainToy({ lr: 0.5, epochs: 3, recordUpdates: { lastEpochs: 1 } });
    expect(run.updates!.map((u) => u.epoch)).toEqual(Array(10).fill(2));
    expect(run.updates![9]!.all).toBeCloseTo(run.history.history['end_loss']![2] as number, 6);
    run.dispose();
    const before = tf.memory().numTensors;
    await expect(trainToy({ lr: 0.5, epochs: 3, recordUpdates: { lastEpochs: 0 } })).rejects.toThrow(
      /trainToy: recordUpdates\.lastEpochs must be an integer ≥ 1 \(got 0\)\. Give true to record every epoch\./,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('records nothing unless asked, and leaks no tensors either way', async () => {
    const before = tf.memory().numTensors;
    const plain = await trainToy({ lr: 0.1, epochs: 1 });
    expect(plain.updates).toBeUndefined();
    plain.dispose();
    (await trainToy({ lr: 0.1, epochs: 2, recordUpdates: true })).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
