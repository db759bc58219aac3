/**
 * Benchmark: trains the ResNet-20-shaped net (lib/models/resnet-cifar.ts) at batch 64
 * on synthetic CIFAR-shaped data with the backend chosen by initBackend
 * (wasm with our training kernels here), then the same architecture in
 * PyTorch (bench/resnet_torch.py) when /usr/bin/python3 has torch, and
 * prints images/s for each, the ratio and the effective GFLOP/s.
 * The last line is exactly `ratio resnet20 ours/pytorch: X.XX` (or `n/a`).
 *
 * It also trains the article's ResNet (stages 9/9/9, filters 64/64/128/256) at
 * a small batch (--article-batch, default 8; 0 skips it) on both, and prints
 * an estimate of the machine's peak fp32 GFLOP/s to compare with.
 *
 * Run `node bench/train-resnet.js` after `npm run build`, which compiles this
 * file in place after the library (`npm run bench` builds first); it imports
 * the library from dist/. `--help` lists the options and their defaults.
 *
 * Ours is measured twice on wasm: in this thread (model.trainOnBatch, with
 * XNNPACK on TFJS_WASM_THREADS threads, default one per core), and
 * data-parallel over --workers single-threaded worker threads (default: one
 * per CPU core; 0 skips it); the ratio uses the faster. --profile also
 * prints the per-kernel time of one training step in this thread.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../dist/backend';
import { type CommandSpec, numberOption, readCommandLine } from '../dist/cli/args';
import { buildResNet, forwardMacs, RESNET20, resnetArticle } from '../dist/models';
import { DataParallelTrainer } from './data-parallel';

const PYTHON = '/usr/bin/python3';

const BENCH_COMMAND: CommandSpec = {
  command: 'npm run bench --',
  summary: 'Trains the ResNet-20-shaped net and the article\'s ResNet on synthetic CIFAR-shaped data with the backend '
    + 'initBackend chooses, then in PyTorch when /usr/bin/python3 has torch, and prints images/s, GFLOP/s and the ratio.',
  options: {
    steps: { value: 'N', default: '8', help: 'Timed training steps of ResNet-20, an integer ≥ 1' },
    warmup: { value: 'N', default: '2', help: 'Untimed steps first, an integer ≥ 0' },
    batch: { value: 'N', default: '64', help: 'ResNet-20 batch size, an integer ≥ 1' },
    workers: { value: 'N', shownDefault: 'one per CPU core', help: 'Data-parallel worker threads, an integer ≥ 0 (0 skips it)' },
    'article-batch': { value: 'N', default: '8', help: "The article's ResNet batch size, an integer ≥ 0 (0 skips it)" },
    profile: { help: 'Also print the per-kernel time of one training step' },
  },
  examples: ['npm run bench', 'npm run bench -- --steps 4 --workers 0 --article-batch 0'],
  notes: 'The last line is exactly `ratio resnet20 ours/pytorch: X.XX` (or `n/a`).',
};

/** The benchmark's options. */
interface BenchOptions {
  steps: number;
  warmup: number;
  batch: number;
  workers: number;
  'article-batch': number;
  profile: boolean;
}

/** Images/s of a training loop, and the forward MACs per image of its model where measured. */
interface Speed {
  imagesPerS: number;
  macs: number;
}

/** The options, or null after printing --help. */
function readOptions(): BenchOptions | null {
  const args = readCommandLine(BENCH_COMMAND);
  if (args === null) return null;
  const { values } = args;
  if (values.workers === undefined) values.workers = String(os.cpus().length);
  return {
    steps: numberOption(values, 'steps', { integer: true, min: 1 }),
    warmup: numberOption(values, 'warmup', { integer: true, min: 0 }),
    batch: numberOption(values, 'batch', { integer: true, min: 1 }),
    workers: numberOption(values, 'workers', { integer: true, min: 0 }),
    'article-batch': numberOption(values, 'article-batch', { integer: true, min: 0 }),
    profile: values.profile !== undefined,
  };
}

/** Prints the kernels of one training step by total time. */
async function printProfile(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<void> {
  const profile = await tf.profile(async () => { await model.trainOnBatch(x, y); });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    // Op-level wrappers (name__op) repeat the time of the kernels they run; tf.profile has awaited every time, and a
    // backend that cannot time a kernel gives { error } instead.
    if (k.name.endsWith('__op') || typeof k.kernelTimeMs !== 'number') continue;
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += k.kernelTimeMs;
    entry.calls += 1;
    byKernel.set(k.name, entry);
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`profile of one step: ${total.toFixed(0)} ms in kernels`);
  for (const [name, e] of rows.slice(0, 15)) {
    console.log(`  ${name.padEnd(22)} ${e.ms.toFixed(1).padStart(8)} ms ${String(e.calls).padStart(5)} calls`
      + ` ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`);
  }
}

/** Images/s of our tfjs training loop. */
async function benchTfjs(options: BenchOptions): Promise<Speed> {
  const model = buildResNet(RESNET20);
  model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'categoricalCrossentropy' });
  const [h, w, c] = RESNET20.inputShape;
  const x = tf.randomNormal([options.batch, h, w, c], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([options.batch], 0, RESNET20.classes, 'int32', 2), RESNET20.classes);
  for (let i = 0; i < options.warmup; i++) await model.trainOnBatch(x, y);
  const start = performance.now();
  for (let i = 0; i < options.steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - start) / 1000;
  if (options.profile) await printProfile(model, x, y);
  const macs = forwardMacs(model);
  tf.dispose([x, y]);
  model.dispose();
  return { imagesPerS: (options.batch * options.steps) / seconds, macs };
}

/** Images/s of data-parallel training over `options.workers` worker threads. */
async function benchDataParallel(options: BenchOptions): Promise<{ imagesPerS: number }> {
  const model = buildResNet(RESNET20);
  const all = model.getWeights();
  const flat = new Float32Array(all.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of all) {
    flat.set(t.dataSync(), offset);
    offset += t.size;
  }
  model.dispose();
  const trainer = await DataParallelTrainer.create({
    workers: options.workers, spec: RESNET20, weights: flat, lr: 0.05, momentum: 0.9,
  });
  const [h, w, c] = RESNET20.inputShape;
  const xShape = [options.batch, h, w, c];
  const x = tf.tidy(() => tf.randomNormal(xShape, 0, 1, 'float32', 1).dataSync() as Float32Array);
  const y = tf.tidy(() => tf.oneHot(
    tf.randomUniform([options.batch], 0, RESNET20.classes, 'int32', 2), RESNET20.classes)
    .cast('float32').dataSync() as Float32Array);
  for (let i = 0; i < options.warmup; i++) await trainer.step(x, y, xShape);
  const start = performance.now();
  for (let i = 0; i < options.steps; i++) await trainer.step(x, y, xShape);
  const seconds = (performance.now() - start) / 1000;
  await trainer.dispose();
  return { imagesPerS: (options.batch * options.steps) / seconds };
}

/** Images/s of our training loop on the article's ResNet at `batch`, and its forward MACs per image. */
async function benchArticle(batch: number, steps: number): Promise<Speed> {
  const model = resnetArticle('article');
  model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([batch, 32, 32, 3], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);
  await model.trainOnBatch(x, y);
  const start = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - start) / 1000;
  const macs = forwardMacs(model);
  tf.dispose([x, y]);
  model.dispose();
  return { imagesPerS: (batch * steps) / seconds, macs };
}

/**
 * An estimate of the machine's peak fp32 GFLOP/s from /proc/cpuinfo: cores × clock × FLOPs per cycle (64 with
 * AVX-512, 32 with AVX2 + FMA — two 8-wide fused multiply-adds —, else 8), or null where it cannot be read.
 */
function machinePeak(): { gflops: number; text: string } | null {
  let info: string;
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(info)?.[1]);
  const flags = /flags\s*:\s*(.*)/.exec(info)?.[1]?.split(' ') ?? [];
  if (!Number.isFinite(mhz)) return null;
  const perCycle = flags.includes('avx512f') ? 64 : flags.includes('avx2') && flags.includes('fma') ? 32 : 8;
  const cores = os.cpus().length;
  return { gflops: (cores * mhz * perCycle) / 1000, text: `${cores} cores × ${(mhz / 1000).toFixed(2)} GHz × ${perCycle} FLOP/cycle` };
}

/** Images/s of the PyTorch peer, or null (with the reason printed) without torch. */
function benchTorch(
  options: Pick<BenchOptions, 'batch' | 'steps' | 'warmup'>, extra: string[] = [],
): { imagesPerS: number; label: string } | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`pytorch: n/a (${PYTHON} cannot import torch)`);
    return null;
  }
  const script = path.join(__dirname, 'resnet_torch.py');
  const run = spawnSync(PYTHON, [script,
    '--batch', String(options.batch), '--steps', String(Math.max(options.steps, 5)),
    '--warmup', String(options.warmup), '--threads', String(os.cpus().length), ...extra], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`resnet_torch.py failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as {
    images_per_s: number; framework: string; threads: number;
  };
  return { imagesPerS: result.images_per_s, label: `${result.framework}, ${result.threads} threads` };
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === null) return;
  const backend = await initBackend();
  const peak = machinePeak();
  console.log(peak ? `machine peak (estimate): ${peak.gflops.toFixed(0)} GFLOP/s fp32 (${peak.text})` : 'machine peak: n/a');
  const articleBatch = options['article-batch'];
  if (articleBatch > 0) {
    const article = await benchArticle(articleBatch, 3);
    const perImage = (3 * 2 * article.macs) / 1e9;
    console.log(`article resnet batch ${articleBatch}: ${(article.macs / 1e6).toFixed(1)} M forward MACs/image;`
      + ` ours ${article.imagesPerS.toFixed(1)} images/s, ${(article.imagesPerS * perImage).toFixed(1)} GFLOP/s`);
    const torch = benchTorch({ ...options, batch: articleBatch, steps: 3, warmup: 1 }, ['--article']);
    if (torch !== null) {
      console.log(`article resnet batch ${articleBatch}: pytorch (${torch.label}) ${torch.imagesPerS.toFixed(1)} images/s,`
        + ` ${(torch.imagesPerS * perImage).toFixed(1)} GFLOP/s; ratio article ours/pytorch: ${(article.imagesPerS / torch.imagesPerS).toFixed(2)}`);
    }
  }
  const ours = await benchTfjs(options);
  // Training ~ 3 forward passes (forward, input grads, weight grads); 2 FLOPs per MAC.
  const gflopPerImage = (3 * 2 * ours.macs) / 1e9;
  console.log(`resnet20 batch ${options.batch}: ${(ours.macs / 1e6).toFixed(1)} M forward MACs/image,`
    + ` ~${gflopPerImage.toFixed(3)} GFLOP per trained image`);
  const threads = backend.backend === 'wasm' ? getThreadsCount() : 'native';
  console.log(`ours (tfjs ${backend.backend}, ${threads} threads): ${ours.imagesPerS.toFixed(1)} images/s,`
    + ` ${(ours.imagesPerS * gflopPerImage).toFixed(1)} GFLOP/s`);
  let best = ours.imagesPerS;
  if (options.workers > 0 && backend.backend === 'wasm') {
    const parallel = await benchDataParallel(options);
    console.log(`ours (tfjs wasm, data-parallel, ${options.workers} workers):`
      + ` ${parallel.imagesPerS.toFixed(1)} images/s,`
      + ` ${(parallel.imagesPerS * gflopPerImage).toFixed(1)} GFLOP/s`);
    best = Math.max(best, parallel.imagesPerS);
  }
  const torch = benchTorch(options);
  if (torch === null) {
    console.log('ratio resnet20 ours/pytorch: n/a');
    return;
  }
  console.log(`pytorch (${torch.label}): ${torch.imagesPerS.toFixed(1)} images/s,`
    + ` ${(torch.imagesPerS * gflopPerImage).toFixed(1)} GFLOP/s`);
  console.log(`ratio resnet20 ours/pytorch: ${(best / torch.imagesPerS).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err instanceof Error && err.name === 'UsageError' ? err.message : err);
  process.exit(1);
});
