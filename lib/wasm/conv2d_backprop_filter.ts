/**
 * Conv2DBackpropFilter for the wasm backend (missing upstream, tfjs#8474),
 * built on XNNPACK's Conv2D.
 *
 * Identity. For a forward convolution with strides (sy, sx) and leading
 * padding (pt, pl), the filter gradient is
 *
 *     dW[ky, kx, ci, co] = sum_{n, oy, ox} x[n, oy*sy + ky - pt, ox*sx + kx - pl, ci]
 *                                          * dy[n, oy, ox, co].
 *
 * Read x^T = x transposed to [ci, y, x, n] as a batch of `ci` images with `n`
 * channels, and dy^T = dy transposed to [oy, ox, n, co] as an oh x ow filter.
 * Then dW^T[ci, ky, kx, co] is exactly conv(x^T, dy^T) with stride 1 and
 * dilation (sy, sx) -- the forward stride and dilation swap roles -- and the
 * same leading padding; trailing padding makes the output kh x kw. Rows and
 * columns of x that no output reads are cropped first, so that trailing
 * padding is never negative (e.g. a 1x1 stride-2 conv on an even input).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, crop, dims4, nhwcConvInfo, release, runKernel, WASM } from './heap';

function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap; backend: {}; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = nhwcConvInfo('Conv2DBackpropFilter', attrs, dims4(x), attrs.filterShape);
  const [, h, w] = dims4(x);
  // One past the last input row/column any output position reads.
  const reachH = (info.outHeight - 1) * info.strideHeight + info.filterHeight - info.padInfo.top;
  const reachW = (info.outWidth - 1) * info.strideWidth + info.filterWidth - info.padInfo.left;
  const usedH = Math.min(h, reachH);
  const usedW = Math.min(w, reachW);
  const xUsed = usedH < h || usedW < w ? crop(backend, x, 0, usedH, 0, usedW) : x;
  const xT = runKernel(backend, 'Transpose', { x: xUsed }, { perm: [3, 1, 2, 0] });
  if (xUsed !== x) release(backend, xUsed);
  const dyT = runKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const dwT = runKernel(backend, 'Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: [info.strideHeight, info.strideWidth],
    pad: [[0, 0], [info.padInfo.top, reachH - usedH], [info.padInfo.left, reachW - usedW], [0, 0]],
    dataFormat: 'NHWC',
  });
  release(backend, xT, dyT);
  const dw = runKernel(backend, 'Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
  release(backend, dwT);
  return dw;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2DBackpropFilter,
};
