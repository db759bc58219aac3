/**
 * AvgPoolGrad for the wasm backend when the pooling windows tile the input
 * exactly: window = stride, no padding, and the windows cover every pixel
 * once — as the article's final 8 x 8 average pool on an 8 x 8 map (one
 * window), or on the 16 x 16 and 32 x 32 maps of shallower members of its
 * family (8 x 8 windows in grids of 2 x 2 and 4 x 4). The stock kernel loops element by
 * element over every window and tap; on a 32 x 32 map it costs more than all
 * of a small net's convolutions together.
 *
 * Identity: with windows of fh x fw pixels that do not overlap,
 * dx[b, oy*fh + i, ox*fw + j, c] = dy[b, oy, ox, c] / (fh*fw) for every
 * (i, j) in the window. Each band of fh input rows is one row of W*C values
 * (every dy pixel's C values, divided and repeated fw times), repeated fh
 * times by doubling block copies. Other pools run the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, f32, WASM } from './heap';
import { repeatBlock } from './tile';

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
      const { filterHeight: fh, filterWidth: fw, outHeight: oh, outWidth: ow } = info;
      const tiles =
        info.strideHeight === fh &&
        info.strideWidth === fw &&
        oh * fh === h &&
        ow * fw === w &&
        top === 0 &&
        bottom === 0 &&
        left === 0 &&
        right === 0 &&
        dy.dtype === 'float32';
      if (!tiles) return stock.kernelFunc(args);
      const backend = args.backend as BackendWasm;
      const dx = allocate(backend, [n, h, w, c]);
      const g = f32(backend, dy);
      const out = f32(backend, dx);
      const area = fh * fw;
      const row = w * c;
      for (let b = 0; b < n; b++) {
        for (let oy = 0; oy < oh; oy++) {
          const band = (b * oh + oy) * fh * row;
          for (let ox = 0; ox < ow; ox++) {
            const from = ((b * oh + oy) * ow + ox) * c;
            const start = band + ox * fw * c;
            for (let k = 0; k < c; k++) out[start + k] = g[from + k]! / area;
            repeatBlock(out, start, c, fw * c);
          }
          repeatBlock(out, band, row, fh * row);
        }
      }
      return dx;
    },
  };
}
