import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLearningRate, InterruptedError, KerasSGD } from '../../lib';
import { type FinderProgress, findLearningRate, finderRates } from '../../lib/finder';
import { linearProblem, useCpu, weightsOf } from '../tfjs/helpers';
import { spiralsProblem, weightData } from './helpers';

beforeAll(useCpu);

/** Whether two lists of arrays hold the same bits. */
function sameBits(a: ArrayLike<number>[], b: ArrayLike<number>[]): boolean {
  const bytes = (x: ArrayLike<number>) => Buffer.from(Float32Array.from(x).buffer);
  return a.length === b.length && a.every((x, i) => bytes(x).equals(bytes(b[i]!)));
}

/** The optimizer's state (getWeights) as names and raw values. */
async function optimizerState(optimizer: tf.Optimizer): Promise<{ name: string; values: number[] }[]> {
  const named = await optimizer.getWeights();
  const out = named.map(({ name, tensor }) => ({ name, values: Array.from(tensor.dataSync()) }));
  tf.dispose(named.filter(({ tensor }) => !(tensor instanceof tf.Variable)).map(({ tensor }) => tensor));
  return out;
}

describe('finderRates', () => {
  it('grows geometrically from startLr to endLr', () => {
    const rates = finderRates(1e-3, 10, 5);
    expect(rates[0]).toBe(1e-3);
    expect(() => finderRates(1e-3, 10, 1)).toThrow(
      /finderRates: iterations must be an integer ≥ 2 \(got 1\)\. A sweep needs a first and a last rate\./,
    );
    expect(() => finderRates(1e-3, 1e-4, 5)).toThrow(
      /finderRates: endLr must be a finite number > startLr = 0\.001 \(got 0\.0001\)\. The sweep goes up\./,
    );
    [1e-3, 1e-2, 1e-1, 1, 10].forEach((r, i) => expect(rates[i]! / r).toBeCloseTo(1, 12));
    const ratios = finderRates(1e-5, 1, 101).map((r, i, all) => (i ? r / all[i - 1]! : 10 ** 0.05));
    ratios.forEach((q) => expect(q).toBeCloseTo(10 ** 0.05, 12));
  });
});

describe('findLearningRate', () => {
  it('trains batch after batch at the swept rates and records each batch loss (a float64 replay)', async () => {
    // 20 samples at batch 8: batches of 8, 8 and 4 rows, then the data again — 7 updates over 2⅓ passes.
    const samples = 20;
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.5), samples);
    const result = await findLearningRate(model, xs, ys, { startLr: 0.01, endLr: 1, batchSize: 8, epochs: 7 / 3 });
    expect(result.iterations).toBe(7);
    expect(result.lrs).toEqual(finderRates(0.01, 1, 7));
    expect(result.stoppedAt).toMatchObject({ reason: 'completed', iteration: 6, lr: result.lrs[6] });

    const x = Array.from({ length: samples }, (_, i) => i / samples - 0.5);
    const replay = (rates: number[]) => {
      let [w, b] = [0, 0];
      return rates.map((lr, i) => {
        const start = (i % 3) * 8;
        const batch = x.slice(start, start + 8);
        const r = batch.map((xi) => w * xi + b - (2 * xi - 1));
        const loss = r.reduce((s, v) => s + v * v, 0) / batch.length;
        w -= lr * (2 / batch.length) * r.reduce((s, v, k) => s + v * batch[k]!, 0);
        b -= lr * (2 / batch.length) * r.reduce((s, v) => s + v, 0);
        return loss;
      });
    };
    const expected = replay(result.lrs);
    result.losses.forEach((loss, i) => expect(loss / expected[i]!).toBeCloseTo(1, 5));
    // At a constant rate the last loss differs by far more than float32 noise: the check tells the rates apart.
    expect(Math.abs(replay(result.lrs.map(() => 0.01))[6]! / expected[6]! - 1)).toBeGreaterThan(0.1);
  });

  it('stops at the first update whose smoothed loss exceeds 4 × the best so far (linear model, rates up to 100)', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), 64);
    const result = await findLearningRate(model, xs, ys, { startLr: 1e-3, endLr: 100, batchSize: 8, iterations: 200 });
    const { stoppedAt, smoothed, lrs } = result;
    expect(stoppedAt.reason).toBe('diverged');
    expect(stoppedAt.iteration).toBeLessThan(199);
    expect(smoothed).toHaveLength(stoppedAt.iteration + 1);
    expect(lrs).toHaveLength(smoothed.length);
    const runningBest = (i: number) => Math.min(...smoothed.slice(0, i));
    expect(smoothed[stoppedAt.iteration]!).toBeGreaterThan(4 * runningBest(stoppedAt.iteration));
    for (let i = 1; i < stoppedAt.iteration; i++) expect(smoothed[i]!).toBeLessThanOrEqual(4 * runningBest(i));
    // SGD on this least-squares problem cannot diverge below lr = 0.8 (2 / the largest curvature, ≤ 2.5).
    expect(stoppedAt.lr).toBeGreaterThan(0.8);
    expect(stoppedAt.message).toMatch(
      /^the smoothed loss [\d.]+ exceeded 4 × its best [\d.e-]+ at lr = [\d.]+ \(update \d+\)\.$/,
    );
    expect(result.bestLr).toBe(lrs[smoothed.indexOf(Math.min(...smoothed))]);
    expect(result.suggestion.found).toBe(true);
  });

  it('stops on a loss that is no longer finite', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), 16);
    const before = weightsOf(model);
    const result = await findLearningRate(model, xs, ys, { startLr: 1e38, endLr: 3e38, batchSize: 4, iterations: 10 });
    expect(result.stoppedAt).toMatchObject({ reason: 'not-finite', iteration: 1 });
    expect(Number.isFinite(result.losses[1])).toBe(false);
    expect(weightsOf(model)).toEqual(before);
  });

  describe('puts the model back as it was, bitwise — weights, rate, optimizer state — after stopping early', () => {
    const optimizers: [string, () => tf.Optimizer][] = [
      ['sgd', () => tf.train.sgd(0.05)],
      ['momentum', () => tf.train.momentum(0.05, 0.9)],
      ['rmsprop with momentum', () => tf.train.rmsprop(0.01, 0.9, 0.5)],
      ['adagrad', () => tf.train.adagrad(0.05)],
      ['KerasSGD', () => new KerasSGD({ learningRate: 0.05, momentum: 0.9 })],
    ];

    it.each(optimizers)('%s: it trains on exactly like a twin that never ran the finder', async (_name, make) => {
      const a = spiralsProblem(make());
      const twin = spiralsProblem(make());
      const fit = (p: typeof a) => p.model.fit(p.xs, p.ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      await fit(a);
      await fit(twin);
      const weights = weightData(a.model);
      const state = await optimizerState(a.model.optimizer);
      const tensors = tf.memory().numTensors;

      const result = await findLearningRate(a.model, a.xs, a.ys, { startLr: 1e-3, endLr: 1e3, iterations: 150 });
      expect(result.stoppedAt.reason).not.toBe('completed');
      expect(result.optimizerStateRestored).toBe(true);
      expect(sameBits(weightData(a.model), weights)).toBe(true);
      expect(getLearningRate(a.model.optimizer)).toBe(getLearningRate(twin.model.optimizer));
      const restored = await optimizerState(a.model.optimizer);
      expect(restored.map((s) => s.name)).toEqual(state.map((s) => s.name));
      expect(
        sameBits(
          restored.map((s) => s.values),
          state.map((s) => s.values),
        ),
      ).toBe(true);
      expect(tf.memory().numTensors).toBe(tensors);

      await fit(a);
      await fit(twin);
      expect(sameBits(weightData(a.model), weightData(twin.model))).toBe(true);
      // The finder changed the weights while it ran: the twin check above is not trivially true.
      expect(sameBits(weights, weightData(twin.model))).toBe(false);
    });

    it('adam: state restored as tfjs allows (it recomputes β^t with pow), weights and rate bitwise', async () => {
      const a = spiralsProblem(tf.train.adam(0.01));
      await a.model.fit(a.xs, a.ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      const weights = weightData(a.model);
      const state = await optimizerState(a.model.optimizer);
      const result = await findLearningRate(a.model, a.xs, a.ys, { startLr: 1e-4, endLr: 10, iterations: 100 });
      expect(result.optimizerStateRestored).toBe(true);
      expect(sameBits(weightData(a.model), weights)).toBe(true);
      expect(getLearningRate(a.model.optimizer)).toBe(0.01);
      const restored = await optimizerState(a.model.optimizer);
      expect(
        sameBits(
          restored.map((s) => s.values),
          state.map((s) => s.values),
        ),
      ).toBe(true);
    });

    it('adamax, which cannot save its state: weights and rate only, and the result says so', async () => {
      const a = spiralsProblem(tf.train.adamax(0.01));
      const weights = weightData(a.model);
      const result = await findLearningRate(a.model, a.xs, a.ys, { startLr: 1e-4, endLr: 10, iterations: 60 });
      expect(result.optimizerStateRestored).toBe(false);
      expect(sameBits(weightData(a.model), weights)).toBe(true);
      expect(getLearningRate(a.model.optimizer)).toBe(0.01);
    });

    it('non-trainable weights too (batch-norm statistics), and also when the sweep fails', async () => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({
            units: 8,
            inputShape: [2],
            activation: 'relu',
            kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
          }),
          tf.layers.batchNormalization(),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'meanSquaredError' });
      const xs = tf.randomNormal([64, 2], 0, 1, 'float32', 3);
      const ys = tf.randomNormal([64, 1], 0, 1, 'float32', 4);
      const weights = weightData(model);
      await findLearningRate(model, xs, ys, { startLr: 1e-3, endLr: 1, iterations: 20, batchSize: 16 });
      expect(sameBits(weightData(model), weights)).toBe(true);

      // A NaN target: the first batch loss is NaN before any update, and the finder says the rate is not the cause.
      const bad = ys.clone().bufferSync();
      bad.set(NaN, 0, 0);
      await expect(
        findLearningRate(model, xs, bad.toTensor(), { startLr: 1e-3, endLr: 1, iterations: 20, batchSize: 16 }),
      ).rejects.toThrow(/the first batch's loss is NaN, before any update: the rate is not the cause/);
      expect(sameBits(weightData(model), weights)).toBe(true);
      expect(getLearningRate(model.optimizer)).toBe(0.01);
    });
  });

  it('reports every update to onProgress, and how the sweep ended on the last call', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), 64);
    const seen: FinderProgress[] = [];
    const result = await findLearningRate(model, xs, ys, {
      startLr: 1e-3,
      endLr: 100,
      batchSize: 8,
      iterations: 200,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.map((p) => p.done)).toEqual(result.lrs.map((_, i) => i + 1));
    expect(seen.map((p) => p.lr)).toEqual(result.lrs);
    expect(seen.map((p) => p.loss)).toEqual(result.losses);
    expect(seen.map((p) => p.smoothed)).toEqual(result.smoothed);
    expect(seen.every((p) => p.iterations === 200)).toBe(true);
    expect(seen.filter((p) => p.ended !== undefined)).toEqual([seen[seen.length - 1]]);
    expect(seen[seen.length - 1]!.ended).toBe(result.stoppedAt.message);
  });

  it('stops when its signal is aborted: the model is put back bitwise, then it rejects with an InterruptedError', async () => {
    const a = spiralsProblem(new KerasSGD({ learningRate: 0.05, momentum: 0.9 }));
    await a.model.fit(a.xs, a.ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    const weights = weightData(a.model);
    const state = await optimizerState(a.model.optimizer);
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: FinderProgress[] = [];
    const onProgress = (p: FinderProgress): void => {
      seen.push(p);
      if (p.done === 40) controller.abort();
    };
    const sweep = findLearningRate(a.model, a.xs, a.ys, {
      startLr: 1e-4,
      endLr: 1e-2,
      iterations: 150,
      onProgress,
      signal: controller.signal,
    });
    await expect(sweep).rejects.toThrow(InterruptedError);
    await expect(sweep).rejects.toThrow(
      /^findLearningRate: interrupted after 40 of 150 updates \(lr = [\d.e-]+\); the model's weights, rate and optimizer state are put back\.$/,
    );
    expect(seen.map((p) => p.done)).toEqual([...Array.from({ length: 40 }, (_, i) => i + 1), 40]);
    expect(seen[40]!.ended).toMatch(/^interrupted after 40 of 150 updates/);
    expect(sameBits(weightData(a.model), weights)).toBe(true);
    expect(getLearningRate(a.model.optimizer)).toBe(0.05);
    const restored = await optimizerState(a.model.optimizer);
    expect(restored.map((s) => s.name)).toEqual(state.map((s) => s.name));
    expect(
      sameBits(
        restored.map((s) => s.values),
        state.map((s) => s.values),
      ),
    ).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('checks its parameters before any update', async () => {
    const { model, xs, ys } = linearProblem(tf.train.sgd(0.1), 16);
    const before = weightsOf(model);
    const run = (o: Record<string, number | undefined>) =>
      findLearningRate(model, xs, ys, { startLr: 1e-3, endLr: 1, iterations: 10, ...o });
    await expect(run({ startLr: 0 })).rejects.toThrow(
      /findLearningRate: startLr must be a finite number > 0 \(got 0\)\./,
    );
    await expect(run({ startLr: NaN })).rejects.toThrow(
      /findLearningRate: startLr must be a finite number > 0 \(got NaN\)\./,
    );
    await expect(run({ endLr: 1e-3 })).rejects.toThrow(
      /findLearningRate: endLr must be a finite number > startLr = 0\.001 \(got 0\.001\)\. The sweep goes up\./,
    );
    await expect(run({ endLr: Infinity })).rejects.toThrow(
      /endLr must be a finite number > startLr = 0\.001 \(got Infinity\)/,
    );
    await expect(run({ iterations: 1 })).rejects.toThrow(
      /findLearningRate: iterations must be an integer ≥ 2 \(got 1\)\. A sweep needs a first and a last rate\./,
    );
    await expect(run({ iterations: 2.5 })).rejects.toThrow(/iterations must be an integer ≥ 2 \(got 2\.5\)/);
    const oneOfTwo =
      'must be given, one of the two (got {"iterations":10,"epochs":1}). iterations counts the sweep\'s updates, epochs its passes over the data.';
    await expect(run({ epochs: 1 })).rejects.toThrow(`findLearningRate: iterations or epochs ${oneOfTwo}`);
    await expect(run({ iterations: undefined })).rejects.toThrow(
      /findLearningRate: iterations or epochs must be given, one of the two \(got \{"iterations":null,"epochs":null\}\)\./,
    );
    await expect(run({ iterations: undefined, epochs: 0 })).rejects.toThrow(
      /epochs must be a finite number > 0 \(got 0\)/,
    );
    await expect(run({ iterations: undefined, epochs: 0.1, batchSize: 8 })).rejects.toThrow(
      /^findLearningRate: epochs must be > 1\/2, so that its 2 batches per epoch make 2 updates or more \(got 0\.1\)\. A sweep needs a first and a last rate\.$/,
    );
    await expect(run({ batchSize: 0 })).rejects.toThrow(/batchSize must be an integer > 0 \(got 0\)/);
    await expect(run({ stopFactor: 1 })).rejects.toThrow(
      /findLearningRate: stopFactor must be a finite number > 1 \(got 1\)\. The tutorial uses 4\./,
    );
    await expect(run({ beta: 1 })).rejects.toThrow(
      /LossSmoother: beta must be in \[0, 1\) \(got 1\)\. The finder's usual value is 0\.98\./,
    );
    await expect(
      findLearningRate(model, xs, ys, { startLr: 1e-3, endLr: 1, iterations: 10, suggest: { margin: 0.6 } }),
    ).rejects.toThrow(/suggestBounds: margin must be in \(0, 0\.5\) \(got 0\.6\)/);
    await expect(
      findLearningRate(model, xs, ys.slice(0, 8), { startLr: 1e-3, endLr: 1, iterations: 10 }),
    ).rejects.toThrow(
      /^findLearningRate: the sample counts of xs and ys \(their first axis\) must be equal and > 0 \(got \[16, 8\]\)\.$/,
    );
    const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    await expect(findLearningRate(uncompiled, xs, ys, { startLr: 1e-3, endLr: 1, iterations: 10 })).rejects.toThrow(
      /findLearningRate: the model has no optimizer; call model\.compile/,
    );
    expect(weightsOf(model)).toEqual(before);
    expect(getLearningRate(model.optimizer)).toBe(0.1);
  });
});
