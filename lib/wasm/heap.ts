/**
 * Low-level helpers shared by the training kernels: running the wasm
 * backend's own kernels on untracked tensors, and reading/writing tensor
 * memory directly on the wasm heap.
 *
 * Tensors created here are `TensorInfo`s owned by the backend but unknown to
 * the tfjs engine, so every intermediate must be released with
 * {@link release}; only a kernel's returned output is handed to the engine.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/** Name under which the wasm backend registers itself and its kernels. */
export const WASM = 'wasm';

/**
 * Runs the kernel currently registered as `name` for the wasm backend and
 * returns its (single) output. The caller owns the result.
 */
export function runKernel(
  backend: BackendWasm,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(name, WASM);
  if (config === undefined) {
    throw new Error(`wasm kernel ${name} is not registered`);
  }
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`wasm kernel ${name} returned ${out.length} outputs, expected one`);
  }
  return out;
}

/** Allocates an uninitialised float32 tensor on the wasm heap. */
export function allocate(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/**
 * A Float32Array view of a float32 tensor's heap memory. Views are detached
 * when the heap grows, so take them after the last allocation they outlive.
 */
export function f32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') {
    throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  }
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Releases intermediates created by {@link runKernel} or {@link allocate}. */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) {
    backend.disposeData(info.dataId);
  }
}

/** The same data seen with another shape of equal size (no copy, not owned). */
export function view(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  if (tf.util.sizeFromShape(shape) !== tf.util.sizeFromShape(info.shape)) {
    throw new Error(`cannot view shape [${info.shape.join(',')}] as [${shape.join(',')}]`);
  }
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** The shape of a rank-4 tensor as a tuple (throws for other ranks). */
export function dims4(info: tf.TensorInfo): [number, number, number, number] {
  const [a, b, c, d, ...rest] = info.shape;
  if (a === undefined || b === undefined || c === undefined || d === undefined || rest.length) {
    throw new Error(`expected a rank-4 tensor, got shape [${info.shape.join(',')}]`);
  }
  return [a, b, c, d];
}

/** The geometry of an NHWC 2-D convolution (a gradient kernel's forward pass), refusing other data formats. */
export function nhwcConvInfo(
  kernelName: string,
  attrs: {
    dataFormat: string;
    strides: number | [number, number];
    pad: tf.Conv2DBackpropInputAttrs['pad'];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  },
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat !== 'NHWC')
    throw new Error(`${kernelName} (wasm): only NHWC is supported, got ${attrs.dataFormat}`);
  return tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}
