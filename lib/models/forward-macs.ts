/**
 * The arithmetic cost of a model's forward pass, to turn a training speed (images/s) into GFLOP/s.
 */
import type * as tf from '@tensorflow/tfjs';

/**
 * Multiply-accumulates of one forward pass of one image through the
 * convolution (`Conv2D`, and the ResNets' `Conv2DAdd` and `InputConv2D`) and dense layers
 * of `model` (batch-norm, ReLU, pooling and sums excluded). Training costs
 * about 3x this: forward, input and weight grads.
 *
 * @example
 * const input = tf.input({ shape: [8, 8, 3] });
 * const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
 * const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
 * const output = tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor;
 * const model = tf.model({ inputs: input, outputs: output });
 * assert.equal(forwardMacs(model), 8 * 8 * 3 * 3 * 3 * 4 + 256 * 2);
 * model.dispose();
 */
export function forwardMacs(model: tf.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as (number | null)[];
    const kernel = layer.getWeights()[0];
    if (['Conv2D', 'Conv2DAdd', 'InputConv2D'].includes(layer.getClassName()) && kernel) {
      const [kh = 0, kw = 0, inC = 0, outC = 0] = kernel.shape;
      macs += (out[1] ?? 0) * (out[2] ?? 0) * kh * kw * inC * outC;
    } else if (layer.getClassName() === 'Dense' && kernel) {
      macs += kernel.size;
    }
  }
  return macs;
}
