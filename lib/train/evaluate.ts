import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';

/** Images per forward pass when evaluating. */
const EVAL_BATCH = 256;

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
  for (const { xs, ys } of data.batches(EVAL_BATCH, { shuffle: false })) {
    const outputs = tf.tidy((): tf.Tensor[] => {
      const p = tf.clipByValue(model.predict(xs) as tf.Tensor2D, EPSILON, 1 - EPSILON);
      return [tf.sum(tf.mul(ys, tf.log(p))).neg(), tf.argMax(p, 1)];
    });
    tf.dispose([xs, ys]);
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
