import * as tf from '@tensorflow/tfjs';
import { getLearningRate, optimizerOf, setLearningRate } from '../tfjs/learning-rate';

/** A tensor's values copied out of the backend, with what rebuilds it. */
interface Copy {
  values: tf.TypedArray;
  shape: number[];
  dtype: tf.DataType;
}

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
  const weights = await Promise.all(model.getWeights().map(copy));
  const optimizerWeights = await copyOptimizerWeights(optimizer);
  return {
    optimizerState: optimizerWeights !== undefined,
    async restore() {
      const tensors = weights.map(rebuild);
      model.setWeights(tensors);
      tf.dispose(tensors);
      if (optimizerWeights) await restoreOptimizerWeights(optimizer, optimizerWeights);
      setLearningRate(optimizer, lr);
    },
  };
}

async function copy(tensor: tf.Tensor): Promise<Copy> {
  return { values: (await tensor.data()).slice(), shape: tensor.shape.slice(), dtype: tensor.dtype };
}

function rebuild({ values, shape, dtype }: Copy): tf.Tensor {
  return tf.tensor(values, shape, dtype);
}

/** The optimizer's state, or undefined when it cannot give it (tfjs' adamax throws "not implemented"). */
async function copyOptimizerWeights(optimizer: tf.Optimizer): Promise<{ name: string; value: Copy }[] | undefined> {
  let named: Awaited<ReturnType<tf.Optimizer['getWeights']>>;
  try {
    named = await optimizer.getWeights();
  } catch {
    return undefined;
  }
  const copies = await Promise.all(named.map(async ({ name, tensor }) => ({ name, value: await copy(tensor) })));
  // getWeights hands out the optimizer's own variables (to be left alone) and fresh tensors such as the iteration
  // count (to be freed).
  tf.dispose(named.map(({ tensor }) => tensor).filter((t) => !(t instanceof tf.Variable)));
  return copies;
}

/**
 * Gives the optimizer its saved state. tfjs optimizers make new variables from the tensors given to `setWeights`
 * and drop the ones they had without freeing them: those are freed here (any that the optimizer still holds
 * afterwards are left alone).
 */
async function restoreOptimizerWeights(optimizer: tf.Optimizer, saved: { name: string; value: Copy }[]): Promise<void> {
  const before = (await optimizer.getWeights()).map(({ tensor }) => tensor);
  const tensors = saved.map(({ value }) => rebuild(value));
  await optimizer.setWeights(saved.map(({ name }, i) => ({ name, tensor: tensors[i]! })));
  tf.dispose(tensors);
  const after = new Set((await optimizer.getWeights()).map(({ tensor }) => tensor));
  tf.dispose(before.filter((t) => !after.has(t) && !t.isDisposed));
  tf.dispose([...after].filter((t) => !(t instanceof tf.Variable)));
}
