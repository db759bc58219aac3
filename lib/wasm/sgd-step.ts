/**
 * KerasSGD's fused update for the wasm backend: one kernel call updates every
 * variable of a step on the project's SIMD kernel (assembly/sgd-step.ts)
 * instead of four or five tfjs ops per variable. The inputs and outputs are
 * those of {@link KERAS_SGD_STEP} (lib/tfjs/keras-sgd-step.ts); the
 * arithmetic is the op path's, so the results are the same bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { KERAS_SGD_STEP, type KerasSGDStepAttrs } from '../tfjs/keras-sgd-step';
import { allocate, type BackendWasm, WASM } from './heap';
import { pointer, simdKernels } from './simd';

function kerasSgdStep(args: { inputs: tf.NamedTensorInfoMap; backend: {}; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { count, learningRate, momentum, nesterov, withVelocity } = args.attrs as unknown as KerasSGDStepAttrs;
  const simd = simdKernels(backend);
  const variables: tf.TensorInfo[] = [];
  const velocities: tf.TensorInfo[] = [];
  for (let i = 0; i < count; i++) {
    const w = args.inputs[`variable${i}`]!;
    const g = args.inputs[`gradient${i}`]!;
    const v = withVelocity ? args.inputs[`velocity${i}`]! : undefined;
    const wOut = allocate(backend, w.shape);
    const vOut = v === undefined ? undefined : allocate(backend, v.shape);
    simd.parallel('kerasSgdStep', [
      [
        pointer(backend, w),
        pointer(backend, g),
        v === undefined ? 0 : pointer(backend, v),
        pointer(backend, wOut),
        vOut === undefined ? 0 : pointer(backend, vOut),
        tf.util.sizeFromShape(w.shape),
        learningRate,
        momentum,
        nesterov ? 1 : 0,
      ],
    ]);
    variables.push(wOut);
    if (vOut !== undefined) velocities.push(vOut);
  }
  return [...variables, ...velocities];
}

export const kerasSgdStepConfig: tf.KernelConfig = {
  kernelName: KERAS_SGD_STEP,
  backendName: WASM,
  kernelFunc: kerasSgdStep,
};
