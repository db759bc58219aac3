/**
 * The finder on a CIFAR-10 run as the experiment runner trains it.
 */
import * as tf from '@tensorflow/tfjs';
import { loadCifar10 } from '../data/cifar10';
import type { Dataset } from '../data/dataset';
import { type RunConfig, validateRunConfig } from '../train/config';
import { buildRunModel } from '../train/model';
import { findLearningRate, type LrFinderOptions, type LrFinderResult } from './find-learning-rate';

export interface RunFinderOptions extends Omit<LrFinderOptions, 'batchSize'> {
  /**
   * The optimizer of the sweep, in place of the runner's `KerasSGD` with the run's momentum (Keras' form), e.g.
   * `tf.train.momentum(0.1, 0.9)` for PyTorch's form. The caller keeps it and frees it.
   */
  optimizer?: tf.Optimizer;
  /** The training images, in place of loading the run's subset of CIFAR-10 from `config.dataDir`. */
  train?: Dataset;
}

/**
 * `findLearningRate` on the run `config` (its schedule is not used) as `runExperiment` would train it: the run's
 * model with its seeded initial weights and the runner's optimizer — `KerasSGD` with the run's momentum (see
 * `buildRunModel`) unless `options.optimizer` says otherwise —, batches of the run's size, taken from the run's
 * training images in the order of its first epoch. The sweep goes on past one pass over the images by repeating
 * that order (the runner shuffles again every epoch). The model is freed afterwards.
 *
 * @example
 * const train = new Dataset({
 *   images: Uint8Array.from({ length: 16 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from({ length: 16 }, (_, i) => i % 2), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * // without `train`, it loads the run's subset of CIFAR-10 from config.dataDir
 * const found = await findRunLearningRate({ model: 'shallow', batchSize: 8, seed: 1 }, { startLr: 1e-3, endLr: 1, iterations: 6, train });
 * assert.equal(found.lrs.length, found.stoppedAt.iteration + 1);
 * assert.equal(found.lrs[0], 1e-3);
 */
export async function findRunLearningRate(
  config: Partial<RunConfig>,
  options: RunFinderOptions,
): Promise<LrFinderResult> {
  const { optimizer, train: given, ...finderOptions } = options;
  const run = validateRunConfig({ ...config, schedule: 'none' });
  const train =
    given ??
    loadCifar10(run.dataDir, { trainPerClass: run.trainPerClass ?? undefined, testPerClass: 1, seed: run.seed }).train;
  const built = buildRunModel(run, train);
  if (optimizer) built.model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const { xs, ys } = train.tensors(train.order({ shuffle: true, seed: run.seed, epoch: 0 }));
  try {
    return await findLearningRate(built.model, xs, ys, { ...finderOptions, batchSize: run.batchSize });
  } finally {
    built.model.dispose();
    built.optimizer.dispose();
    tf.dispose([xs, ys]);
  }
}
