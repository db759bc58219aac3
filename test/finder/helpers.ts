import * as tf from '@tensorflow/tfjs';
import { spirals } from '../../lib';

/**
 * The spirals (300 points, 3 classes) and a seeded 2-layer ReLU MLP compiled with `optimizer` and cross-entropy:
 * the toy problem of the notebooks, small enough for hundreds of updates in a test.
 */
export function spiralsProblem(
  optimizer: tf.Optimizer,
  seed = 1,
): { model: tf.Sequential; xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const { points, labels, classes } = spirals({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 16,
        inputShape: [2],
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed }),
      }),
      tf.layers.dense({
        units: 16,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }),
      }),
      tf.layers.dense({
        units: classes,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
      }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  // Interleave the classes so that every batch holds all three.
  const order = Array.from(labels.keys()).sort((a, b) => (a % 100) - (b % 100) || a - b);
  const xs = tf.tensor2d(
    order.flatMap((i) => [points[2 * i]!, points[2 * i + 1]!]),
    [order.length, 2],
  );
  const ys = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          order.map((i) => labels[i]!),
          'int32',
        ),
        classes,
      )
      .toFloat(),
  ) as tf.Tensor2D;
  return { model, xs, ys };
}

/** Every weight of the model as its raw float32 data. */
export function weightData(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}
