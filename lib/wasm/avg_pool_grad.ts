/**
 * AvgPoolGrad for the wasm backend when one pooling window covers the whole
 * input, as in the article's final 8 x 8 average pool on an 8 x 8 map (the
 * stock kernel loops element by element and costs as much as a
 * convolution's gradient there).
 *
 * Identity: with a single window of h x w pixels and no padding, the pool is
 * y[b, c] = sum_{y, x} x[b, y, x, c] / (h*w), so
 * dx[b, y, x, c] = dy[b, 0, 0, c] / (h*w) at every pixel: one row of C
 * values per image, repeated h*w times (by doubling block copies).
 * Other pools run the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, f32, WASM } from './heap';

/** Creates the AvgPoolGrad kernel; `stock` is the backend's own. */
export function avgPoolGradConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.AvgPoolGrad,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
      const attrs = args.attrs as unknown as tf.AvgPoolGradAttrs;
      const [n, h, w, c] = dims4(input);
      const info = tf.backend_util.computePool2DInfo([n, h, w, c], attrs.filterSize, attrs.strides, 1, attrs.pad);
      const { top, bottom, left, right } = info.padInfo;
      const global = info.outHeight === 1 && info.outWidth === 1 && info.filterHeight === h && info.filterWidth === w
        && top === 0 && bottom === 0 && left === 0 && right === 0 && dy.dtype === 'float32';
      if (!global) return stock.kernelFunc(args);
      const backend = args.backend as BackendWasm;
      const dx = allocate(backend, [n, h, w, c]);
      const g = f32(backend, dy);
      const out = f32(backend, dx);
      const image = h * w * c;
      for (let b = 0; b < n; b++) {
        const start = b * image;
        for (let k = 0; k < c; k++) out[start + k] = g[b * c + k]! / (h * w);
        for (let filled = c; filled < image; filled *= 2) {
          out.copyWithin(start + filled, start, start + Math.min(filled, image - filled));
        }
      }
      return dx;
    },
  };
}
