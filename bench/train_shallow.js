#!/usr/bin/env node
/**
 * Benchmark child: trains the workshop net the way a sweep run does, and prints one JSON line
 * {"imagesPerS": …, "macs": …, "threads": …}. The model, optimizer and batches are the runner's
 * (buildRunModel with the `workshop` profile: the `shallow` ResNet, KerasSGD with momentum 0.9, batch 64,
 * categorical cross-entropy and accuracy; Dataset.batches shuffled per epoch; model.fitDataset), on synthetic
 * CIFAR-shaped images. One untimed epoch of --warmup batches, then a timed epoch of --steps batches.
 *
 * bench/train_resnet.js runs it with TFJS_WASM_THREADS=1, as the sweep runs each of its processes.
 * Usage: node bench/train_shallow.js [--steps N] [--warmup N] [--profile]
 */
'use strict';
const tf = require('@tensorflow/tfjs');
const { getThreadsCount } = require('@tensorflow/tfjs-backend-wasm');
const { initBackend } = require('../dist/backend');
const { Dataset } = require('../dist/data');
const { buildRunModel, PROFILES } = require('../dist/train');
const { forwardMacs } = require('../dist/wasm/resnet');
const { printProfile } = require('./profile');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

/** `count` random 32 × 32 × 3 images in 10 classes, from a fixed seed. */
function syntheticData(count) {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const images = new Uint8Array(count * 32 * 32 * 3).map(() => next() >>> 24);
  const labels = new Uint8Array(count).map(() => next() % 10);
  const classNames = Array.from({ length: 10 }, (_, i) => `class ${i}`);
  return new Dataset({ images, labels, classNames, imageShape: [32, 32, 3] });
}

/** Trains one epoch of `batches` batches; returns the seconds it took. */
async function epoch(model, data, batchSize, index) {
  const batches = data.batchCount(batchSize);
  const epochData = tf.data.generator(() => data.batches(batchSize, { shuffle: true, seed: 0, epoch: index }));
  const began = performance.now();
  await model.fitDataset(epochData, { epochs: index + 1, initialEpoch: index, batchesPerEpoch: batches, verbose: 0 });
  return (performance.now() - began) / 1000;
}

async function main() {
  const steps = option('steps', 20);
  const warmup = option('warmup', 3);
  const backend = await initBackend({ log: null });
  const config = { ...PROFILES.workshop, schedule: 'none' };
  const { batchSize } = config;
  const warm = syntheticData(warmup * batchSize);
  const timed = syntheticData(steps * batchSize);
  const { model, optimizer } = buildRunModel(config, timed);
  await epoch(model, warm, batchSize, 0);
  const seconds = await epoch(model, timed, batchSize, 1);
  if (process.argv.includes('--profile')) {
    const [x, y] = tf.tidy(() => [tf.randomNormal([batchSize, 32, 32, 3]), tf.oneHot(tf.fill([batchSize], 3, 'int32'), 10)]);
    printProfile('shallow', await tf.profile(async () => { await model.trainOnBatch(x, y); }));
    tf.dispose([x, y]);
  }
  const macs = forwardMacs(model);
  model.dispose();
  optimizer.dispose();
  const threads = backend.backend === 'wasm' ? getThreadsCount() : 'native';
  console.log(JSON.stringify({ imagesPerS: (steps * batchSize) / seconds, macs, threads, backend: backend.backend }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
