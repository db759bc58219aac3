/**
 * A model's weights and its optimizer's state as stored tensors (values copied out of the backend): what a run's
 * checkpoint keeps, and what the finder puts back after its sweep (`saveTrainingState`).
 */
import * as tf from '@tensorflow/tfjs';
import type { StoredTensor } from './checkpoint';

/** An optimizer's slot for a variable, as tfjs names it: `<variable name>/<kind>` (velocity, momentum, m, v, …). */
const SLOT = /^(.*)\/([^/]+)$/;
/** The same slot as stored: `#<index of the variable in model.weights>/<kind>`. */
const STORED_SLOT = /^#(\d+)\/([^/]+)$/;

async function stored(name: string, tensor: tf.Tensor): Promise<StoredTensor> {
  const data = await tensor.data();
  const values = data instanceof Int32Array ? Int32Array.from(data) : Float32Array.from(data as Float32Array);
  return { name, shape: [...tensor.shape], values };
}

function toTensor(t: StoredTensor): tf.Tensor {
  return tf.tensor(t.values, t.shape, t.values instanceof Int32Array ? 'int32' : 'float32');
}

/**
 * Copies of the optimizer's state (`getWeights()`: the iteration count, momenta and other accumulators), each
 * accumulator named `#<index in model.weights>/<kind>`; undefined when the optimizer cannot give its state (tfjs'
 * adamax throws "not implemented").
 */
export async function captureOptimizerState(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<StoredTensor[] | undefined> {
  let named: Awaited<ReturnType<tf.Optimizer['getWeights']>>;
  try {
    named = await optimizer.getWeights();
  } catch {
    return undefined;
  }
  const index = new Map(model.weights.map((w, i) => [w.name, i]));
  try {
    return await Promise.all(
      named.map(({ name, tensor }) => {
        const slot = SLOT.exec(name);
        if (slot === null) return stored(name, tensor); // the iteration count
        const i = index.get(slot[1]!);
        if (i === undefined)
          throw new Error(`captureState: the optimizer holds a ${slot[2]} '${name}' for no weight of the model.`);
        return stored(`#${i}/${slot[2]}`, tensor);
      }),
    );
  } finally {
    // getWeights hands out the optimizer's own variables (to be left alone) and fresh tensors such as the iteration
    // count (to be freed).
    tf.dispose(named.map(({ tensor }) => tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

/**
 * Gives the optimizer its stored state. tfjs optimizers make new variables from the tensors given to `setWeights`
 * and drop the ones they had without freeing them: those are freed here (any that the optimizer still holds
 * afterwards are left alone).
 */
async function restoreOptimizerState(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: StoredTensor[],
): Promise<void> {
  const weights = model.weights;
  const named = state.map((t) => {
    const slot = STORED_SLOT.exec(t.name);
    if (slot === null) return { name: t.name, t };
    const variable = weights[Number(slot[1])];
    if (variable === undefined) {
      throw new Error(
        `restoreState: the optimizer state names weight ${slot[1]}, the model has ${weights.length}; it is another model's.`,
      );
    }
    return { name: `${variable.name}/${slot[2]}`, t };
  });
  const before = (await optimizer.getWeights()).map(({ tensor }) => tensor);
  const tensors = named.map(({ t }) => toTensor(t));
  try {
    await optimizer.setWeights(named.map(({ name }, i) => ({ name, tensor: tensors[i]! })));
  } finally {
    tf.dispose(tensors);
  }
  const after = new Set((await optimizer.getWeights()).map(({ tensor }) => tensor));
  tf.dispose(before.filter((t) => !after.has(t) && !t.isDisposed));
  tf.dispose([...after].filter((t) => !(t instanceof tf.Variable)));
}

/** Copies of the model's weights, in `model.weights` order. */
export async function captureWeights(model: tf.LayersModel): Promise<StoredTensor[]> {
  return Promise.all(model.weights.map((w) => stored(w.name, w.read())));
}

/**
 * Copies of the model's weights (in `model.weights` order) and the optimizer's state. Velocities are named
 * `#<index in model.weights>/velocity`: tfjs names variables uniquely per process, so a model rebuilt in another
 * process, or later in this one, has other names.
 */
export async function captureState(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<{ model: StoredTensor[]; optimizer: StoredTensor[] }> {
  const weights = await captureWeights(model);
  const state = await captureOptimizerState(model, optimizer);
  if (state === undefined)
    throw new Error(`captureState: the optimizer (${optimizer.getClassName()}) cannot give its state (getWeights).`);
  return { model: weights, optimizer: state };
}

/**
 * Puts stored weights and optimizer state (from `captureState`) into a model and optimizer of the same shape.
 * Without `optimizer` state, only the weights.
 */
export async function restoreState(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: { model: StoredTensor[]; optimizer?: StoredTensor[] },
): Promise<void> {
  const weights = model.weights;
  if (state.model.length !== weights.length) {
    throw new Error(
      `restoreState: the checkpoint has ${state.model.length} weights, the model ${weights.length}; it is another model's.`,
    );
  }
  const modelTensors = state.model.map(toTensor);
  try {
    model.setWeights(modelTensors);
  } catch (err) {
    throw new Error(
      `restoreState: the checkpoint's weights do not fit the model (${(err as Error).message}); it is another ` +
        "model's, or was saved before the ResNets' last convolution and sum became one layer (Conv2DAdd), which " +
        'ordered the weights differently. Train that run afresh in a new folder.',
      { cause: err },
    );
  } finally {
    tf.dispose(modelTensors);
  }
  if (state.optimizer !== undefined) await restoreOptimizerState(model, optimizer, state.optimizer);
}
