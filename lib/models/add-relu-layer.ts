/**
 * A residual block's sum and activation as one Keras layer: `AddReLU` takes [a, b] and returns relu(a + b), where
 * the stock graph has an Add layer and a ReLU layer.
 *
 * It is the stock Add class underneath (same config; the ReLU has no weights). Where the active backend has the
 * {@link ADD_RELU} kernel (the wasm backend with the project's kernels, lib/wasm/elementwise.ts) and a and b are
 * float32 tensors of one shape, the sum and the ReLU are one pass over memory, and the gradient is one pass too:
 * dy · step(y) from the output y, which tfjs computes from the ReLU's input with a Step and a Multiply. The
 * float32 operations are the same (an addition, then max with 0; a multiplication by 1, 0 or, for a NaN, NaN).
 * Elsewhere it is exactly Add then ReLU.
 */
import * as tf from '@tensorflow/tfjs';
import { ADD_RELU, RELU_GRAD } from '../wasm/elementwise';

type StockLayer = ReturnType<typeof tf.layers.add>;
type LayerArgs = Parameters<typeof tf.layers.add>[0];

const Stock = (Object.getPrototypeOf(tf.layers.add()) as { constructor: new (args?: LayerArgs) => StockLayer })
  .constructor;

/** Whether the fused kernels can add and activate `a` and `b`. */
function fusedApplies(a: tf.Tensor | undefined, b: tf.Tensor | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.dtype === 'float32' &&
    b.dtype === 'float32' &&
    tf.util.arraysEqual(a.shape, b.shape) &&
    tf.getKernel(ADD_RELU, tf.getBackend()) !== undefined &&
    tf.getKernel(RELU_GRAD, tf.getBackend()) !== undefined
  );
}

/** `relu(a + b)` as one layer, applied to [a, b]; see the module's comment. */
export class AddReLU extends Stock {
  static readonly className = 'AddReLU';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const [a, b, ...rest] = Array.isArray(inputs) ? inputs : [inputs];
    if (rest.length > 0 || !fusedApplies(a, b)) {
      return tf.tidy(() => tf.relu(super.call(inputs, kwargs) as tf.Tensor));
    }
    return tf.engine().runKernel<tf.Tensor>(ADD_RELU, { a: a!, b: b! });
  }
}
tf.serialization.registerClass(AddReLU as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/**
 * The gradient of relu(a + b): the same dy · step(y) for both inputs, computed once. tfjs runs each input's
 * function in a tidy of its own and keeps what it returns, so the first to run computes the gradient and returns it;
 * the second returns a reshape of it (a tensor of its own on the same memory). Registered for every backend, but
 * only the wasm backend has the kernels (`fusedApplies`).
 */
tf.registerGradient({
  kernelName: ADD_RELU,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    let first: tf.Tensor | undefined;
    const gradient = (): tf.Tensor => {
      if (first !== undefined && !first.isDisposed) return tf.reshape(first, first.shape);
      const computed = tf.engine().runKernel<tf.Tensor>(RELU_GRAD, { dy: dy as tf.Tensor, y: saved[0]! });
      first = computed;
      return computed;
    };
    return { a: gradient, b: gradient };
  },
});

/** `relu(tf.layers.add(args).apply([a, b]))` as one layer: apply it to [a, b]. */
export function addReLU(args?: LayerArgs): AddReLU {
  return new AddReLU(args);
}
