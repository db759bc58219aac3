/**
 * Multiply for the wasm backend with the larger operand first.
 *
 * The batch-norm and Mean gradients of tfjs multiply a per-channel vector
 * by a full activation, e.g. [1,1,1,C] x [N,H,W,C]. The stock kernel
 * (XNNPACK) takes about twice as long when the broadcast operand comes
 * first as when it comes second. Identity used here: IEEE-754
 * multiplication is exactly commutative and broadcasting is symmetric, so
 * a * b = b * a bit for bit, with the same output shape. The stock kernel
 * is called with the operands swapped when the first one is smaller.
 */
import * as tf from '@tensorflow/tfjs';
import { WASM } from './heap';

/** Creates the Multiply kernel; `stock` is the backend's own Multiply kernel. */
export function multiplyConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Multiply,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const swap = a.dtype === b.dtype && tf.util.sizeFromShape(a.shape) < tf.util.sizeFromShape(b.shape);
      return stock.kernelFunc(swap ? { ...args, inputs: { a: b, b: a } } : args);
    },
  };
}
