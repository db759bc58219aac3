/**
 * Cast for the wasm backend without a copy when the dtype does not change.
 *
 * tfjs-core runs the Cast kernel even for a cast to the tensor's own dtype,
 * and its gradients do that on full activations (e.g. the ReLU gradient
 * dy * cast(step(x), 'float32'), batch-norm moments, Square's gradient). The
 * stock wasm kernel copies the buffer. Identity used here: a cast to the
 * same dtype is the identity, and tfjs tensors are immutable, so the output
 * shares the input's buffer with its reference count raised (as our
 * Identity kernel does).
 *
 * A cast to bool is x != 0 (as on the cpu backend). The stock kernel copies
 * the values into bytes instead (2 -> 2, 256 -> 0), so it is done here.
 * Other casts go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, WASM } from './heap';

/** Creates the Cast kernel; `stock` is the backend's own Cast kernel. */
export function castConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Cast,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { dtype } = args.attrs as unknown as tf.CastAttrs;
      const backend = args.backend as BackendWasm;
      if (dtype === x.dtype) {
        backend.incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape, dtype };
      }
      if (dtype === 'bool' && x.dtype !== 'string') {
        const out = backend.makeOutput(x.shape, 'bool');
        const src = backend.typedArrayFromHeap(x);
        const dst = backend.typedArrayFromHeap(out);
        for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
        return out;
      }
      return stock.kernelFunc(args);
    },
  };
}
