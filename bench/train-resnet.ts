/**
 * Benchmark: training speed of three nets on our engine against PyTorch on the same CPU, each measured in this
 * run, on synthetic CIFAR-shaped data:
 * - `shallow`, the workshop's net, the way a sweep run trains it: the runner's model, KerasSGD and batches at batch
 *   64, on one thread (bench/train-shallow.ts in a child process with TFJS_WASM_THREADS=1), against PyTorch on one
 *   thread;
 * - the article's ResNet (stages 9/9/9, filters 64/64/128/256) at the article's batch 128 (--article-batch). Its
 *   activations at batch 128 need more than the 4 GiB a wasm memory can hold, so ours accumulates the gradients of
 *   micro-batches (--article-micro-batch, default 64: 3.35 GiB at its peak) into one KerasSGD step per batch; batch
 *   norm then normalises each micro-batch by its own statistics. PyTorch trains the whole batch at once;
 * - the ResNet-20-shaped net (lib/models/resnet-cifar.ts) at batch 64 on all cores: in this thread
 *   (model.trainOnBatch, our kernels on TFJS_WASM_THREADS threads, default one per core, XNNPACK's on one), and
 *   data-parallel over --workers single-threaded worker threads (0 skips it); the ratio uses the faster.
 * It prints the machine's peak fp32 GFLOP/s and the ceiling of 128-bit wasm SIMD beside it, images/s and effective
 * GFLOP/s per net, with --profile the kernels of one step and each convolution kind's effective GFLOP/s, and ends
 * with one ratio line per net, exactly:
 *   ratio shallow ours/pytorch: X.XX
 *   ratio article ours/pytorch: X.XX
 *   ratio resnet20 ours/pytorch: X.XX
 * (`n/a` where PyTorch or a net was not run).
 *
 * Run `node bench/train-resnet.js` after `npm run build`, which compiles this file in place after the library
 * (`npm run bench` builds first); it imports the library from dist/. `--help` lists the options and their defaults.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, kernelThreads } from '../dist/backend';
import { type CommandSpec, numberOption, readCommandLine } from '../dist/cli/args';
import { buildResNet, forwardMacs, RESNET20, resnetArticle } from '../dist/models';
import { KerasSGD } from '../dist/tfjs';
import { DataParallelTrainer } from './data-parallel';
import { printProfile } from './profile';

const PYTHON = '/usr/bin/python3';

const BENCH_COMMAND: CommandSpec = {
  command: 'npm run bench --',
  summary:
    "Trains the workshop net (one thread), the article's ResNet (batch 128) and a ResNet-20 on synthetic " +
    'CIFAR-shaped data with the backend initBackend chooses, then each in PyTorch when /usr/bin/python3 has torch, ' +
    'and prints images/s, GFLOP/s and one ratio per net.',
  options: {
    steps: { value: 'N', default: '8', help: 'Timed training steps of ResNet-20, an integer ≥ 1' },
    warmup: { value: 'N', default: '2', help: 'Untimed steps first, an integer ≥ 0' },
    batch: { value: 'N', default: '64', help: 'ResNet-20 batch size, an integer ≥ 1' },
    workers: {
      value: 'N',
      shownDefault: 'one per CPU core',
      help: 'Data-parallel worker threads, an integer ≥ 0 (0 skips it)',
    },
    'shallow-steps': {
      value: 'N',
      default: '20',
      help: 'Timed batches of the workshop net, an integer ≥ 0 (0 skips it)',
    },
    'article-batch': {
      value: 'N',
      default: '128',
      help: "The article's ResNet batch size, an integer ≥ 0 (0 skips it)",
    },
    'article-micro-batch': {
      value: 'N',
      default: '64',
      help: "Micro-batches our article's ResNet accumulates a batch from, an integer ≥ 1",
    },
    'article-steps': { value: 'N', default: '2', help: "Timed steps of the article's ResNet, an integer ≥ 1" },
    profile: { help: "Also print the kernels of one training step per net and each convolution kind's GFLOP/s" },
  },
  examples: ['npm run bench', 'npm run bench -- --profile', 'npm run bench -- --steps 4 --workers 0 --article-batch 0'],
  notes:
    'The last three lines are exactly `ratio shallow ours/pytorch: X.XX`, `ratio article ours/pytorch: X.XX` and ' +
    '`ratio resnet20 ours/pytorch: X.XX` (or `n/a`).',
};

/** The benchmark's options. */
interface BenchOptions {
  steps: number;
  warmup: number;
  batch: number;
  workers: number;
  shallowSteps: number;
  articleBatch: number;
  articleMicroBatch: number;
  articleSteps: number;
  profile: boolean;
}

/** Images/s of a training loop, and the forward MACs per image of its model. */
interface Speed {
  imagesPerS: number;
  macs: number;
}

/** What a PyTorch run measured. */
interface TorchSpeed {
  imagesPerS: number;
  label: string;
}

/** The options, or null after printing --help. */
function readOptions(): BenchOptions | null {
  const args = readCommandLine(BENCH_COMMAND);
  if (args === null) return null;
  const { values } = args;
  if (values.workers === undefined) values.workers = String(os.cpus().length);
  const integer = (name: string, min: number): number => numberOption(values, name, { integer: true, min });
  return {
    steps: integer('steps', 1),
    warmup: integer('warmup', 0),
    batch: integer('batch', 1),
    workers: integer('workers', 0),
    shallowSteps: integer('shallow-steps', 0),
    articleBatch: integer('article-batch', 0),
    articleMicroBatch: integer('article-micro-batch', 1),
    articleSteps: integer('article-steps', 1),
    profile: values.profile !== undefined,
  };
}

/** Random CIFAR-shaped images and one-hot labels. */
function syntheticBatch(batch: number): [tf.Tensor4D, tf.Tensor2D] {
  const x = tf.randomNormal<tf.Rank.R4>([batch, 32, 32, 3], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform<tf.Rank.R1>([batch], 0, 10, 'int32', 2), 10).as2D(batch, 10));
  return [x, y];
}

/** Images/s of our training loop on ResNet-20 in this thread. */
async function benchResNet20(options: BenchOptions): Promise<Speed> {
  const model = buildResNet(RESNET20);
  model.compile({ optimizer: new KerasSGD({ learningRate: 0.05, momentum: 0.9 }), loss: 'categoricalCrossentropy' });
  const [x, y] = syntheticBatch(options.batch);
  for (let i = 0; i < options.warmup; i++) await model.trainOnBatch(x, y);
  const start = performance.now();
  for (let i = 0; i < options.steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - start) / 1000;
  if (options.profile)
    printProfile(
      'resnet20',
      await tf.profile(async () => {
        await model.trainOnBatch(x, y);
      }),
    );
  const macs = forwardMacs(model);
  tf.dispose([x, y]);
  model.dispose();
  return { imagesPerS: (options.batch * options.steps) / seconds, macs };
}

/** Images/s of data-parallel training of ResNet-20 over `options.workers` worker threads. */
async function benchDataParallel(options: BenchOptions): Promise<number> {
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
    workers: options.workers,
    spec: RESNET20,
    weights: flat,
    lr: 0.05,
    momentum: 0.9,
  });
  const [h, w, c] = RESNET20.inputShape;
  const xShape = [options.batch, h, w, c];
  const [xt, yt] = syntheticBatch(options.batch);
  const x = xt.dataSync() as Float32Array;
  const y = yt.dataSync() as Float32Array;
  tf.dispose([xt, yt]);
  for (let i = 0; i < options.warmup; i++) await trainer.step(x, y, xShape);
  const start = performance.now();
  for (let i = 0; i < options.steps; i++) await trainer.step(x, y, xShape);
  const seconds = (performance.now() - start) / 1000;
  await trainer.dispose();
  return (options.batch * options.steps) / seconds;
}

/**
 * One KerasSGD step on the images of `x` as micro-batches of at most `micro`: each micro-batch's cross-entropy,
 * weighted by its share of the batch, adds its gradients to the sum, which one update applies.
 */
function accumulatedStep(
  model: tf.LayersModel,
  optimizer: KerasSGD,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
  micro: number,
): void {
  const batch = x.shape[0];
  const sums: tf.NamedTensorMap = {};
  for (let start = 0; start < batch; start += micro) {
    const size = Math.min(micro, batch - start);
    const { value, grads } = optimizer.computeGradients(() => {
      const probabilities = model.apply(x.slice(start, size), { training: true }) as tf.Tensor;
      return tf.metrics
        .categoricalCrossentropy(y.slice(start, size), probabilities)
        .mean()
        .mul(size / batch);
    });
    value.dispose();
    for (const [name, grad] of Object.entries(grads)) {
      const previous = sums[name];
      sums[name] = previous === undefined ? grad : tf.add(previous, grad);
      if (previous !== undefined) tf.dispose([previous, grad]);
    }
  }
  optimizer.applyGradients(sums);
  tf.dispose(Object.values(sums));
}

/** Images/s of our training loop on the article's ResNet at `options.articleBatch`, and its forward MACs per image. */
async function benchArticle(options: BenchOptions): Promise<Speed> {
  const { articleBatch: batch, articleMicroBatch: micro } = options;
  const model = resnetArticle('article');
  const optimizer = new KerasSGD({ learningRate: 0.05, momentum: 0.9 });
  const [x, y] = syntheticBatch(batch);
  accumulatedStep(model, optimizer, x, y, micro);
  const start = performance.now();
  for (let i = 0; i < options.articleSteps; i++) accumulatedStep(model, optimizer, x, y, micro);
  const seconds = (performance.now() - start) / 1000;
  if (options.profile) {
    const [xm, ym] = syntheticBatch(Math.min(batch, micro));
    printProfile(
      `article (one micro-batch of ${xm.shape[0]})`,
      await tf.profile(() => accumulatedStep(model, optimizer, xm, ym, micro)),
    );
    tf.dispose([xm, ym]);
  }
  const macs = forwardMacs(model);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { imagesPerS: (batch * options.articleSteps) / seconds, macs };
}

/** Images/s of the workshop net, trained the way a sweep run trains it, on one thread in a child process. */
function benchShallow(options: BenchOptions): Speed & { threads: number | string; backend: string } {
  const args = [
    path.join(__dirname, 'train-shallow.js'),
    '--steps',
    String(options.shallowSteps),
    ...(options.profile ? ['--profile'] : []),
  ];
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, TFJS_WASM_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`train-shallow.js failed (exit ${run.status})`);
  const lines = run.stdout.trim().split('\n');
  lines.slice(0, -1).forEach((line) => console.log(line));
  return JSON.parse(lines[lines.length - 1] ?? '') as Speed & { threads: number | string; backend: string };
}

/**
 * An estimate of the machine's peak fp32 GFLOP/s from /proc/cpuinfo: cores × clock × FLOPs per cycle (64 with
 * AVX-512, 32 with AVX2 + FMA — two 8-wide fused multiply-adds —, else 8), and the ceiling of 128-bit wasm SIMD on
 * the same cores: two 4-wide fused multiply-adds a cycle, 16 FLOPs. Null where /proc/cpuinfo cannot be read.
 */
function machinePeak(): { native: string; wasm: string } | null {
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
  const ghz = (mhz / 1000).toFixed(2);
  return {
    native: `${((cores * mhz * perCycle) / 1000).toFixed(0)} GFLOP/s fp32 (${cores} cores × ${ghz} GHz × ${perCycle} FLOP/cycle)`,
    wasm:
      `${((cores * mhz * 16) / 1000).toFixed(0)} GFLOP/s (${cores} × ${ghz} GHz × 16: two 4-wide FMAs a cycle;` +
      ` ${((mhz * 16) / 1000).toFixed(0)} on one thread)`,
  };
}

/** Images/s of the PyTorch peer, or null (with the reason printed) without torch. */
function benchTorch(run: {
  model: string;
  batch: number;
  steps: number;
  warmup: number;
  threads: number;
}): TorchSpeed | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`pytorch: n/a (${PYTHON} cannot import torch)`);
    return null;
  }
  const script = path.join(__dirname, 'resnet_torch.py');
  const result = spawnSync(
    PYTHON,
    [
      script,
      '--model',
      run.model,
      '--batch',
      String(run.batch),
      '--steps',
      String(run.steps),
      '--warmup',
      String(run.warmup),
      '--threads',
      String(run.threads),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`resnet_torch.py failed: ${result.stderr}`);
  const speed = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as {
    images_per_s: number;
    framework: string;
    threads: number;
  };
  return {
    imagesPerS: speed.images_per_s,
    label: `${speed.framework}, ${speed.threads} thread${speed.threads === 1 ? '' : 's'}`,
  };
}

/** Prints one net's figures; returns its ratio ours/pytorch, or null without PyTorch. */
function report(
  net: string,
  ours: number,
  label: string,
  torch: TorchSpeed | null,
  gflopPerImage: number,
): number | null {
  const gflops = (imagesPerS: number): string => `${(imagesPerS * gflopPerImage).toFixed(1)} GFLOP/s`;
  console.log(`${net}: ours (${label}) ${ours.toFixed(1)} images/s, ${gflops(ours)}`);
  if (torch === null) return null;
  console.log(`${net}: pytorch (${torch.label}) ${torch.imagesPerS.toFixed(1)} images/s, ${gflops(torch.imagesPerS)}`);
  return ours / torch.imagesPerS;
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === null) return;
  const backend = await initBackend();
  const peak = machinePeak();
  console.log(peak ? `machine peak (estimate): ${peak.native}` : 'machine peak: n/a');
  if (peak) console.log(`wasm SIMD ceiling (estimate): ${peak.wasm}`);
  const cores = os.cpus().length;
  const threads = backend.backend === 'wasm' ? `${kernelThreads()} threads` : 'native';
  // Training ~ 3 forward passes (forward, input grads, weight grads); 2 FLOPs per MAC.
  const perImage = (macs: number): number => (3 * 2 * macs) / 1e9;
  const ratios: Record<'shallow' | 'article' | 'resnet20', number | null> = {
    shallow: null,
    article: null,
    resnet20: null,
  };

  if (options.shallowSteps > 0) {
    const ours = benchShallow(options);
    const torch = benchTorch({ model: 'shallow', batch: 64, steps: options.shallowSteps, warmup: 3, threads: 1 });
    console.log(`shallow batch 64: ${(ours.macs / 1e6).toFixed(1)} M forward MACs/image`);
    ratios.shallow = report(
      'shallow',
      ours.imagesPerS,
      `tfjs ${ours.backend}, ${ours.threads} thread, as a sweep run`,
      torch,
      perImage(ours.macs),
    );
  }
  if (options.articleBatch > 0) {
    const ours = await benchArticle(options);
    const torch = benchTorch({
      model: 'article',
      batch: options.articleBatch,
      steps: options.articleSteps,
      warmup: 1,
      threads: cores,
    });
    const micro = Math.min(options.articleBatch, options.articleMicroBatch);
    console.log(`article batch ${options.articleBatch}: ${(ours.macs / 1e6).toFixed(1)} M forward MACs/image`);
    ratios.article = report(
      'article',
      ours.imagesPerS,
      `tfjs ${backend.backend}, ${threads}, micro-batches of ${micro}`,
      torch,
      perImage(ours.macs),
    );
  }
  const ours = await benchResNet20(options);
  console.log(`resnet20 batch ${options.batch}: ${(ours.macs / 1e6).toFixed(1)} M forward MACs/image`);
  let best = ours.imagesPerS;
  let label = `tfjs ${backend.backend}, ${threads}`;
  if (options.workers > 0 && backend.backend === 'wasm') {
    const parallel = await benchDataParallel(options);
    console.log(
      `resnet20: ours (tfjs wasm, ${threads}) ${ours.imagesPerS.toFixed(1)} images/s;` +
        ` data-parallel over ${options.workers} workers ${parallel.toFixed(1)} images/s`,
    );
    if (parallel > best) {
      best = parallel;
      label = `tfjs wasm, data-parallel, ${options.workers} workers`;
    }
  }
  const torch = benchTorch({
    model: 'resnet20',
    batch: options.batch,
    steps: Math.max(options.steps, 5),
    warmup: options.warmup,
    threads: cores,
  });
  ratios.resnet20 = report('resnet20', best, label, torch, perImage(ours.macs));

  for (const [net, ratio] of Object.entries(ratios)) {
    console.log(`ratio ${net} ours/pytorch: ${ratio === null ? 'n/a' : ratio.toFixed(2)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error && err.name === 'UsageError' ? err.message : err);
  process.exit(1);
});
