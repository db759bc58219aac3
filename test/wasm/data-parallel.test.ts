/**
 * Data-parallel training over worker threads (the benchmark's, bench/data-parallel.ts). The workers run the
 * compiled worker script, so this needs `npm run build` first (`npm test` does it); without bench/data-parallel.js
 * the test is skipped and says so.
 *
 * Check: two workers given the same shard twice must follow exactly the path
 * of one worker given that shard once (the average of two identical float32
 * gradients is that gradient exactly, and each worker computes the same
 * thing deterministically), so losses and weights must be bit-identical
 * after several steps. Wrong sharding, averaging or update order breaks it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type * as DataParallel from '../../bench/data-parallel';
import { buildResNet, type ResNetSpec } from '../../lib/models/resnet-cifar';
import { randomValues } from './helpers';

const compiled = path.resolve(__dirname, '../../bench/data-parallel.js');
const spec: ResNetSpec = { inputShape: [8, 8, 3], filters: [4, 8], blocksPerStage: 1, classes: 3 };

/** Losses of 3 steps and the final weights. */
async function train(
  module: typeof DataParallel,
  workers: number,
  weights: Float32Array,
  x: Float32Array,
  y: Float32Array,
  xShape: number[],
): Promise<{ losses: number[]; weights: Float32Array }> {
  const trainer = await module.DataParallelTrainer.create({ workers, spec, weights, lr: 0.1, momentum: 0.9 });
  try {
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) losses.push(await trainer.step(x, y, xShape));
    return { losses, weights: await trainer.weights() };
  } finally {
    await trainer.dispose();
  }
}

describe.skipIf(!fs.existsSync(compiled))('DataParallelTrainer (needs npm run build)', () => {
  it('two workers on a duplicated shard match one worker on the shard', async () => {
    const module = (await import(compiled)) as typeof DataParallel;
    await tf.setBackend('cpu');
    const model = buildResNet(spec);
    const initial = new Float32Array(model.getWeights().flatMap((w) => Array.from(w.dataSync())));
    model.dispose();

    const shard = 2;
    const x = randomValues(shard * 8 * 8 * 3, 4);
    const y = new Float32Array([1, 0, 0, 0, 0, 1]);
    const one = await train(module, 1, initial, x, y, [shard, 8, 8, 3]);
    const twice = (a: Float32Array) => {
      const out = new Float32Array(a.length * 2);
      out.set(a);
      out.set(a, a.length);
      return out;
    };
    const two = await train(module, 2, initial, twice(x), twice(y), [2 * shard, 8, 8, 3]);

    expect(one.losses.every(Number.isFinite)).toBe(true);
    expect(one.losses[2]).not.toBe(one.losses[0]);
    expect(two.losses).toEqual(one.losses);
    expect(Array.from(two.weights)).toEqual(Array.from(one.weights));
    expect(Array.from(one.weights)).not.toEqual(Array.from(initial));
  }, 60_000);
});
