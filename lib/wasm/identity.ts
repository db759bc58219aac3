/**
 * Identity for the wasm backend without a copy.
 *
 * tfjs tensors are immutable, so an identical tensor can share the input's
 * buffer: the output is the same dataId with its reference count raised,
 * exactly as the cpu backend does. The stock wasm kernel copies the buffer,
 * and a ResNet training step runs it hundreds of times (casts to the same
 * dtype, clones in the optimizer and layers code).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, WASM } from './heap';

export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: WASM,
  kernelFunc: (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};
