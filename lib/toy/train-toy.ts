import * as tf from '@tensorflow/tfjs';
import { InterruptCallback, InterruptedError } from '../interrupt';
import type { Schedule } from '../schedules';
import { LearningRateScheduler } from '../tfjs/learning-rate-scheduler';
import { permutation, Prng } from '../random';
import { checkIntegerFrom } from '../schedules/validate';
import { type Spirals, spirals, type SpiralsOptions } from './spirals';
import { modelLoss, type UpdateLoss, UpdateLosses } from './update-losses';

export interface ToyRunOptions {
  /** A fixed rate, or a schedule applied with `LearningRateScheduler`. */
  lr: number | Schedule;
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** Hidden units of each of the two ReLU layers (default 32). */
  hidden?: number;
  /** Seeds the data, the initial weights and the batch order (default 0). */
  seed?: number;
  data?: SpiralsOptions;
  /** The optimizer (default `tf.train.sgd` at the initial rate). */
  optimizer?: tf.Optimizer;
  /** More callbacks, e.g. a notebook's training monitor. */
  callbacks?: tf.Callback[];
  /**
   * Record every batch update's losses in `ToyRun.updates` (`true`), or only those of the last epochs; default
   * false: each record evaluates the model on the data, which makes training about three times slower.
   */
  recordUpdates?: boolean | { lastEpochs: number };
  /**
   * Aborting it stops training after the current batch: the model is freed and the call rejects with an
   * `InterruptedError`. In the tslab notebook kernel, the kernel's interrupt does the same.
   */
  signal?: AbortSignal;
}

/**
 * Adds `end_loss` to the epoch logs: the loss of the weights at the end of the epoch on the whole data set.
 * Keras' `loss` is the average of the batch losses *during* the epoch, which hides how far a large rate makes the
 * weights swing from batch to batch.
 */
class EndOfEpochLoss extends tf.Callback {
  constructor(
    private readonly xs: tf.Tensor,
    private readonly ys: tf.Tensor,
  ) {
    super();
  }

  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    const loss = await modelLoss(this.model, this.xs, this.ys);
    if (logs) logs['end_loss'] = loss;
  }
}

export interface ToyRun {
  model: tf.Sequential;
  history: tf.History;
  scheduler: LearningRateScheduler | undefined;
  /** Every batch update's losses, in order, when the run was asked to `recordUpdates`. */
  updates?: UpdateLoss[];
  /** Frees the model's weights, and the optimizer when `trainToy` made it. */
  dispose(): void;
}

export interface ToyProblem {
  /** The MLP, seeded and not compiled. */
  model: tf.Sequential;
  /** The points, in a seeded random order, [n, 2]. */
  xs: tf.Tensor2D;
  /** Their classes, one-hot, [n, classes]. */
  ys: tf.Tensor2D;
  /** Frees the model's weights and the data. */
  dispose(): void;
}

/**
 * The spirals and an MLP for them — 2 inputs, two hidden ReLU layers, softmax outputs — with weights seeded from
 * `seed`, for the caller to compile (`trainToy` does it all; the learning-rate finder needs the parts).
 *
 * @example
 * const toy = toyProblem({ hidden: 8, seed: 0, data: { pointsPerClass: 20 } });
 * assert.deepEqual(toy.xs.shape, [60, 2]);
 * assert.deepEqual(toy.ys.shape, [60, 3]);
 * toy.model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' }); // e.g. for findLearningRate
 * toy.dispose();
 */
export function toyProblem({
  hidden = 32,
  seed = 0,
  data,
}: Pick<ToyRunOptions, 'hidden' | 'seed' | 'data'> = {}): ToyProblem {
  const { points, labels, classes } = shuffled(spirals({ ...data, seed }), seed);
  // tfjs treats an initializer seed of 0 as "no seed": keep the seeds ≥ 1.
  const layerSeed = (i: number) => 3 * seed + i + 1;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: hidden,
        inputShape: [2],
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: layerSeed(0) }),
      }),
      tf.layers.dense({
        units: hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: layerSeed(1) }),
      }),
      tf.layers.dense({
        units: classes,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(2) }),
      }),
    ],
  });
  const xs = tf.tensor2d(points, [labels.length, 2]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes)) as tf.Tensor2D;
  return { model, xs, ys, dispose: () => (model.dispose(), tf.dispose([xs, ys])) };
}

/**
 * Trains a 2-layer MLP on the spirals with plain SGD (`W ← W − α·∇L`) — the small problem the first chapters use
 * to show what the rate does. Its history has Keras' `loss` and `acc`, and `end_loss` (see `EndOfEpochLoss`).
 * The points are shuffled once, from the seed, and then split into the same batches, in the same order, every epoch.
 * The caller calls `dispose()` when done.
 *
 * @example
 * const run = await trainToy({ lr: new StepDecay({ initAlpha: 0.5, factor: 0.5, dropEvery: 2 }), epochs: 4, hidden: 8 });
 * assert.deepEqual(run.history.history['lr'], [0.5, 0.25, 0.25, 0.125]); // the article's step decay counts epochs from 1
 * assert.equal(run.history.history['end_loss']!.length, 4); // the loss after each epoch, on the whole data set
 * run.dispose();
 */
export async function trainToy({
  lr,
  epochs,
  batchSize = 32,
  hidden = 32,
  seed = 0,
  data,
  optimizer,
  callbacks,
  recordUpdates = false,
  signal,
}: ToyRunOptions): Promise<ToyRun> {
  const fromEpoch = recordUpdates === false ? undefined : firstRecorded(recordUpdates, epochs);
  const { model, xs, ys } = toyProblem({ hidden, seed, data });
  const scheduler = typeof lr === 'number' ? undefined : new LearningRateScheduler(lr);
  const initialLr = typeof lr === 'number' ? lr : lr.at(0);
  const ownOptimizer = optimizer ? undefined : tf.train.sgd(initialLr);
  model.compile({ optimizer: optimizer ?? ownOptimizer!, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const updates = fromEpoch === undefined ? undefined : new UpdateLosses(xs, ys, batchSize, fromEpoch);
  const dispose = (): void => (model.dispose(), ownOptimizer?.dispose());
  const interrupt = new InterruptCallback(signal);
  try {
    const history = await model.fit(xs, ys, {
      epochs,
      batchSize,
      shuffle: false, // toyProblem shuffled the data once, from the seed: tfjs' own shuffle is not seeded
      verbose: 0,
      callbacks: [
        ...(scheduler ? [scheduler] : []),
        new EndOfEpochLoss(xs, ys),
        ...(updates ? [updates] : []),
        ...(callbacks ?? []),
        interrupt,
      ],
    });
    if (interrupt.stopped !== undefined) throw new InterruptedError(`trainToy: ${interrupt.stopped}.`);
    return { model, history, scheduler, ...(updates ? { updates: updates.records } : {}), dispose };
  } catch (error) {
    dispose();
    throw error;
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

/** The first epoch (0-based) whose updates `recordUpdates` asks for. */
function firstRecorded(recordUpdates: true | { lastEpochs: number }, epochs: number): number {
  if (recordUpdates === true) return 0;
  const { lastEpochs } = recordUpdates;
  checkIntegerFrom('trainToy', 'recordUpdates.lastEpochs', lastEpochs, 1, 'Give true to record every epoch.');
  return Math.max(0, epochs - lastEpochs);
}

/** The points in a seeded random order (Fisher–Yates). */
function shuffled({ points, labels, classes }: Spirals, seed: number): Spirals {
  const order = Array.from(permutation(labels.length, new Prng(seed, 1)));
  return {
    points: Float32Array.from(order.flatMap((i) => [points[2 * i]!, points[2 * i + 1]!])),
    labels: Int32Array.from(order, (i) => labels[i]!),
    classes,
  };
}
