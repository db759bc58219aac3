/**
 * Tile for the wasm backend as block copies on the heap.
 *
 * The stock wasm Tile walks the output element by element (about 100 ms for
 * the [1,1,1,C] -> [64,32,32,C] tile that the batch-norm gradient of tfjs
 * makes per layer). Identity used here: tiling is separable per axis, so
 * after writing x into the leading corner of the output, processing axes
 * from last to first, every contiguous block
 *
 *     out[i_0, .., i_{d-1}, 0:x_d, :, .., :]     (i_j < x_j for j < d)
 *
 * is repeated reps[d] times along axis d. Each repetition is a contiguous
 * memmove, done by doubling with `copyWithin`.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, WASM } from './heap';

/**
 * Offset in the output of the leading-corner element whose index over the
 * first `axes` axes of `shape` is the row-major number `flat`.
 */
function cornerOffset(flat: number, shape: number[], outStrides: number[], axes: number): number {
  let rest = flat;
  let offset = 0;
  for (let d = axes - 1; d >= 0; d--) {
    const size = shape[d]!;
    offset += (rest % size) * outStrides[d]!;
    rest = Math.floor(rest / size);
  }
  return offset;
}

/**
 * Tiles `src` (shape `shape`) into `dst` (shape shape[i] * reps[i]), both
 * dense row-major views of the same element type.
 */
function tileInto(
  src: tf.backend_util.TypedArray,
  dst: tf.backend_util.TypedArray,
  shape: number[],
  reps: number[],
): void {
  const rank = shape.length;
  const outStrides = [...tf.util.computeStrides(shape.map((s, i) => s * reps[i]!)), 1];
  const inner = shape[rank - 1]!;
  // 1. x into the leading corner: one copy per row of its last axis.
  for (let row = 0; row < src.length / inner; row++) {
    const offset = cornerOffset(row, shape, outStrides, rank - 1);
    dst.set(src.subarray(row * inner, (row + 1) * inner), offset);
  }
  // 2. Repeat along each axis, last to first.
  for (let d = rank - 1; d >= 0; d--) {
    const rep = reps[d]!;
    if (rep === 1) continue;
    const block = shape[d]! * outStrides[d]!;
    const total = block * rep;
    const count = tf.util.sizeFromShape(shape.slice(0, d));
    for (let i = 0; i < count; i++) {
      repeatBlock(dst, cornerOffset(i, shape, outStrides, d), block, total);
    }
  }
}

/**
 * Fills out[start + filled, start + length) with repeats of out[start, start + filled), by doubling copies
 * (`copyWithin`, a memmove each).
 */
export function repeatBlock(out: tf.backend_util.TypedArray, start: number, filled: number, length: number): void {
  for (; filled < length; filled *= 2) out.copyWithin(start + filled, start, start + Math.min(filled, length - filled));
}

/** Creates the Tile kernel, falling back to `stock` for string tensors. */
export function tileConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Tile,
    backendName: WASM,
    // The stock kernel's wasm bindings are created by its setup function.
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const backend = args.backend as BackendWasm;
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { reps } = args.attrs as unknown as tf.TileAttrs;
      if (x.dtype === 'string' || x.shape.length === 0) {
        return stock.kernelFunc(args);
      }
      const out = backend.makeOutput(
        x.shape.map((s, i) => s * reps[i]!),
        x.dtype,
      );
      if (tf.util.sizeFromShape(out.shape) > 0) {
        tileInto(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), x.shape, reps);
      }
      return out;
    },
  };
}
