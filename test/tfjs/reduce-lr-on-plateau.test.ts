import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLearningRate, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from '../../lib';
import { linearProblem, useCpu } from './helpers';

beforeAll(useCpu);

/** Feeds a metric sequence to the callback epoch by epoch; returns the logged lr and the rate after each epoch. */
async function drive(options: ReduceLROnPlateauOptions, metric: string, values: number[]) {
  const { model } = linearProblem(tf.train.sgd(1));
  const callback = new ReduceLROnPlateau(options);
  callback.setModel(model);
  await callback.onTrainBegin();
  const logged: number[] = [];
  const after: number[] = [];
  for (const [epoch, value] of values.entries()) {
    const logs: tf.Logs = { loss: 1, [metric]: value };
    await callback.onEpochEnd(epoch, logs);
    logged.push(logs['lr']!);
    after.push(getLearningRate(model.optimizer));
  }
  return { logged, after };
}

describe('ReduceLROnPlateau follows Keras', () => {
  it('patience, minDelta, cooldown and minLr (traced by hand from Keras’ on_epoch_end)', async () => {
    const losses = [1.0, 0.995, 0.995, 0.99, 0.99, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98];
    const { logged, after } = await drive({ factor: 0.5, patience: 2, cooldown: 1, minDelta: 0.01, minLr: 0.2 }, 'val_loss', losses);
    // e0 best 1.0 · e1 wait 1 · e2 wait 2 → 0.5, cooldown 1 · e3 cooldown ends (counter 0) and the epoch counts:
    // wait 1 · e4 wait 2 → 0.25, cooldown 1 · e5 counter 0, 0.98 < 0.99 improves · e6 wait 1 ·
    // e7 wait 2 → max(0.125, 0.2) = 0.2 · e8 wait 1 · e9… the rate is already at minLr: no more reductions
    expect(after).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(logged).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it("'auto' mode maximizes accuracies", async () => {
    const { after } = await drive({ monitor: 'val_acc', factor: 0.1, patience: 1 }, 'val_acc', [0.5, 0.6, 0.55, 0.7]);
    expect(after).toEqual([1, 1, expect.closeTo(0.1, 12), expect.closeTo(0.1, 12)]);
  });

  it('reduces the rate inside model.fit and logs it to History', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1));
    // minDelta so large that no epoch after the first counts as an improvement.
    const callback = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minDelta: 1e9 });
    const history = await model.fit(xs, ys, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [callback] });
    expect(history.history['lr']).toEqual([0.1, 0.1, 0.05]);
    expect(getLearningRate(model.optimizer)).toBe(0.025);
  });

  it('says which metric is missing and what to do', async () => {
    await expect(drive({}, 'loss', [1])).rejects.toThrow(/the epoch logs have no 'val_loss' to monitor \(they have loss\)\. Pass validationData/);
  });

  it.each([
    [{ factor: 1 }, /factor must be in \(0, 1\) \(got 1\)/],
    [{ patience: -1 }, /patience must be an integer ≥ 0 \(got -1\)/],
    [{ cooldown: 0.5 }, /cooldown must be an integer ≥ 0 \(got 0.5\)/],
    [{ minDelta: -1 }, /minDelta must be a finite number ≥ 0/],
    [{ minLr: NaN }, /minLr must be a finite rate ≥ 0 \(got NaN\)/],
    [{ mode: 'up' as never }, /mode must be one of 'auto', 'min', 'max' \(got up\)/],
  ])('rejects %o', (options, message) => {
    expect(() => new ReduceLROnPlateau(options)).toThrow(message);
  });
});
