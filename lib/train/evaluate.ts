import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';

/**
 * Images per forward pass: model.predict's default batch, built straight from the uint8 images (predict would
 * slice them out of a larger batch: on wasm each slice copies the whole batch, some 15 % of the evaluation).
 */
const FORWARD_BATCH = 32;
/** Forward passes per loss sum: the loss is summed over 256 images at a time, which fixes its rounding. */
const PASSES_PER_SUM = 8;

/** Keras' clipping of probabilities in categorical cross-entropy. */
const EPSILON = 1e-7;

/** A model's loss and accuracy on a data set, with its predicted labels. */
export interface Evaluation {
  /** Mean categorical cross-entropy plus the weight penalty (L2 regularization), as Keras' `evaluate`. */
  loss: number;
  accuracy: number;
  /** The predicted label (arg max) of every image, in stored order. */
  predictions: Uint8Array;
}

/** Evaluates `model` (softmax outputs) on `data`, in inference mode (batch norm uses its moving statistics). */
export async function evaluate(model: tf.LayersModel, data: Dataset): Promise<Evaluation> {
  const predictions = new Uint8Array(data.size);
  let crossEntropy = 0;
  let correct = 0;
  let offset = 0;
  for (const group of groups(data.batches(FORWARD_BATCH, { shuffle: false }), PASSES_PER_SUM)) {
    const outputs = tf.tidy((): tf.Tensor[] => {
      const probabilities = group.map(({ xs }) => model.apply(xs, { training: false }) as tf.Tensor2D);
      const ys = tf.concat(group.map((batch) => batch.ys));
      const p = tf.clipByValue(tf.concat(probabilities), EPSILON, 1 - EPSILON);
      return [tf.sum(tf.mul(ys, tf.log(p))).neg(), tf.argMax(p, 1)];
    });
    for (const { xs, ys } of group) tf.dispose([xs, ys]);
    crossEntropy += (await outputs[0]!.data())[0]!;
    const predicted = await outputs[1]!.data();
    tf.dispose(outputs);
    for (let k = 0; k < predicted.length; k++) {
      predictions[offset + k] = predicted[k]!;
      if (predicted[k] === data.labels[offset + k]) correct++;
    }
    offset += predicted.length;
  }
  const penalty = tf.tidy(() => {
    const losses = model.calculateLosses();
    return losses.length === 0 ? 0 : tf.addN(losses).dataSync()[0]!;
  });
  return { loss: crossEntropy / data.size + penalty, accuracy: correct / data.size, predictions };
}

/** The items of `items` in consecutive groups of `size` (the last one may be smaller). */
function* groups<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let group: T[] = [];
  for (const item of items) {
    group.push(item);
    if (group.length === size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}
