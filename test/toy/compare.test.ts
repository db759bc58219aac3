import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareToy, finalValues, StepDecay, trainToy } from '../../lib';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('compareToy', () => {
  it('trains each run as trainToy does, in order, and frees the models', async () => {
    const step = new StepDecay({ initAlpha: 0.3, factor: 0.5, dropEvery: 2 });
    const before = tf.memory().numTensors;
    const results = await compareToy([
      ['fixed', { lr: 0.3, epochs: 3 }],
      ['step', { lr: step, epochs: 3 }],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.name)).toEqual(['fixed', 'step']);
    const alone = await trainToy({ lr: step, epochs: 3 });
    expect(results[1]!.history['end_loss']).toEqual(alone.history.history['end_loss']);
    alone.dispose();
    expect(results[1]!.history['lr']).toEqual(step.rates(3));
    expect(results[1]!.applied.map((a) => a.lr)).toEqual(step.rates(3));
    expect(results[0]!.applied).toEqual([]);
  });

  it("adds the monitor's callback for each run, named", async () => {
    const seen: string[] = [];
    const epochs: string[] = [];
    const monitor = {
      callback: (name: string) => {
        seen.push(name);
        return new (class extends tf.Callback {
          override async onEpochEnd(): Promise<void> {
            epochs.push(name);
          }
        })();
      },
    };
    await compareToy(
      [
        ['a', { lr: 0.1, epochs: 2 }],
        ['b', { lr: 0.1, epochs: 1 }],
      ],
      { monitor },
    );
    expect(seen).toEqual(['a', 'b']);
    expect(epochs).toEqual(['a', 'a', 'b']);
  });
});

describe('compareToy({ recordUpdates })', () => {
  it('keeps the per-update losses of the runs that record them', async () => {
    const results = await compareToy([
      ['recorded', { lr: 0.2, epochs: 2, recordUpdates: true }],
      ['plain', { lr: 0.2, epochs: 2 }],
    ]);
    expect(results[0]!.updates).toHaveLength(20);
    expect(results[0]!.updates![19]!.all).toBe(results[0]!.history['end_loss']![1]);
    expect(results[1]!.updates).toBeUndefined();
  });
});

describe('finalValues', () => {
  it('takes the last value of each metric, rounded, NaN where missing', () => {
    const table = finalValues(
      [
        { name: 'x', history: { end_loss: [1, 0.123456], acc: [0.5] }, applied: [] },
        { name: 'y', history: { end_loss: [] }, applied: [] },
      ],
      ['end_loss', 'acc'],
      3,
    );
    expect(table).toEqual({ x: { end_loss: 0.123, acc: 0.5 }, y: { end_loss: NaN, acc: NaN } });
  });
});
