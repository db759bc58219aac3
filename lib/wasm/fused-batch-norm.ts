/**
 * FusedBatchNorm (batch normalisation with given statistics: inference, and
 * `tf.batchNorm`) for the wasm backend, on the project's SIMD code.
 *
 * The stock kernel evaluates, per element,
 *
 *     y = offset + (x - mean) * scale / sqrt(variance + eps)
 *
 * in a scalar loop that also wraps four parameter indices per element; on
 * the workshop net's test-set evaluation it took about half of the forward
 * pass. This one evaluates the expression four channels at a time (the
 * square roots once per channel), rounded as the stock kernel rounds it (see
 * assembly/batch-norm.ts `normalize`), so its output is the stock kernel's
 * bit for bit. It applies
 * when every parameter holds one value per channel of x's last axis (as a
 * Keras BatchNormalization layer's do) or, for scale and offset, is absent;
 * other shapes go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { mapRows } from './batch-norm';
import { allocate, BackendWasm, f32, release, WASM } from './heap';
import { pointer } from './simd';

interface Inputs {
  x: tf.TensorInfo;
  mean: tf.TensorInfo;
  variance: tf.TensorInfo;
  offset?: tf.TensorInfo;
  scale?: tf.TensorInfo;
}

/** Whether every given parameter is a float32 tensor of `channels` values. */
function perChannel(channels: number, ...params: (tf.TensorInfo | undefined)[]): boolean {
  return params.every((p) => p === undefined || (p.dtype === 'float32' && tf.util.sizeFromShape(p.shape) === channels));
}

/** Creates the FusedBatchNorm kernel; `stock` is the backend's own, which takes the shapes this one does not. */
export function fusedBatchNormConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.FusedBatchNorm,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const backend = args.backend as BackendWasm;
      const { x, mean, variance, offset, scale } = args.inputs as unknown as Inputs;
      const channels = x.shape[x.shape.length - 1] ?? 0;
      const size = tf.util.sizeFromShape(x.shape);
      if (x.dtype !== 'float32' || size === 0 || !perChannel(channels, mean, variance, offset, scale)) {
        return stock.kernelFunc(args);
      }
      // The stock kernel takes epsilon as a float32 argument.
      const epsilon = Math.fround((args.attrs as unknown as tf.FusedBatchNormAttrs).varianceEpsilon);
      // offset and sqrt(variance + eps) as float64 (the kernel's quotient and sum are float64), then scale.
      const params = allocate(backend, [5 * channels]);
      const floats = f32(backend, params);
      const doubles = new Float64Array(floats.buffer, floats.byteOffset, 2 * channels);
      const scales = floats.subarray(4 * channels);
      if (scale === undefined) scales.fill(1);
      else scales.set(f32(backend, scale));
      if (offset === undefined) doubles.fill(0, 0, channels);
      else doubles.set(f32(backend, offset));
      const v = f32(backend, variance);
      for (let c = 0; c < channels; c++) doubles[channels + c] = Math.fround(Math.sqrt(Math.fround(v[c]! + epsilon)));
      const y = allocate(backend, x.shape);
      const [px, pm, pp, py] = [x, mean, params, y].map((t) => pointer(backend, t)) as [number, number, number, number];
      const rowBytes = 4 * channels;
      mapRows(backend, 'normalize', size / channels, (r0, n) => [
        px + r0 * rowBytes,
        pm,
        pp + 4 * rowBytes,
        pp,
        pp + 2 * rowBytes,
        py + r0 * rowBytes,
        n,
        channels,
      ]);
      release(backend, params);
      return y;
    },
  };
}
