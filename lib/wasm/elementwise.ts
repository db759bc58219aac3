/**
 * Element-wise kernels for the wasm backend on the project's SIMD code (assembly/elementwise.ts), shared over the
 * kernel threads:
 *
 * - `Add` of two float32 tensors of one shape (the gradient sums of a training step, a residual sum); other Adds
 *   (broadcasts, integers) go to the stock kernel. IEEE addition is the same operation whichever code and thread
 *   does it, so the results are the stock kernel's bit for bit.
 * - {@link ADD_RELU}: relu(a + b) in one pass, for lib/models/add-relu-layer.ts (a residual block's sum and
 *   activation), and {@link RELU_GRAD}, its gradient dy · step(y) from the output y, in one pass instead of Step and
 *   Multiply.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, type BackendWasm, WASM } from './heap';
import { type KernelName, pointer, simdKernels, splitRange } from './simd';

/** Kernel name of relu(a + b) for two float32 tensors of one shape. */
export const ADD_RELU = 'AddReLU';
/** Kernel name of ReLU's gradient from its output: inputs dy and y, output dy · (y > 0 ? 1 : 0). */
export const RELU_GRAD = 'ReluGradFromOutput';

/** Fewest elements per thread worth sharing a call for. */
const ELEMENTS_PER_THREAD = 16384;

/** Runs the element-wise `kernel` on same-shape float32 `x` and `y` into a new tensor, over the kernel threads. */
function elementwise(backend: BackendWasm, kernel: KernelName, x: tf.TensorInfo, y: tf.TensorInfo): tf.TensorInfo {
  const simd = simdKernels(backend);
  const out = allocate(backend, x.shape);
  const n = tf.util.sizeFromShape(x.shape);
  const pointers = [pointer(backend, x), pointer(backend, y), pointer(backend, out)] as const;
  // Ranges of whole 4-lane vectors, so that only the last range has a scalar tail.
  const vectors = Math.ceil(n / 4);
  const parts = Math.min(simd.threads, Math.max(1, Math.floor(n / ELEMENTS_PER_THREAD)));
  simd.parallel(
    kernel,
    splitRange(vectors, parts).map(([v0, v1]) => [...pointers, v0 * 4, Math.min(v1 * 4, n)]),
  );
  return out;
}

/** Whether `a` and `b` are float32 tensors of one shape. */
function sameFloat32(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  return a.dtype === 'float32' && b.dtype === 'float32' && tf.util.arraysEqual(a.shape, b.shape);
}

/** Refuses inputs the fused kernels do not take. */
function checkSame(kernel: string, a: tf.TensorInfo, b: tf.TensorInfo): void {
  if (!sameFloat32(a, b)) {
    throw new Error(
      `${kernel} takes two float32 tensors of one shape, got ${a.dtype} [${a.shape.join(',')}] and ` +
        `${b.dtype} [${b.shape.join(',')}]`,
    );
  }
}

/** Creates the Add kernel; `stock` is the backend's own Add kernel, which takes every other case. */
export function addConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Add,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (!sameFloat32(a, b)) return stock.kernelFunc(args);
      return elementwise(args.backend as BackendWasm, 'add', a, b);
    },
  };
}

/** A kernel `name` taking two float32 tensors of one shape, named `inputs`, computed by the SIMD `kernel`. */
function sameShapeConfig(name: string, kernel: KernelName, inputs: [string, string]): tf.KernelConfig {
  return {
    kernelName: name,
    backendName: WASM,
    kernelFunc: (args) => {
      const [x, y] = inputs.map((input) => args.inputs[input]!) as [tf.TensorInfo, tf.TensorInfo];
      checkSame(name, x, y);
      return elementwise(args.backend as BackendWasm, kernel, x, y);
    },
  };
}

export const addReluConfig = sameShapeConfig(ADD_RELU, 'addRelu', ['a', 'b']);
export const reluGradConfig = sameShapeConfig(RELU_GRAD, 'reluGrad', ['dy', 'y']);
