/**
 * Conv2D and FusedConv2D for the wasm backend on the project's SIMD kernel
 * (assembly/conv2d.ts): a direct NHWC convolution, no im2col, with the bias
 * added in the same pass. It also serves the input gradient, whose phases
 * are stride-1 convolutions run through the Conv2D kernel
 * (conv2d_backprop_input.ts). The batch is split over the kernel threads.
 *
 * Cases the kernel does not cover go to the stock XNNPACK kernels
 * unchanged: dilation > 1, a fused activation other than linear, a bias
 * that is not one value per output channel, and non-float32 inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, nhwcConvInfo, release, WASM } from './heap';
import { pointer, simdKernels, splitRange } from './simd';

interface ConvAttrs {
  strides: number | [number, number];
  pad: tf.Conv2DBackpropInputAttrs['pad'];
  dataFormat: string;
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

/** Runs the SIMD convolution, or returns null when it does not cover the call. */
function simdConv2D(kernelName: string, backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined, attrs: ConvAttrs): tf.TensorInfo | null {
  const dilations = typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : attrs.dilations;
  const filterShape = dims4(filter);
  const outC = filterShape[3];
  if (dilations.some((d) => d !== 1) || x.dtype !== 'float32' || filter.dtype !== 'float32'
    || (bias !== undefined && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== outC))) {
    return null;
  }
  const [batch, inH, inW, inC] = dims4(x);
  const info = nhwcConvInfo(kernelName, attrs, [batch, inH, inW, inC], filterShape);
  const y = allocate(backend, [batch, info.outHeight, info.outWidth, outC]);
  const [px, pw, py] = [x, filter, y].map((t) => pointer(backend, t)) as [number, number, number];
  const pb = bias === undefined ? 0 : pointer(backend, bias);
  const inImage = 4 * inH * inW * inC;
  const outImage = 4 * info.outHeight * info.outWidth * outC;
  const simd = simdKernels(backend);
  const shares = splitRange(batch, simd.threads);
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  // The source the taps read: x itself, or x zero-padded to exactly what the output needs.
  const srcH = (outHeight - 1) * strideHeight + filterHeight;
  const srcW = (outWidth - 1) * strideWidth + filterWidth;
  const padImage = top > 0 || left > 0 || srcH > inH || srcW > inW ? srcH * srcW * inC : 0;
  // Per thread: the packed filter, then the padded images of its share.
  const filterSize = tf.util.sizeFromShape(filterShape);
  const scratchSizes = shares.map(([b0, b1]) => filterSize + (b1 - b0) * padImage);
  const scratch = allocate(backend, [scratchSizes.reduce((a, b) => a + b, 0)]);
  let ps = pointer(backend, scratch);
  simd.parallel('conv2d', shares.map(([b0, b1], i) => {
    const packed = ps;
    ps += 4 * scratchSizes[i]!;
    return [
      px + b0 * inImage, pw, packed, padImage > 0 ? packed + 4 * filterSize : 0, pb, py + b0 * outImage, b1 - b0,
      inH, inW, inC, outHeight, outWidth, outC, filterHeight, filterWidth, strideHeight, strideWidth, top, left,
    ];
  }));
  release(backend, scratch);
  return y;
}

/** Conv2D on the SIMD kernel; `stock` is the backend's own Conv2D. */
export function conv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2D,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const attrs = args.attrs as unknown as ConvAttrs;
      return simdConv2D(tf.Conv2D, args.backend as BackendWasm, x, filter, undefined, attrs)
        ?? stock.kernelFunc(args);
    },
  };
}

/** FusedConv2D with a linear activation on the SIMD kernel; `stock` is the backend's own. */
export function fusedConv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.FusedConv2D,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs as {
        x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo;
      };
      const attrs = args.attrs as unknown as ConvAttrs;
      const linear = (attrs.activation ?? 'linear') === 'linear' && preluActivationWeights === undefined;
      return (linear ? simdConv2D(tf.FusedConv2D, args.backend as BackendWasm, x, filter, bias, attrs) : null)
        ?? stock.kernelFunc(args);
    },
  };
}
