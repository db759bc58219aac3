import type * as tf from '@tensorflow/tfjs';
import { getLearningRate, optimizerOf, setLearningRate } from '../tfjs/learning-rate';
import { captureOptimizerState, captureWeights, restoreState } from '../train/model-state';

/** What `saveTrainingState` kept: `restore()` puts it back. */
export interface TrainingState {
  /** Whether the optimizer's state (iteration count, accumulators) was saved, so that `restore()` restores it. */
  readonly optimizerState: boolean;
  /** Puts back the weights, the optimizer's rate, and its state when it was saved. */
  restore(): Promise<void>;
}

/**
 * Saves a compiled model's training state, to undo some training: every weight of the model (trainable or not,
 * e.g. batch-norm statistics), the optimizer's learning rate, and — where the optimizer implements `getWeights` /
 * `setWeights`, as all tfjs optimizers but adamax do — its state: iteration count, momenta and other accumulators.
 *
 * Values are copied out of the backend, so restoring is bitwise whatever the backend does to the tensors in the
 * meantime. One caveat of tfjs itself: adam's `setWeights` recomputes β₁^t and β₂^t with `pow` rather than keeping
 * the products it had accumulated, so an adam restored after many updates may differ from the original in their
 * last bits.
 */
export async function saveTrainingState(model: tf.LayersModel): Promise<TrainingState> {
  const optimizer = optimizerOf(model, 'saveTrainingState');
  const lr = getLearningRate(optimizer);
  const weights = await captureWeights(model);
  const optimizerWeights = await captureOptimizerState(model, optimizer);
  return {
    optimizerState: optimizerWeights !== undefined,
    async restore() {
      await restoreState(model, optimizer, { model: weights, optimizer: optimizerWeights });
      setLearningRate(optimizer, lr);
    },
  };
}
