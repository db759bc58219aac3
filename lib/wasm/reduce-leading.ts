/**
 * Sum and Mean over leading axes for the wasm backend.
 *
 * The batch-norm statistics and gradients reduce NHWC activations over axes
 * [0, 1, 2]. The stock wasm kernels first transpose the reduced axes to the
 * end (a full copy) and then reduce. Identity used here: for a row-major
 * tensor viewed as a [rows, cols] matrix, where rows spans the leading
 * reduced axes and cols the kept trailing ones, and rows = a * b,
 *
 *     mean_{leading} x = avgPool_{a x b, valid}(X viewed as [1, a, b, cols]),
 *
 * an average pool whose single window covers the whole image; XNNPACK runs
 * it in one streaming pass with no transpose. The sum is rows times that.
 * Other axis patterns and dtypes go to the stock kernels, and so does a
 * reduction whose pooled result is not finite: XNNPACK's pool clamps NaN to
 * -Infinity, where tfjs gives NaN (a diverged loss must read as NaN).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, f32, release, runKernel, view, WASM } from './heap';

/** The number of leading axes reduced, or null if `axes` is not a leading prefix. */
function leadingCount(axis: number | number[], shape: number[]): number | null {
  const axes = [...tf.util.parseAxisParam(axis, shape)].sort((a, b) => a - b);
  return axes.every((a, i) => a === i) ? axes.length : null;
}

/** The factor pair a * b = n with a <= b closest to sqrt(n). */
function nearSquareFactors(n: number): [number, number] {
  for (let a = Math.floor(Math.sqrt(n)); a > 1; a--) {
    if (n % a === 0) return [a, n / a];
  }
  return [1, n];
}

/** Averages rows of `x` viewed as [rows, cols], times `scale(rows)`; null when an average is not finite. */
function reduceRows(
  backend: BackendWasm,
  x: tf.TensorInfo,
  reduced: number,
  keepDims: boolean,
  scale: (rows: number) => number,
): tf.TensorInfo | null {
  const rows = tf.util.sizeFromShape(x.shape.slice(0, reduced));
  const kept = x.shape.slice(reduced);
  const cols = tf.util.sizeFromShape(kept);
  const [a, b] = nearSquareFactors(rows);
  const mean = runKernel(
    backend,
    'AvgPool',
    { x: view(x, [1, a, b, cols]) },
    {
      filterSize: [a, b],
      strides: [1, 1],
      pad: 'valid',
    },
  );
  if (!f32(backend, mean).every(Number.isFinite)) {
    release(backend, mean);
    return null;
  }
  const outShape = keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept;
  const factor = scale(rows);
  if (factor === 1) return view(mean, outShape);
  const out = backend.makeOutput(outShape, 'float32');
  const dst = f32(backend, out);
  dst.set(f32(backend, mean));
  for (let c = 0; c < cols; c++) dst[c]! *= factor;
  release(backend, mean);
  return out;
}

/** A reduction kernel using {@link reduceRows} where it applies, else `stock`. */
function reduceConfig(stock: tf.KernelConfig, scale: (rows: number) => number): tf.KernelConfig {
  return {
    kernelName: stock.kernelName,
    backendName: WASM,
    // The stock kernel's wasm bindings are created by its setup function.
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      const reduced = leadingCount(axis, x.shape);
      if (x.dtype !== 'float32' || reduced === null || reduced === 0 || tf.util.sizeFromShape(x.shape) === 0) {
        return stock.kernelFunc(args);
      }
      return reduceRows(args.backend as BackendWasm, x, reduced, keepDims, scale) ?? stock.kernelFunc(args);
    },
  };
}

/** Sum over leading axes; `stock` is the backend's own Sum kernel. */
export function sumConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return reduceConfig(stock, (rows) => rows);
}

/** Mean over leading axes; `stock` is the backend's own Mean kernel. */
export function meanConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return reduceConfig(stock, () => 1);
}
