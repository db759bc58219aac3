/**
 * Reading and setting an optimizer's learning rate, for every tfjs optimizer.
 *
 * tfjs' `SGDOptimizer` and `MomentumOptimizer` cache −lr in a tensor when they are built: assigning
 * `optimizer.learningRate` changes the number they report but not the update they apply. Only their
 * `setLearningRate()` refreshes the cache. The other tfjs optimizers read `learningRate` at every update.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkRate } from '../schedules/validate';

interface WithRate {
  learningRate: number;
  setLearningRate?: (lr: number) => void;
}

function withRate(optimizer: tf.Optimizer, caller: string): WithRate {
  const o = optimizer as unknown as Partial<WithRate>;
  if (typeof o.learningRate !== 'number') {
    throw new TypeError(
      `${caller}: ${optimizer?.getClassName?.() ?? typeof optimizer} has no numeric learningRate; ` +
        'compile the model with a tfjs optimizer (tf.train.sgd, momentum, adam, …) or KerasSGD.',
    );
  }
  return o as WithRate;
}

/**
 * The rate the optimizer's next update uses.
 *
 * @example
 * assert.equal(getLearningRate(tf.train.adam(0.001)), 0.001);
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  return withRate(optimizer, 'getLearningRate').learningRate;
}

/**
 * Makes the optimizer's next update use `lr` (a finite rate ≥ 0).
 *
 * @example
 * const optimizer = tf.train.sgd(0.1);
 * setLearningRate(optimizer, 0.01); // plain `optimizer.learningRate = 0.01` would not change SGD's updates
 * assert.equal(getLearningRate(optimizer), 0.01);
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  checkRate('setLearningRate', 'lr', lr);
  const o = withRate(optimizer, 'setLearningRate');
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** The optimizer of a compiled model, with a clear error when there is none yet. */
export function optimizerOf(model: LayersModel | undefined, caller: string): tf.Optimizer {
  if (!model?.optimizer)
    throw new Error(`${caller}: the model has no optimizer; call model.compile({ optimizer, … }) before fit.`);
  return model.optimizer;
}
