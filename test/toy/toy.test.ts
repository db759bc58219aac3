import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError, spirals, StepDecay, toyProblem, trainToy } from '../../lib';

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
    expect(() => spirals({ pointsPerClass: 1 })).toThrow(/pointsPerClass must be an integer ≥ 2 \(got 1\)/);
    expect(() => spirals({ classes: 1 })).toThrow(/classes must be an integer ≥ 2 \(got 1\)/);
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
    expect(a.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(b.model.getWeights().map((w) => Array.from(w.dataSync())));
    // Shuffled: the first 30 points are not all of class 0.
    const classes = tf.tidy(() => Array.from(a.ys.argMax(1).dataSync()));
    expect(new Set(classes.slice(0, 30)).size).toBeGreaterThan(1);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
