/**
 * A network's first convolution as a Keras layer: `InputConv2D` is the stock Conv2D class underneath (same weight,
 * initializer, regularizer and config) whose backward pass computes its input's gradient only when something needs
 * it.
 *
 * The stock layer runs tfjs' fused convolution, whose gradient computes the input's gradient and the filter's
 * together, eagerly. Applied to a model's input, that input gradient is thrown away: on ResNet-20 at batch 64, on
 * two threads, it took 3.1 ms of a step's 153 ms of kernels, 2 % (results/README.md). Without a bias or an
 * activation of its own, this layer runs `tf.conv2d` instead, whose registered gradient tfjs calls only for the
 * inputs on a path to a trained variable. The forward pass and the filter's gradient run the same kernels, so the
 * results are the same bit for bit. With a bias, an activation or a dilation it is exactly the stock layer (whose
 * convolution with an activation, while training, is tf.conv2d already).
 */
import * as tf from '@tensorflow/tfjs';
import { type Conv2DInternals, StockConv2D } from './stock-conv2d';

type LayerArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The stock Conv2D whose input gradient is computed only when needed; see the module's comment. */
export class InputConv2D extends StockConv2D {
  static readonly className = 'InputConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const self = this as unknown as Conv2DInternals;
    const plain =
      !self.useBias &&
      self.activation.getClassName() === 'linear' &&
      self.dataFormat === 'channelsLast' &&
      self.dilationRate.every((d) => d === 1);
    if (!plain) return super.call(inputs, kwargs) as tf.Tensor;
    if (Array.isArray(inputs) && inputs.length !== 1) {
      throw new Error(`InputConv2D: expected one input tensor, got ${inputs.length}`);
    }
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() =>
      tf.conv2d(
        x,
        self.kernel.read() as tf.Tensor4D,
        self.strides as [number, number],
        self.padding,
        'NHWC',
        self.dilationRate as [number, number],
      ),
    );
  }
}
tf.serialization.registerClass(InputConv2D as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** `tf.layers.conv2d(args)` for a network's input: see {@link InputConv2D}. */
export function inputConv2d(args: LayerArgs): InputConv2D {
  return new InputConv2D(args);
}
