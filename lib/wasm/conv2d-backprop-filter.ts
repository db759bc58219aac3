/**
 * Conv2DBackpropFilter for the wasm backend (missing upstream, tfjs#8474).
 *
 * Identity. For a forward convolution with strides (sy, sx) and leading
 * padding (pt, pl) (tfjs has no gradient for dilated convolutions), the
 * filter gradient is
 *
 *     dW[ky, kx, ci, co] = sum_{n, oy, ox} x[n, oy*sy + ky - pt, ox*sx + kx - pl, ci]
 *                                          * dy[n, oy, ox, co],
 *
 * terms in the padding being zero: a matrix product over all output pixels
 * with x read in place. The product runs in the project's SIMD kernel
 * (assembly/conv2d-backprop-filter.ts), which writes dW directly; with
 * several kernel threads each sums over a share of the batch and the
 * shares are added. 3x3 stride-1 filter gradients are computed in
 * Winograd's transform domain instead where that is faster (winograd.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, f32, nhwcConvInfo, release, WASM } from './heap';
import { pointer, simdKernels, splitRange } from './simd';
import { winogradApplies, winogradFilterGrad } from './winograd';

function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: {};
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const [batch, inH, inW, inC] = dims4(x);
  const info = nhwcConvInfo('Conv2DBackpropFilter', attrs, [batch, inH, inW, inC], attrs.filterShape);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter (wasm): expected float32 tensors, got ${x.dtype} and ${dy.dtype}`);
  }
  const { filterHeight: fH, filterWidth: fW, strideHeight: sy, strideWidth: sx, outChannels } = info;
  if (winogradApplies('filter gradient', fH, fW, sy, sx, inC, outChannels)) {
    return winogradFilterGrad(backend, x, dy, info.padInfo.top, info.padInfo.left);
  }
  const dw = allocate(backend, attrs.filterShape);
  const simd = simdKernels(backend);
  const parts = splitRange(batch, simd.threads);
  // Each thread sums over its share of the batch into its own filter; the first writes dw.
  const partials = parts.slice(1).map(() => allocate(backend, attrs.filterShape));
  const targets = [dw, ...partials].map((t) => pointer(backend, t));
  const [px, pdy] = [x, dy].map((t) => pointer(backend, t)) as [number, number];
  const inImage = 4 * inH * inW * inC;
  const outImage = 4 * info.outHeight * info.outWidth * info.outChannels;
  simd.parallel(
    'conv2dBackpropFilter',
    parts.map(([b0, b1], i) => [
      px + b0 * inImage,
      pdy + b0 * outImage,
      targets[i]!,
      b1 - b0,
      inH,
      inW,
      inC,
      info.outHeight,
      info.outWidth,
      info.outChannels,
      info.filterHeight,
      info.filterWidth,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    ]),
  );
  if (partials.length > 0) {
    const total = f32(backend, dw);
    for (const partial of partials) {
      const values = f32(backend, partial);
      for (let i = 0; i < total.length; i++) total[i]! += values[i]!;
    }
    release(backend, ...partials);
  }
  return dw;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2DBackpropFilter,
};
