import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLearningRate, type PlateauState, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from '../../lib';
import { linearProblem, useCpu } from './helpers';

beforeAll(useCpu);

/** Feeds a metric sequence to the callback epoch by epoch; returns the logged lr and the rate after each epoch. */
async function drive(options: ReduceLROnPlateauOptions, metric: string, values: number[], lr = 1) {
  const { model } = linearProblem(tf.train.sgd(lr));
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
    const { logged, after } = await drive(
      { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0.01, minLr: 0.2 },
      'val_loss',
      losses,
    );
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
    await expect(drive({}, 'loss', [1])).rejects.toThrow(
      /the epoch logs have no 'val_loss' to monitor \(they have loss\)\. Pass validationData/,
    );
  });

  it.each([
    [{ factor: 1 }, /factor must be in \(0, 1\) \(got 1\)/],
    [{ patience: -1 }, /patience must be an integer ≥ 0 \(got -1\)/],
    [{ cooldown: 0.5 }, /cooldown must be an integer ≥ 0 \(got 0.5\)/],
    [{ minDelta: -1 }, /minDelta must be a finite number ≥ 0/],
    [{ minLr: NaN }, /minLr must be a finite rate ≥ 0 \(got NaN\)/],
    [{ mode: 'up' as never }, /mode must be one of 'auto', 'min', 'max' \(got 'up'\)/],
    [{ thresholdMode: 'relative' as never }, /thresholdMode must be one of 'abs', 'rel' \(got 'relative'\)/],
    [{ eps: -1e-8 }, /eps must be a finite number ≥ 0 \(got -1e-8\)/],
    [{ counting: 'torch' as never }, /counting must be one of 'keras', 'pytorch' \(got 'torch'\)/],
  ])('rejects %o', (options, message) => {
    expect(() => new ReduceLROnPlateau(options)).toThrow(message);
  });
});

/**
 * PyTorch's own ReduceLROnPlateau cases, ported from test/optim/test_lrscheduler.py (pytorch/pytorch):
 * test_reduce_lr_on_plateau1 … 8, with its targets (the rate after each epoch's step) and tolerance (atol 1e-5).
 * PyTorch's defaults beside the options each case sets: factor 0.1, minDelta (threshold) 1e-4, thresholdMode 'rel',
 * eps 1e-8, patience 10, cooldown 0.
 */
describe("ReduceLROnPlateau with counting: 'pytorch' follows PyTorch's test_lrscheduler.py", () => {
  const TORCH = { eps: 1e-8, counting: 'pytorch', minDelta: 1e-4, thresholdMode: 'rel', patience: 10 } as const;
  const repeat = (value: number, n: number): number[] => Array<number>(n).fill(value);
  const range = (n: number): number[] => [...Array(n).keys()];
  const expectClose = (actual: number[], expected: number[]) => {
    expect(actual.map((a, i) => Math.abs(a - expected[i]!) <= 1e-5)).toEqual(actual.map(() => true));
  };
  const cases: [string, ReduceLROnPlateauOptions, number[], number[]][] = [
    [
      'test_reduce_lr_on_plateau1',
      { thresholdMode: 'abs', mode: 'min', minDelta: 0.01, patience: 5, cooldown: 5 },
      range(10).map((i) => 10 - i * 0.0167),
      repeat(0.5, 10),
    ],
    [
      'test_reduce_lr_on_plateau2',
      { patience: 5, cooldown: 0, thresholdMode: 'abs', mode: 'min', minDelta: 0.1 },
      range(22).map((i) => 10 - i * 0.0165),
      [...repeat(0.5, 6), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 2)],
    ],
    [
      'test_reduce_lr_on_plateau3',
      { mode: 'max', patience: 5, cooldown: 5, thresholdMode: 'abs' },
      [...repeat(-0.8, 2), ...repeat(-0.234, 20)],
      [...repeat(0.5, 2 + 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 3)],
    ],
    [
      'test_reduce_lr_on_plateau4',
      { mode: 'max', patience: 3, thresholdMode: 'rel', minDelta: 0.1 },
      range(20).map((i) => 1.5 * 1.025 ** i),
      repeat(0.5, 20),
    ],
    [
      'test_reduce_lr_on_plateau5',
      { mode: 'max', thresholdMode: 'rel', minDelta: 0.1, patience: 5, cooldown: 5 },
      range(20).map((i) => 1.5 * 1.005 ** i),
      [...repeat(0.5, 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 3)],
    ],
    [
      'test_reduce_lr_on_plateau6',
      { mode: 'min', thresholdMode: 'rel', minDelta: 0.1 },
      range(20).map((i) => 1.5 * 0.85 ** i),
      repeat(0.5, 20),
    ],
    [
      'test_reduce_lr_on_plateau7 (and test_add_param_group_does_not_break_reduce_lr_on_plateau)',
      { mode: 'min', thresholdMode: 'rel', minDelta: 0.1, patience: 5, cooldown: 5 },
      [...repeat(1, 7), 0.6, ...repeat(0.5, 12)],
      [...repeat(0.5, 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 3)],
    ],
    [
      'test_reduce_lr_on_plateau8, first group (min_lr 0.4)',
      { mode: 'max', thresholdMode: 'rel', minLr: 0.4, minDelta: 0.1, patience: 5, cooldown: 5 },
      range(20).map((i) => 1.5 * 1.005 ** i),
      [...repeat(0.5, 6), ...repeat(0.4, 14)],
    ],
    [
      'test_reduce_lr_on_plateau8, second group (min_lr 0.3)',
      { mode: 'max', thresholdMode: 'rel', minLr: 0.3, minDelta: 0.1, patience: 5, cooldown: 5 },
      range(20).map((i) => 1.5 * 1.005 ** i),
      [...repeat(0.5, 6), ...repeat(0.3, 14)],
    ],
  ];

  it.each(cases)('%s', async (_name, options, metrics, targets) => {
    const { after } = await drive({ ...TORCH, ...options }, 'val_loss', metrics, 0.5);
    expectClose(after, targets);
  });

  it("Keras' counting needs patience + 1 and cooldown + 1 for PyTorch's settings, and differs without them", async () => {
    const [, options, metrics, targets] = cases[6]!;
    const keras = { ...TORCH, ...options, counting: 'keras' } as const;
    expectClose((await drive({ ...keras, patience: 6, cooldown: 6 }, 'val_loss', metrics, 0.5)).after, targets);
    expect((await drive(keras, 'val_loss', metrics, 0.5)).after).not.toEqual(
      (await drive({ ...TORCH, ...options }, 'val_loss', metrics, 0.5)).after,
    );
  });
});

describe('ReduceLROnPlateau state (PyTorch state_dict)', () => {
  const losses = [1, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.7, 0.9, 0.9];
  const options = { patience: 1, cooldown: 1, factor: 0.5 } as const;
  /** The rate after each epoch, stepping from `from` on with `plateau` and an optimizer at `lr`. */
  const rates = (plateau: ReduceLROnPlateau, lr: number, from: number): number[] => {
    const optimizer = tf.train.sgd(lr);
    return losses.slice(from).map((loss, i) => {
      plateau.step(loss, optimizer, from + i);
      return getLearningRate(optimizer);
    });
  };

  it.each(['keras', 'pytorch'] as const)(
    'saved mid-run and restored into a new instance, %s counting goes on as if never stopped',
    (counting) => {
      const whole = rates(new ReduceLROnPlateau({ ...options, counting }), 1, 0);
      expect(new Set(whole).size).toBeGreaterThan(2);
      for (let stop = 1; stop < losses.length; stop++) {
        const first = new ReduceLROnPlateau({ ...options, counting });
        const optimizer = tf.train.sgd(1);
        const before = losses.slice(0, stop).map((loss, epoch) => {
          first.step(loss, optimizer, epoch);
          return getLearningRate(optimizer);
        });
        const saved = JSON.parse(JSON.stringify(first.getState())) as PlateauState;
        const replay = new ReduceLROnPlateau({ ...options, counting });
        replay.setState(saved);
        expect(replay.getState()).toEqual(saved);
        expect([...before, ...rates(replay, before.at(-1)!, stop)], `stopped after ${stop}`).toEqual(whole);
      }
    },
  );

  it('a fresh state has no best yet, and a bad state is refused', () => {
    const plateau = new ReduceLROnPlateau();
    expect(plateau.getState()).toEqual({ best: null, wait: 0, cooldown: 0 });
    expect(() => plateau.setState({ best: null, wait: -1, cooldown: 0 })).toThrow(
      /ReduceLROnPlateau\.setState: wait must be an integer ≥ 0 \(got -1\)/,
    );
    expect(() => plateau.setState({ best: NaN, wait: 0, cooldown: 0 })).toThrow(/best must be a finite number/);
  });
});
