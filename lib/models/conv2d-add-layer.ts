/**
 * A residual block's last convolution and its sum as one Keras layer: `Conv2DAdd` takes [x, residual] and returns
 * conv2d(x) + residual, where the stock graph has a Conv2D layer and an Add layer.
 *
 * It is the stock Conv2D class underneath (same weight, initializer, regularizer and config; the residual is a
 * second input). Where the wasm backend runs the project's FusedConv2D kernel (lib/wasm/conv2d.ts), the sum is
 * that kernel's bias of the output's shape, added to each finished sum as it is stored: one pass over memory fewer
 * than a convolution followed by an Add, and the same float32 additions, so the same results bit for bit
 * (IEEE addition commutes). The gradient is the same too: tfjs' fused convolution passes dy on to the bias as the
 * Add passed it on to the residual. Elsewhere (other backends, a bias or activation of its own, dilation) it is
 * exactly Conv2D then Add.
 */
import * as tf from '@tensorflow/tfjs';
import { convolutionAddsResidual } from '../wasm/conv2d';
import { type Conv2DInternals, StockConv2D } from './stock-conv2d';

type LayerArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The convolved input's shape, from the [x, residual] shapes. */
function convolved(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/** `conv2d(x) + residual` as one layer, applied to [x, residual]; see the module's comment. */
export class Conv2DAdd extends StockConv2D {
  static readonly className = 'Conv2DAdd';

  constructor(args: LayerArgs) {
    super(args);
    this.inputSpec = [{ ndim: 4 }, { ndim: 4 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    super.build(convolved(inputShape));
    this.inputSpec = [this.inputSpec[0]!, { ndim: 4 }];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return super.computeOutputShape(convolved(inputShape)) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const [x, residual] = inputs as [tf.Tensor4D, tf.Tensor4D];
    return tf.tidy(() => {
      const self = this as unknown as Conv2DInternals;
      const fused =
        !self.useBias &&
        self.activation.getClassName() === 'linear' &&
        self.dataFormat === 'channelsLast' &&
        self.dilationRate.every((d) => d === 1) &&
        convolutionAddsResidual();
      if (!fused) return tf.add(super.call(x, kwargs) as tf.Tensor, residual);
      return tf.fused.conv2d({
        x,
        filter: self.kernel.read() as tf.Tensor4D,
        strides: self.strides as [number, number],
        pad: self.padding,
        dataFormat: 'NHWC',
        bias: residual,
      });
    });
  }
}
tf.serialization.registerClass(Conv2DAdd as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** `tf.layers.conv2d(args)` whose output is added to a second input: apply it to [x, residual]. */
export function conv2dAdd(args: LayerArgs): Conv2DAdd {
  return new Conv2DAdd(args);
}
