/**
 * Benchmark child: trains the workshop net the way a sweep run does, and prints one JSON line
 * {"imagesPerS": …, "macs": …, "threads": …, "backend": …} (after the profile, with --profile). The model,
 * optimizer and batches are the runner's (buildRunModel with the `workshop` profile but its `shallow` net, whose
 * first convolution has 16 filters where the profile's has 8, as bench/resnet_torch.py builds it: KerasSGD with
 * momentum 0.9, batch 64, categorical cross-entropy and accuracy; Dataset.batches shuffled per epoch;
 * model.fitDataset), on synthetic CIFAR-shaped images. One untimed epoch of --warmup batches, then a timed epoch of
 * --steps batches.
 *
 * bench/train-resnet.ts runs it with TFJS_WASM_THREADS=1, as the sweep runs each of its processes.
 * Usage: node bench/train-shallow.js [--steps N] [--warmup N] [--profile]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, kernelThreads } from '../dist/backend';
import { Dataset } from '../dist/data';
import { forwardMacs } from '../dist/models';
import { buildRunModel, PROFILES, type RunConfig } from '../dist/train';
import { printProfile } from './profile';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

/** `count` random 32 × 32 × 3 images in 10 classes, from a fixed seed. */
function syntheticData(count: number): Dataset {
  let state = 12345;
  const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const images = new Uint8Array(count * 32 * 32 * 3).map(() => next() >>> 24);
  const labels = new Uint8Array(count).map(() => next() % 10);
  const classNames = Array.from({ length: 10 }, (_, i) => `class ${i}`);
  return new Dataset({ images, labels, classNames, imageShape: [32, 32, 3] });
}

/** Trains one epoch over `data`; returns the seconds it took. */
async function epoch(model: tf.LayersModel, data: Dataset, batchSize: number, index: number): Promise<number> {
  const batches = data.batchCount(batchSize);
  const epochData = tf.data.generator(
    () => data.batches(batchSize, { shuffle: true, seed: 0, epoch: index }) as unknown as Iterator<tf.TensorContainer>,
  );
  const began = performance.now();
  await model.fitDataset(epochData, { epochs: index + 1, initialEpoch: index, batchesPerEpoch: batches, verbose: 0 });
  return (performance.now() - began) / 1000;
}

async function main(): Promise<void> {
  const steps = option('steps', 20);
  const warmup = option('warmup', 3);
  const backend = await initBackend({ log: null });
  // The run's configuration; its data folder is never read (the images are synthetic).
  // The `shallow` net (the and PyTorch's side's workshop net), with the rest of the workshop profile.
  const config: RunConfig = { ...PROFILES.workshop, model: 'shallow', schedule: 'none', dataDir: '(synthetic)' };
  const { batchSize } = config;
  const timed = syntheticData(steps * batchSize);
  const { model, optimizer } = buildRunModel(config, timed);
  await epoch(model, syntheticData(warmup * batchSize), batchSize, 0);
  const seconds = await epoch(model, timed, batchSize, 1);
  if (process.argv.includes('--profile')) {
    const x = tf.randomNormal([batchSize, 32, 32, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.fill([batchSize], 3, 'int32'), 10));
    printProfile(
      'shallow',
      await tf.profile(async () => {
        await model.trainOnBatch(x, y);
      }),
    );
    tf.dispose([x, y]);
  }
  const macs = forwardMacs(model);
  model.dispose();
  optimizer.dispose();
  const threads = kernelThreads() ?? 'native';
  console.log(JSON.stringify({ imagesPerS: (steps * batchSize) / seconds, macs, threads, backend: backend.backend }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
