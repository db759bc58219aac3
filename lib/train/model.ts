/**
 * The model and optimizer of a run, and their state as checkpoint tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { RESNET_ARTICLE_PRESETS, resnetArticle } from '../models/resnet-article';
import { Prng } from '../random';
import { KerasSGD } from '../tfjs/keras-sgd';
import type { StoredTensor } from './checkpoint';
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
    resnetArticle({ ...shape, inputShape: train.imageShape, classes: train.classNames.length }));
  const optimizer = new KerasSGD({ learningRate: config.initialLr, momentum: config.momentum });
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return { model, optimizer };
}

const VELOCITY = /^(.*)\/velocity$/;

async function stored(name: string, tensor: tf.Tensor): Promise<StoredTensor> {
  const data = await tensor.data();
  const values = data instanceof Int32Array ? Int32Array.from(data) : Float32Array.from(data as Float32Array);
  return { name, shape: [...tensor.shape], values };
}

/**
 * Copies of the model's weights (in `model.weights` order) and the optimizer's state. Velocities are named
 * `#<index in model.weights>/velocity`: tfjs names variables uniquely per process, so a model rebuilt in another
 * process, or later in this one, has other names.
 */
export async function captureState(model: tf.LayersModel, optimizer: KerasSGD): Promise<{ model: StoredTensor[]; optimizer: StoredTensor[] }> {
  const index = new Map(model.weights.map((w, i) => [w.name, i]));
  const weights = await Promise.all(model.weights.map((w) => stored(w.name, w.read())));
  const named = await optimizer.getWeights();
  const [iterations, ...velocities] = named;
  const state = [await stored(iterations!.name, iterations!.tensor)];
  iterations!.tensor.dispose(); // a fresh scalar; the velocities are the optimizer's own variables
  for (const { name, tensor } of velocities) {
    const variable = VELOCITY.exec(name)?.[1];
    const i = variable === undefined ? undefined : index.get(variable);
    if (i === undefined) throw new Error(`captureState: the optimizer holds a velocity '${name}' for no weight of the model.`);
    state.push(await stored(`#${i}/velocity`, tensor));
  }
  return { model: weights, optimizer: state };
}

/** Puts stored weights and optimizer state (from `captureState`) into a model and optimizer of the same shape. */
export async function restoreState(model: tf.LayersModel, optimizer: KerasSGD, state: { model: StoredTensor[]; optimizer: StoredTensor[] }): Promise<void> {
  const weights = model.weights;
  if (state.model.length !== weights.length) {
    throw new Error(`restoreState: the checkpoint has ${state.model.length} weights, the model ${weights.length}; it is another model's.`);
  }
  const toTensor = (t: StoredTensor): tf.Tensor => tf.tensor(t.values, t.shape, t.values instanceof Int32Array ? 'int32' : 'float32');
  const modelTensors = state.model.map(toTensor);
  const optimizerTensors = state.optimizer.map((t) => {
    const i = /^#(\d+)\/velocity$/.exec(t.name)?.[1];
    const name = i === undefined ? t.name : `${weights[Number(i)]?.name}/velocity`;
    return { name, tensor: toTensor(t) };
  });
  try {
    model.setWeights(modelTensors);
    await optimizer.setWeights(optimizerTensors);
  } finally {
    tf.dispose([...modelTensors, ...optimizerTensors.map((t) => t.tensor)]);
  }
}
