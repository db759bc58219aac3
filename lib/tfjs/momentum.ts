/**
 * Reading and setting an optimizer's momentum: `KerasSGD` and tfjs' `MomentumOptimizer` (`tf.train.momentum`).
 *
 * tfjs' `MomentumOptimizer` multiplies by a scalar it caches when it is built: its `setMomentum()` changes the
 * number it reports but not the update it applies. `setMomentum` here replaces the cached scalar too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInterval } from '../schedules/validate';
import { KerasSGD } from './keras-sgd';

/** tfjs' MomentumOptimizer's private fields: the momentum and the scalar its update multiplies by. */
interface TfjsMomentum {
  momentum: number;
  m: tf.Scalar;
}

/**
 * The optimizer, when it has a momentum to set. By class name: tfjs' `Optimizer` makes `instanceof` true for any
 * optimizer (it defines `Symbol.hasInstance` by duck typing).
 */
function momentumOf(optimizer: tf.Optimizer, caller: string): KerasSGD | tf.MomentumOptimizer {
  const name = optimizer?.getClassName?.();
  if (name === KerasSGD.className) return optimizer as KerasSGD;
  if (name === tf.MomentumOptimizer.className) return optimizer as tf.MomentumOptimizer;
  throw new TypeError(
    `${caller}: ${optimizer?.getClassName?.() ?? typeof optimizer} has no momentum to set; ` +
      'compile the model with KerasSGD({ momentum }) or tf.train.momentum(lr, momentum).',
  );
}

/**
 * The momentum the optimizer's next update uses.
 *
 * @example
 * assert.equal(getMomentum(new KerasSGD({ momentum: 0.9 })), 0.9);
 */
export function getMomentum(optimizer: tf.Optimizer): number {
  const o = momentumOf(optimizer, 'getMomentum');
  return (o as unknown as TfjsMomentum).momentum;
}

/**
 * Makes the optimizer's next update use momentum `m`, in [0, 1].
 *
 * @example
 * const optimizer = tf.train.momentum(0.1, 0.9);
 * setMomentum(optimizer, 0.8);
 * assert.equal(getMomentum(optimizer), 0.8);
 */
export function setMomentum(optimizer: tf.Optimizer, m: number): void {
  checkInterval('setMomentum', 'momentum', m, [0, 1]);
  const o = momentumOf(optimizer, 'setMomentum');
  o.setMomentum(m);
  if (o.getClassName() === KerasSGD.className) return;
  const fields = o as unknown as TfjsMomentum;
  fields.m.dispose();
  fields.m = tf.keep(tf.scalar(m));
}
