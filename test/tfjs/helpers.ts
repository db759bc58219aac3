import * as tf from '@tensorflow/tfjs';

/** Runs tfjs on its pure-JS cpu backend: deterministic, and fast enough for the tiny problems of these tests. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A tiny regression problem y = 2x − 1 with a one-unit dense model, compiled with `optimizer`. */
export function linearProblem(
  optimizer: tf.Optimizer,
  samples = 16,
): { model: tf.Sequential; xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros', biasInitializer: 'zeros' })],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = Array.from({ length: samples }, (_, i) => i / samples - 0.5);
  const xs = tf.tensor2d(x, [samples, 1]);
  const ys = tf.tensor2d(
    x.map((v) => 2 * v - 1),
    [samples, 1],
  );
  return { model, xs, ys };
}

/** The model's kernel and bias as plain numbers [w, b]. */
export function weightsOf(model: tf.LayersModel): [number, number] {
  const [w, b] = model.getWeights().map((t) => t.dataSync()[0]!);
  return [w!, b!];
}
