/**
 * The model and optimizer of a run (their state as checkpoint tensors: model-state.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { RESNET_ARTICLE_PRESETS, resnetArticle } from '../models/resnet-article';
import { Prng } from '../random';
import { KerasSGD } from '../tfjs/keras-sgd';
import type { RunConfig } from './config';

/** The Prng stream of the initial weights (the batch order uses streams 0, 1, 2… one per epoch). */
const INIT_STREAM = 0x1417_0000;

/**
 * Runs `build` with `Math.random` replaced by a generator seeded with `seed`. tfjs' initializers draw their seeds
 * from `Math.random` when none is given, so a model built inside starts from the same weights for the same seed.
 */
export function withSeededRandom<T>(seed: number, build: () => T): T {
  const prng = new Prng(seed, INIT_STREAM);
  const original = Math.random;
  Math.random = () => prng.float();
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

/**
 * The run's ResNet for images shaped like `train`'s, with initial weights seeded by the run's seed, compiled with
 * `KerasSGD` (Keras' momentum form), categorical cross-entropy and accuracy.
 *
 * @example
 * const set = new Dataset({
 *   images: new Uint8Array(4 * 8 * 8 * 3), labels: Uint8Array.from([0, 1, 2, 0]), classNames: ['a', 'b', 'c'],
 *   imageShape: [8, 8, 3],
 * });
 * const config = validateRunConfig({ schedule: 'none', model: 'shallow', momentum: 0.9, seed: 7 });
 * const { model, optimizer } = buildRunModel(config, set);
 * assert.deepEqual(model.outputs[0]!.shape, [null, 3]);
 * assert.ok(optimizer instanceof KerasSGD);
 * const again = buildRunModel(config, set).model; // the same seed gives the same initial weights
 * assert.deepEqual(again.getWeights()[0]!.dataSync(), model.getWeights()[0]!.dataSync());
 */
export function buildRunModel(config: RunConfig, train: Dataset): { model: tf.LayersModel; optimizer: KerasSGD } {
  const shape = typeof config.model === 'string' ? RESNET_ARTICLE_PRESETS[config.model] : config.model;
  const model = withSeededRandom(config.seed, () =>
    resnetArticle({ ...shape, inputShape: train.imageShape, classes: train.classNames.length }),
  );
  const optimizer = new KerasSGD({ learningRate: config.initialLr, momentum: config.momentum });
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return { model, optimizer };
}
