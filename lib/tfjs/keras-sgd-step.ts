/**
 * The fused-update kernel that {@link KerasSGD} runs where the active backend registers one (the project's wasm
 * kernels do, lib/wasm/sgd-step.ts): one kernel call for every variable of a step instead of four or five ops per
 * variable. Backends without it take the ops path. A backend's kernel must compute exactly
 *
 *     step = gradient · (−learningRate);  v' = velocity · momentum + step;  w' = variable + v'
 *     (nesterov: w' = variable + (v' · momentum + step); without velocity: w' = variable + step)
 *
 * in that order, in float32.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The kernel's name in tfjs' registry. */
export const KERAS_SGD_STEP = 'KerasSGDStep';

/**
 * Its attributes. Inputs: `variable{i}`, `gradient{i}` and, with `withVelocity`, `velocity{i}` for i in
 * [0, count), all float32. Outputs: the `count` new variables, then (with `withVelocity`) the `count` new velocities.
 */
export interface KerasSGDStepAttrs {
  count: number;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  withVelocity: boolean;
}

/** Whether the active backend has the fused kernel. */
export function hasFusedStep(): boolean {
  return tf.getKernel(KERAS_SGD_STEP, tf.getBackend()) !== undefined;
}
