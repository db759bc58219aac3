/**
 * Batch normalisation in training mode as two wasm kernels, each a few
 * passes of the project's SIMD code (assembly/batch_norm.ts) instead of the
 * ~30 element-wise tfjs ops that moments + FusedBatchNorm and their
 * gradients take. Used by {@link BatchNormalization} (batch_norm_layer.ts).
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
 * Per-channel scalars are computed in float64 and rounded once.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, f32, release, WASM } from './heap';
import { pointer, simdKernels } from './simd';

/** Kernel: inputs {x, scale, offset}, attrs {varianceEpsilon} -> [y, mean, variance]. */
export const BATCH_NORM_TRAINING = 'BatchNormTraining';
/** Kernel: inputs {dy, x, mean, variance, scale}, attrs {varianceEpsilon} -> [dx, dscale, doffset]. */
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

interface Args { inputs: tf.NamedTensorInfoMap; backend: {}; attrs?: tf.NamedAttrMap }

/** Rows and channels of a float32 activation (channels last). */
function geometry(kernel: string, x: tf.TensorInfo): [number, number] {
  const channels = x.shape[x.shape.length - 1];
  if (x.dtype !== 'float32' || channels === undefined || x.shape.length < 2) {
    throw new Error(`${kernel} (wasm): expected a float32 tensor of rank >= 2, got ${x.dtype} [${x.shape}]`);
  }
  return [tf.util.sizeFromShape(x.shape) / channels, channels];
}

/** A copy of the values of a [C] tensor (heap views do not survive allocations). */
function channelValues(backend: BackendWasm, info: tf.TensorInfo, channels: number): Float32Array {
  if (info.shape.length !== 1 || info.shape[0] !== channels) {
    throw new Error(`batch norm (wasm): expected a per-channel tensor of shape [${channels}], got [${info.shape}]`);
  }
  return f32(backend, info).slice();
}

function epsilonOf(args: Args): number {
  const epsilon = (args.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon;
  if (epsilon === undefined || !(epsilon > 0)) throw new Error(`batch norm: varianceEpsilon must be > 0, got ${epsilon}`);
  return epsilon;
}

function batchNormTraining(args: Args): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { x, scale, offset } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; offset: tf.TensorInfo };
  const [rows, channels] = geometry(BATCH_NORM_TRAINING, x);
  const epsilon = epsilonOf(args);
  const gamma = channelValues(backend, scale, channels);
  const beta = channelValues(backend, offset, channels);
  const kernels = simdKernels(backend);
  const y = allocate(backend, x.shape);
  const mean = allocate(backend, [channels]);
  const variance = allocate(backend, [channels]);
  const scratch = allocate(backend, [2 * channels]);
  const [px, pm, pv, ps] = [x, mean, variance, scratch].map((t) => pointer(backend, t)) as [number, number, number, number];
  kernels.channelSums(px, pm, ps, rows, channels);
  const m = f32(backend, mean);
  for (let c = 0; c < channels; c++) m[c] = m[c]! / rows;
  kernels.centeredSquares(px, pm, pv, ps, rows, channels);
  const v = f32(backend, variance);
  const shiftScale = f32(backend, scratch);
  for (let c = 0; c < channels; c++) {
    v[c] = v[c]! / rows;
    const s = gamma[c]! / Math.sqrt(v[c]! + epsilon);
    shiftScale[c] = s;
    shiftScale[channels + c] = beta[c]! - m[c]! * s;
  }
  kernels.scaleShift(px, ps, ps + 4 * channels, pointer(backend, y), rows, channels);
  release(backend, scratch);
  return [y, mean, variance];
}

function batchNormTrainingGrad(args: Args): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { dy, x, mean, variance, scale } = args.inputs as {
    dy: tf.TensorInfo; x: tf.TensorInfo; mean: tf.TensorInfo; variance: tf.TensorInfo; scale: tf.TensorInfo;
  };
  const [rows, channels] = geometry(BATCH_NORM_TRAINING_GRAD, x);
  const epsilon = epsilonOf(args);
  const gamma = channelValues(backend, scale, channels);
  const kernels = simdKernels(backend);
  const dx = allocate(backend, x.shape);
  const dScale = allocate(backend, [channels]);
  const dOffset = allocate(backend, [channels]);
  const scratch = allocate(backend, [3 * channels]);
  const ps = pointer(backend, scratch);
  kernels.gradSums(pointer(backend, dy), pointer(backend, x), pointer(backend, mean),
    pointer(backend, dOffset), pointer(backend, dScale), ps, rows, channels);
  const m = f32(backend, mean);
  const v = f32(backend, variance);
  const sumDy = f32(backend, dOffset);
  const sumDyXc = f32(backend, dScale);
  const abd = f32(backend, scratch);
  for (let c = 0; c < channels; c++) {
    const inv = 1 / Math.sqrt(v[c]! + epsilon);
    const a = gamma[c]! * inv;
    const k = (inv * inv * sumDyXc[c]!) / rows;
    abd[c] = a;
    abd[channels + c] = -a * k;
    abd[2 * channels + c] = a * (m[c]! * k - sumDy[c]! / rows);
    sumDyXc[c] = sumDyXc[c]! * inv;
  }
  kernels.gradInput(pointer(backend, dy), pointer(backend, x), ps, ps + 4 * channels, ps + 8 * channels,
    pointer(backend, dx), rows, channels);
  release(backend, scratch);
  return [dx, dScale, dOffset];
}

export const batchNormTrainingConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING, backendName: WASM, kernelFunc: batchNormTraining,
};
export const batchNormTrainingGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD, backendName: WASM, kernelFunc: batchNormTrainingGrad,
};
