/**
 * A Keras BatchNormalization layer whose training pass runs as the two
 * fused wasm kernels of lib/wasm/batch-norm.ts when the active backend has them, and
 * exactly as the stock tfjs layer otherwise (inference, other backends,
 * a normalisation axis other than the last, no scale or no centre).
 *
 * It is the stock class underneath: same weights, same config, same class
 * name in saved models, same moving-average update
 * (moving <- moving - (moving - batch) * (1 - momentum), with the biased
 * batch variance, as tfjs does). Only the training computation differs:
 * one kernel over x, gamma and beta instead of moments + FusedBatchNorm,
 * whose registered gradient is the complete derivative through the batch
 * statistics.
 *
 * {@link BatchNormReLU} is the same layer followed by a ReLU, fused into the
 * same two kernels when they apply (see lib/wasm/batch-norm.ts), so the activation is
 * not read and written by separate Relu, Step and Multiply passes.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, type BatchNormActivation } from '../wasm/batch-norm';

type StockLayer = ReturnType<typeof tf.layers.batchNormalization>;
type LayerArgs = Parameters<typeof tf.layers.batchNormalization>[0];

/** The stock layer's fields this class reads (private in its typings). */
interface Internals {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: tf.LayerVariable;
  beta?: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

const Stock = (
  Object.getPrototypeOf(tf.layers.batchNormalization({})) as { constructor: new (args?: LayerArgs) => StockLayer }
).constructor;

/** The same layer as `tf.layers.batchNormalization(args)`, trained with fused kernels where available. */
export class BatchNormalization extends Stock {
  /** What the layer applies after normalising. */
  protected readonly activation: BatchNormActivation = 'linear';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || x === undefined || !this.fusedApplies(x)) {
      if (this.activation === 'linear') return super.call(inputs, kwargs);
      return tf.tidy(() => tf.relu(super.call(inputs, kwargs) as tf.Tensor));
    }
    const self = this as unknown as Internals;
    const activation = this.activation;
    return tf.tidy(() => {
      const attrs = { varianceEpsilon: self.epsilon, activation };
      const [y, mean, variance] = tf
        .engine()
        .runKernel<tf.Tensor[]>(
          BATCH_NORM_TRAINING,
          { x, scale: self.gamma!.read(), offset: self.beta!.read() },
          attrs,
        );
      movingAverage(self.movingMean, mean!, self.momentum);
      movingAverage(self.movingVariance, variance!, self.momentum);
      return y!;
    });
  }

  /** Whether the fused kernels can run this call. */
  private fusedApplies(x: tf.Tensor): boolean {
    const { axis, gamma, beta } = this as unknown as Internals;
    return (
      gamma !== undefined &&
      beta !== undefined &&
      x.dtype === 'float32' &&
      x.rank >= 2 &&
      (axis === -1 || axis === x.rank - 1) &&
      tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined &&
      tf.getKernel(BATCH_NORM_TRAINING_GRAD, tf.getBackend()) !== undefined
    );
  }
}

/**
 * The gradient of the fused training pass, one function per input: tfjs calls only those of the inputs whose
 * gradient it needs. The input's runs the backward kernel whole and keeps the per-channel sums for the scale's and
 * the offset's; without it (a batch norm of the model's input, whose gradient training never takes) the kernel
 * skips its dx pass. The mean and variance outputs carry no gradient: the layer uses them only for its moving
 * averages. Registered for every backend, but only the wasm backend has the kernel (`fusedApplies`).
 */
tf.registerGradient({
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale', 'offset'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, scale, offset, mean, variance] = saved;
    const inputs = {
      dy: (dys as tf.Tensor[])[0]!,
      x: x!,
      mean: mean!,
      variance: variance!,
      scale: scale!,
      offset: offset!,
    };
    const run = (inputGradient: boolean): tf.Tensor[] =>
      tf.engine().runKernel<tf.Tensor[]>(BATCH_NORM_TRAINING_GRAD, inputs, { ...attrs, inputGradient });
    // dscale and doffset, as values: a tensor kept for a function tfjs may not call would leak.
    let parameters: [Float32Array, Float32Array] | undefined;
    const keep = (dScale: tf.Tensor, dOffset: tf.Tensor): [Float32Array, Float32Array] => {
      parameters = [dScale.dataSync() as Float32Array, dOffset.dataSync() as Float32Array];
      tf.dispose([dScale, dOffset]);
      return parameters;
    };
    const parameterGrads = (): [Float32Array, Float32Array] => {
      if (parameters !== undefined) return parameters;
      const [dScale, dOffset] = run(false);
      return keep(dScale!, dOffset!);
    };
    return {
      x: () => {
        const [dx, dScale, dOffset] = run(true);
        keep(dScale!, dOffset!);
        return dx!;
      },
      scale: () => tf.tensor1d(parameterGrads()[0]),
      offset: () => tf.tensor1d(parameterGrads()[1]),
    };
  },
});

/**
 * The stock layer's update, variable <- variable - (variable - value) * (1 - momentum), computed on the values:
 * the same three float32 roundings as tfjs' ops (a subtraction, a multiplication by 1 - momentum rounded to
 * float32, a subtraction), so the same bits, without three kernel calls per variable. The vectors hold one value per
 * channel; two such updates per layer and step cost a ResNet-20 step on wasm about 3 % as ops.
 */
export function movingAverage(variable: tf.LayerVariable, value: tf.Tensor, momentum: number): void {
  const moving = variable.read().dataSync();
  const batch = value.dataSync();
  const rate = Math.fround(1 - momentum);
  const updated = new Float32Array(moving.length);
  for (let i = 0; i < updated.length; i++) {
    updated[i] = moving[i]! - Math.fround(Math.fround(moving[i]! - batch[i]!) * rate);
  }
  tf.tidy(() => {
    variable.write(tf.tensor(updated, value.shape));
  });
}

/** Drop-in for `tf.layers.batchNormalization(args)`. */
export function batchNormalization(args?: LayerArgs): BatchNormalization {
  return new BatchNormalization(args);
}

/** Batch normalisation then ReLU in one layer: relu(BatchNormalization(args)(x)), the two fused in training. */
export class BatchNormReLU extends BatchNormalization {
  static readonly className = 'BatchNormReLU';
  protected override readonly activation = 'relu';
}
tf.serialization.registerClass(BatchNormReLU as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** `relu(tf.layers.batchNormalization(args)(x))` as one layer. */
export function batchNormReLU(args?: LayerArgs): BatchNormReLU {
  return new BatchNormReLU(args);
}
