/**
 * Batch normalisation in training mode as two wasm kernels, each a few
 * passes of the project's SIMD code (assembly/batch-norm.ts) instead of the
 * ~30 element-wise tfjs ops that moments + FusedBatchNorm and their
 * gradients take. Used by {@link BatchNormalization} (lib/models/batch-norm-layer.ts).
 *
 * Over the M = N*H*W rows of an [.., C] activation x, per channel:
 *
 *     mean = sum(x) / M,   var = sum((x - mean)^2) / M   (biased, as tfjs),
 *     inv = 1 / sqrt(var + eps),   y = gamma * inv * (x - mean) + beta.
 *
 * Gradient (mean and var depend on x; this is the complete derivative):
 *
 *     dbeta = sum(dy),   dgamma = inv * sum(dy * (x - mean)),
 *     dx = gamma * inv * (dy - sum(dy) / M - (x - mean) * inv^2 * sum(dy * (x - mean)) / M),
 *
 * evaluated as dx = a*dy + b*x + d with per-channel a, b, d.
 *
 * With attr `activation: 'relu'` the kernels compute relu(y) and its
 * gradient: the backward kernel takes the forward's offset too, recomputes
 * y with the forward's per-channel scale and shift and zeroes dy where
 * y <= 0 (ReLU's derivative at 0 is 0, as in tfjs), so no separate ReLU,
 * Step or Multiply pass reads and writes the activation.
 *
 * Each pass splits the rows over the kernel threads; the reductions' shares
 * are added, and the per-channel scalars computed, in float64 and rounded
 * once.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, f32, release, WASM } from './heap';
import { pointer, type SimdKernels, simdKernels, splitRange } from './simd';

/**
 * Kernel: inputs {x, scale, offset}, attrs {varianceEpsilon, activation?} -> [y, mean, variance]. Its gradient
 * (registered by lib/models/batch-norm-layer.ts) is y's only: the mean and variance outputs are for the moving
 * averages, and a loss computed from them would get no gradient through them. It is not differentiable twice.
 */
export const BATCH_NORM_TRAINING = 'BatchNormTraining';
/**
 * Kernel: inputs {dy, x, mean, variance, scale, offset (with relu)}, attrs {varianceEpsilon, activation?,
 * inputGradient?} -> [dx, dscale, doffset], or [dscale, doffset] without the dx pass when inputGradient is false.
 */
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

/** What follows the normalisation: nothing, or a ReLU. */
export type BatchNormActivation = 'linear' | 'relu';

interface Args {
  inputs: tf.NamedTensorInfoMap;
  backend: {};
  attrs?: tf.NamedAttrMap;
}

/** Rows and channels of a float32 activation (channels last). */
function geometry(kernel: string, x: tf.TensorInfo): [number, number] {
  const channels = x.shape[x.shape.length - 1];
  if (x.dtype !== 'float32' || channels === undefined || x.shape.length < 2) {
    throw new Error(`${kernel} (wasm): expected a float32 tensor of rank >= 2, got ${x.dtype} [${x.shape.join(',')}]`);
  }
  return [tf.util.sizeFromShape(x.shape) / channels, channels];
}

/** A copy of the values of a [C] tensor (heap views do not survive allocations). */
function channelValues(backend: BackendWasm, info: tf.TensorInfo, channels: number): Float32Array {
  if (info.shape.length !== 1 || info.shape[0] !== channels) {
    throw new Error(
      `batch norm (wasm): expected a per-channel tensor of shape [${channels}], got [${info.shape.join(',')}]`,
    );
  }
  return f32(backend, info).slice();
}

function activationOf(args: Args): BatchNormActivation {
  const activation = (args.attrs as { activation?: string } | undefined)?.activation ?? 'linear';
  if (activation !== 'linear' && activation !== 'relu') {
    throw new Error(`batch norm: activation must be 'linear' or 'relu', got '${activation}'`);
  }
  return activation;
}

/**
 * The per-channel scale gamma / sqrt(var + eps) and shift beta - mean * scale of y = x * scale + shift, as
 * float32 (the forward and the ReLU mask of the backward kernel use these same values).
 */
function scaleAndShift(
  out: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
): void {
  const channels = gamma.length;
  for (let c = 0; c < channels; c++) {
    const s = gamma[c]! / Math.sqrt(variance[c]! + epsilon);
    out[c] = s;
    out[channels + c] = beta[c]! - mean[c]! * s;
  }
}

function epsilonOf(args: Args): number {
  const epsilon = (args.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon;
  if (epsilon === undefined || !(epsilon > 0))
    throw new Error(`batch norm: varianceEpsilon must be > 0, got ${epsilon}`);
  return epsilon;
}

/**
 * Runs a per-channel reduction over row shares on the kernel threads and
 * returns the sums: `sums` floats per channel, summed over the shares.
 * `call(rows0, rowCount, out, part)` gives one share's kernel arguments,
 * `out` receiving `sums * channels` floats and `part` that much scratch.
 */
function reduceRows<K extends 'channelSums' | 'centeredSquares' | 'gradSums'>(
  backend: BackendWasm,
  kernel: K,
  rows: number,
  channels: number,
  sums: number,
  call: (row0: number, count: number, out: number, part: number) => Parameters<SimdKernels[K]>,
): Float64Array {
  const simd = simdKernels(backend);
  const shares = splitRange(rows, simd.threads);
  const width = sums * channels;
  const scratch = allocate(backend, [shares.length * 2 * width]);
  const base = pointer(backend, scratch);
  simd.parallel(
    kernel,
    shares.map(([r0, r1], i) => call(r0, r1 - r0, base + 8 * i * width, base + 4 * (2 * i + 1) * width)),
  );
  const values = f32(backend, scratch);
  const total = new Float64Array(width);
  shares.forEach((_, i) => {
    for (let k = 0; k < width; k++) total[k]! += values[2 * i * width + k]!;
  });
  release(backend, scratch);
  return total;
}

/** Runs an element-wise pass over row shares on the kernel threads. */
export function mapRows<K extends 'scaleShift' | 'gradInput' | 'normalize'>(
  backend: BackendWasm,
  kernel: K,
  rows: number,
  call: (row0: number, count: number) => Parameters<SimdKernels[K]>,
): void {
  const simd = simdKernels(backend);
  simd.parallel(
    kernel,
    splitRange(rows, simd.threads).map(([r0, r1]) => call(r0, r1 - r0)),
  );
}

function batchNormTraining(args: Args): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { x, scale, offset } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; offset: tf.TensorInfo };
  const [rows, channels] = geometry(BATCH_NORM_TRAINING, x);
  const epsilon = epsilonOf(args);
  const relu = activationOf(args) === 'relu';
  const gamma = channelValues(backend, scale, channels);
  const beta = channelValues(backend, offset, channels);
  const rowBytes = 4 * channels;
  const y = allocate(backend, x.shape);
  const mean = allocate(backend, [channels]);
  const variance = allocate(backend, [channels]);
  const scaleShift = allocate(backend, [2 * channels]);
  const [px, pm, py, ps] = [x, mean, y, scaleShift].map((t) => pointer(backend, t)) as [number, number, number, number];
  const sums = reduceRows(backend, 'channelSums', rows, channels, 1, (r0, n, out, part) => [
    px + r0 * rowBytes,
    out,
    part,
    n,
    channels,
  ]);
  f32(backend, mean).set(sums.map((s) => s / rows));
  const squares = reduceRows(backend, 'centeredSquares', rows, channels, 1, (r0, n, out, part) => [
    px + r0 * rowBytes,
    pm,
    out,
    part,
    n,
    channels,
  ]);
  f32(backend, variance).set(squares.map((s) => s / rows));
  scaleAndShift(f32(backend, scaleShift), gamma, beta, f32(backend, mean), f32(backend, variance), epsilon);
  mapRows(backend, 'scaleShift', rows, (r0, n) => [
    px + r0 * rowBytes,
    ps,
    ps + rowBytes,
    py + r0 * rowBytes,
    n,
    channels,
    relu ? 1 : 0,
  ]);
  release(backend, scaleShift);
  return [y, mean, variance];
}

function batchNormTrainingGrad(args: Args): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { dy, x, mean, variance, scale, offset } = args.inputs as {
    dy: tf.TensorInfo;
    x: tf.TensorInfo;
    mean: tf.TensorInfo;
    variance: tf.TensorInfo;
    scale: tf.TensorInfo;
    offset?: tf.TensorInfo;
  };
  const [rows, channels] = geometry(BATCH_NORM_TRAINING_GRAD, x);
  const epsilon = epsilonOf(args);
  const relu = activationOf(args) === 'relu';
  const inputGradient = (args.attrs as { inputGradient?: boolean } | undefined)?.inputGradient !== false;
  if (relu && offset === undefined)
    throw new Error(`${BATCH_NORM_TRAINING_GRAD}: activation 'relu' needs input offset`);
  const gamma = channelValues(backend, scale, channels);
  const beta = relu ? channelValues(backend, offset!, channels) : undefined;
  const rowBytes = 4 * channels;
  const dScale = allocate(backend, [channels]);
  const dOffset = allocate(backend, [channels]);
  const coefficients = allocate(backend, [3 * channels]);
  // With relu: the forward's per-channel scale and shift, from which the kernels recompute its ReLU mask.
  let forward: tf.TensorInfo | undefined;
  if (beta !== undefined) {
    forward = allocate(backend, [2 * channels]);
    scaleAndShift(f32(backend, forward), gamma, beta, f32(backend, mean), f32(backend, variance), epsilon);
  }
  const [pdy, px, pm, pc] = [dy, x, mean, coefficients].map((t) => pointer(backend, t)) as [
    number,
    number,
    number,
    number,
  ];
  const [pScale, pShift] =
    forward === undefined ? [0, 0] : [pointer(backend, forward), pointer(backend, forward) + rowBytes];
  // Per share: sum(dy) then sum(dy * (x - mean)), each `channels` floats.
  const sums = reduceRows(backend, 'gradSums', rows, channels, 2, (r0, n, out, part) => [
    pdy + r0 * rowBytes,
    px + r0 * rowBytes,
    pm,
    out,
    out + rowBytes,
    part,
    n,
    channels,
    pScale,
    pShift,
  ]);
  const m = f32(backend, mean);
  const v = f32(backend, variance);
  const dS = f32(backend, dScale);
  const dO = f32(backend, dOffset);
  const abd = f32(backend, coefficients);
  for (let c = 0; c < channels; c++) {
    const sumDy = sums[c]!;
    const sumDyXc = sums[channels + c]!;
    const inv = 1 / Math.sqrt(v[c]! + epsilon);
    const a = gamma[c]! * inv;
    const k = (inv * inv * sumDyXc) / rows;
    abd[c] = a;
    abd[channels + c] = -a * k;
    abd[2 * channels + c] = a * (m[c]! * k - sumDy / rows);
    dS[c] = sumDyXc * inv;
    dO[c] = sumDy;
  }
  const dx = inputGradient ? allocate(backend, x.shape) : undefined;
  if (dx !== undefined) {
    const pdx = pointer(backend, dx);
    mapRows(backend, 'gradInput', rows, (r0, n) => [
      pdy + r0 * rowBytes,
      px + r0 * rowBytes,
      pc,
      pc + rowBytes,
      pc + 2 * rowBytes,
      pdx + r0 * rowBytes,
      n,
      channels,
      pScale,
      pShift,
    ]);
  }
  release(backend, coefficients);
  if (forward !== undefined) release(backend, forward);
  return dx === undefined ? [dScale, dOffset] : [dx, dScale, dOffset];
}

export const batchNormTrainingConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING,
  backendName: WASM,
  kernelFunc: batchNormTraining,
};
export const batchNormTrainingGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  backendName: WASM,
  kernelFunc: batchNormTrainingGrad,
};
