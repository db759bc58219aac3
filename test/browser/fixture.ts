/**
 * The browser page's script (bundled by esbuild in training.test.ts): trains a one-weight model with tfjs' own SGD
 * under a `LearningRateScheduler`, once with a per-epoch `StepDecay` and once with a per-batch `CyclicLR`, and
 * reports the rates `History` holds, the rates the scheduler set, and the rate each batch update really applied.
 *
 * The model is w·x with x = 1 and target 0: the loss is w², its gradient 2w, so an SGD step at rate lr takes w to
 * w(1 − 2lr), and the applied rate is (w_before − w_after) / (2 w_before).
 */
import * as tf from '@tensorflow/tfjs';
import { CyclicLR, type Schedule, StepDecay } from '../../lib/schedules';
import { LearningRateScheduler } from '../../lib/tfjs';

/** What one training run reports. */
export interface FixtureRun {
  history: number[];
  set: number[];
  updates: number[];
}

/** What the page reports. */
export interface FixtureResult {
  backend: string;
  epochRun: FixtureRun;
  batchRun: FixtureRun;
}

const weight = (model: tf.LayersModel): number => model.getWeights()[0]!.dataSync()[0]!;

async function train(schedule: Schedule, epochs: number, samples: number, batchSize: number): Promise<FixtureRun> {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'ones' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
  const scheduler = new LearningRateScheduler(schedule);
  const updates: number[] = [];
  let before = 0;
  const probe = new tf.CustomCallback({
    onBatchBegin: () => {
      before = weight(model);
    },
    onBatchEnd: () => {
      updates.push((before - weight(model)) / (2 * before));
    },
  });
  const history = await model.fit(tf.ones([samples, 1]), tf.zeros([samples, 1]), {
    epochs,
    batchSize,
    shuffle: false,
    verbose: 0,
    callbacks: [scheduler, probe],
  });
  return { history: history.history['lr'] as number[], set: scheduler.applied.map((a) => a.lr), updates };
}

async function run(): Promise<FixtureResult> {
  await tf.setBackend('cpu');
  return {
    backend: tf.getBackend(),
    epochRun: await train(new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 2 }), 5, 4, 2),
    batchRun: await train(new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 3 }), 3, 8, 2),
  };
}

(globalThis as { runFixture?: () => Promise<FixtureResult> }).runFixture = run;
