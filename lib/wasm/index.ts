/**
 * Training kernels for the tfjs wasm backend, registered in one place.
 *
 * Stock @tensorflow/tfjs-backend-wasm cannot train convolutional nets: it has
 * no Conv2DBackpropFilter (tfjs#8474), its Conv2DBackpropInput is a scalar
 * loop, and its Tile (used by the batch-norm gradient) is element-wise.
 * Sum/Mean over leading axes (batch-norm statistics), Identity, same-dtype
 * Cast and broadcasting Multiply are replaced because a ResNet training
 * step with tfjs' own batch-norm layer spends much of its time in them
 * (the project's models use the fused layer instead), and two kernels fuse batch
 * normalisation in training, with an optional ReLU (used by
 * lib/models/batch-norm-layer.ts); the gradient of an average pool whose
 * windows tile the input is a broadcast; KerasSGD's update of all variables is
 * one fused kernel call (sgd-step.ts); Add of two tensors of one shape, and a
 * residual block's sum and ReLU with its gradient, are element-wise SIMD kernels
 * shared over the threads (elementwise.ts).
 * The kernels here run the project's SIMD code (assembly/, see simd.ts),
 * compose the backend's XNNPACK kernels or copy memory in bulk on the wasm
 * heap; each file documents the identity it relies on. FusedBatchNorm (batch
 * norm with given statistics, as in evaluation) is the stock kernel's
 * expression, vectorised (fused-batch-norm.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { avgPoolGradConfig } from './avg-pool-grad';
import { batchNormTrainingConfig, batchNormTrainingGradConfig } from './batch-norm';
import { castConfig } from './cast';
import { conv2DConfig, fusedConv2DConfig } from './conv2d';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { addConfig, addReluConfig, reluGradConfig } from './elementwise';
import { fusedBatchNormConfig } from './fused-batch-norm';
import { WASM } from './heap';
import { identityConfig } from './identity';
import { multiplyConfig } from './multiply';
import { meanConfig, sumConfig } from './reduce-leading';
import { kerasSgdStepConfig } from './sgd-step';
import { tileConfig } from './tile';

let registered: readonly tf.KernelConfig[] | null = null;

/** Replaces (or adds) the wasm kernel `config.kernelName` with `config`. */
function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, WASM) !== undefined) {
    tf.unregisterKernel(config.kernelName, WASM);
  }
  tf.registerKernel(config);
}

/**
 * Registers the training kernels for the wasm backend. Idempotent; may be
 * called before or after the backend is initialised. Returns the names of
 * the kernels it provides.
 */
export function registerTrainingKernels(): string[] {
  if (registered === null) {
    registered = [
      conv2DConfig(tf.getKernel(tf.Conv2D, WASM)),
      fusedConv2DConfig(tf.getKernel(tf.FusedConv2D, WASM)),
      conv2DBackpropFilterConfig,
      conv2DBackpropInputConfig,
      tileConfig(tf.getKernel(tf.Tile, WASM)),
      sumConfig(tf.getKernel(tf.Sum, WASM)),
      meanConfig(tf.getKernel(tf.Mean, WASM)),
      identityConfig,
      castConfig(tf.getKernel(tf.Cast, WASM)),
      multiplyConfig(tf.getKernel(tf.Multiply, WASM)),
      batchNormTrainingConfig,
      batchNormTrainingGradConfig,
      fusedBatchNormConfig(tf.getKernel(tf.FusedBatchNorm, WASM)),
      avgPoolGradConfig(tf.getKernel(tf.AvgPoolGrad, WASM)),
      kerasSgdStepConfig,
      addConfig(tf.getKernel(tf.Add, WASM)),
      addReluConfig,
      reluGradConfig,
    ];
  }
  for (const config of registered) {
    if (tf.getKernel(config.kernelName, WASM) !== config) {
      replaceKernel(config);
    }
  }
  return registered.map((config) => config.kernelName);
}
