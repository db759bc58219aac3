import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CyclicLR, fromConfig, iterationsPerEpoch, LearningRateScheduler, type ScheduleConfig } from '../../lib';
import { linearProblem, useCpu, weightsOf } from './helpers';

beforeAll(useCpu);

interface ReferenceCase {
  id: string;
  schedule: ScheduleConfig;
  t: number[];
  rates: number[];
}

const { cases } = JSON.parse(readFileSync(join(__dirname, '../reference/schedules.json'), 'utf8')) as {
  cases: ReferenceCase[];
};
const cyclic = cases.filter((c) => c.id.startsWith('CyclicLR '));

// 16 samples at batch 4 are 4 updates per epoch: 100 epochs make the reference's 400 iterations.
const SAMPLES = 16;
const BATCH = 4;
const EPOCHS = 100;

/** The training of `linearProblem` replayed in float64 with plain SGD at the given rate per update. */
function replay(rates: number[]): [number, number] {
  const x = Array.from({ length: SAMPLES }, (_, i) => i / SAMPLES - 0.5);
  let [w, b] = [0, 0];
  rates.forEach((lr, step) => {
    const start = (step * BATCH) % SAMPLES;
    const batch = x.slice(start, start + BATCH);
    const r = batch.map((xi) => w * xi + b - (2 * xi - 1));
    w -= lr * (2 / BATCH) * r.reduce((s, v, i) => s + v * batch[i]!, 0);
    b -= lr * (2 / BATCH) * r.reduce((s, v) => s + v, 0);
  });
  return [w, b];
}

describe('CyclicLR per batch in model.fit follows PyTorch', () => {
  it('has the three modes to check, 400 iterations each', () => {
    expect(cyclic.map((c) => c.id)).toEqual(['CyclicLR triangular', 'CyclicLR triangular2', 'CyclicLR exp_range']);
    expect(iterationsPerEpoch(SAMPLES, BATCH) * EPOCHS).toBe(400);
    cyclic.forEach((c) => expect(c.t).toEqual([...Array(400).keys()]));
  });

  it.each(cyclic.map((c) => [c.id, c] as const))(
    '%s: the rates set per batch, and the weights they give',
    async (_id, c) => {
      const schedule = fromConfig(c.schedule);
      expect(schedule).toBeInstanceOf(CyclicLR);
      const { model, xs, ys } = linearProblem(tf.train.sgd(0.001), SAMPLES);
      const scheduler = new LearningRateScheduler(schedule);
      await model.fit(xs, ys, { epochs: EPOCHS, batchSize: BATCH, shuffle: false, verbose: 0, callbacks: [scheduler] });

      // One rate per update, in order: exactly the schedule's, and PyTorch's to the last bits (the two compute in a
      // different order; about 100 of the 400 rates differ in float64 rounding, by at most 2e-14 relative).
      expect(scheduler.applied.map((a) => a.iteration)).toEqual(c.t);
      const applied = scheduler.applied.map((a) => a.lr);
      expect(applied).toEqual(schedule.rates(400));
      applied.forEach((lr, i) =>
        expect(Math.abs(lr - c.rates[i]!) / c.rates[i]!, `iteration ${i}`).toBeLessThanOrEqual(1e-13),
      );

      // The rates reached the optimizer: the weights are those of SGD at PyTorch's rates, replayed in float64.
      const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));
      const trained = weightsOf(model);
      expect(distance(trained, replay(c.rates))).toBeLessThan(1e-5);
      // …and not those of the other modes, nor of a constant rate: the check above tells them apart.
      for (const other of [...cyclic.filter((o) => o !== c).map((o) => o.rates), c.rates.map(() => c.rates[0]!)]) {
        expect(distance(replay(other), replay(c.rates))).toBeGreaterThan(1e-3);
      }
    },
  );
});
