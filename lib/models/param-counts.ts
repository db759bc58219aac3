/**
 * Parameter counts as Keras reports them: trainable weights (kernels, biases, batch-norm γ and β) and non-trainable
 * ones (batch-norm moving mean and variance). total = trainable + nonTrainable = `model.countParams()`.
 */
import type * as tf from '@tensorflow/tfjs';

/** A model's parameter counts. */
export interface ParamCounts {
  total: number;
  trainable: number;
  nonTrainable: number;
}

function sizeOf(weights: readonly { readonly shape: readonly (number | null)[] }[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
}

/**
 * Trainable, non-trainable and total parameter counts of `model`.
 *
 * @example
 * const model = resnetArticle('shallow');
 * assert.equal(paramCounts(model).total, 8582);
 * model.dispose();
 */
export function paramCounts(model: tf.LayersModel): ParamCounts {
  const trainable = sizeOf(model.trainableWeights);
  const nonTrainable = sizeOf(model.nonTrainableWeights);
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}
