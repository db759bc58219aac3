/**
 * Conv2D and FusedConv2D for the wasm backend on the project's SIMD kernel
 * (assembly/conv2d.ts): a direct NHWC convolution, no im2col, with the bias
 * added in the same pass. It also serves the input gradient, whose phases
 * are stride-1 convolutions run through the Conv2D kernel
 * (conv2d-backprop-input.ts). The batch is split over the kernel threads.
 * 3x3 stride-1 convolutions take Winograd's algorithm instead where it is
 * faster (winograd.ts).
 *
 * FusedConv2D's bias may also have the output's shape (tfjs allows any
 * bias that broadcasts to it in NHWC): the kernel then adds it to each
 * finished sum, so that a residual block's conv + shortcut is one pass
 * (lib/models/conv2d-add-layer.ts) and rounds as conv then Add (where
 * Winograd runs, a second pass adds it).
 *
 * Cases the kernel does not cover go to the stock XNNPACK kernels
 * unchanged: dilation > 1, a fused activation other than linear, a bias
 * of another shape, and non-float32 inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, f32, nhwcConvInfo, release, WASM } from './heap';
import { pointer, simdKernels, splitRange } from './simd';
import { winogradApplies, winogradConvolve } from './winograd';

interface ConvAttrs {
  strides: number | [number, number];
  pad: tf.Conv2DBackpropInputAttrs['pad'];
  dataFormat: string;
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

/**
 * One convolution on the SIMD kernels, written into `out`: output pixel
 * (b, oy, ox) goes `offset + image*b + rowPitch*oy + pixel*ox` pixels into
 * `out` (a plain convolution: 0, outH*outW, outW, 1). Padding may be
 * negative (a crop of x). The batch is split over the kernel threads.
 * 3x3 stride-1 convolutions go to Winograd's algorithm (winograd.ts) where
 * its mode says so, the rest to the direct kernel.
 */
export interface Convolution {
  x: tf.TensorInfo;
  filter: tf.TensorInfo;
  bias?: tf.TensorInfo;
  /** Added to the finished output (same layout as `out`, which must be a plain convolution's). */
  residual?: tf.TensorInfo;
  out: tf.TensorInfo;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  layout: { offset: number; image: number; rowPitch: number; pixel: number };
}

export function convolve(backend: BackendWasm, c: Convolution): void {
  const [batch, inH, inW, inC] = dims4(c.x);
  const [fH, fW, , outC] = dims4(c.filter);
  if (winogradApplies('convolution', fH, fW, c.strideH, c.strideW, inC, outC)) {
    const { residual, ...rest } = c;
    winogradConvolve(backend, rest);
    // A residual after the transform (plain layouts only, as simdConv2D makes): float32 sums, as an Add's.
    if (residual !== undefined) {
      const out = f32(backend, c.out);
      const add = f32(backend, residual);
      for (let i = 0; i < out.length; i++) out[i]! += add[i]!;
    }
    return;
  }
  const simd = simdKernels(backend);
  const shares = splitRange(batch, simd.threads);
  // The source the taps read: x itself when they all fall inside it, else x zero-padded (or cropped) to exactly
  // what the output needs.
  const srcH = (c.outH - 1) * c.strideH + fH;
  const srcW = (c.outW - 1) * c.strideW + fW;
  const padImage = c.padTop !== 0 || c.padLeft !== 0 || srcH > inH || srcW > inW ? srcH * srcW * inC : 0;
  // Per thread: the packed filter (its last block padded to 4 channels), then one padded image.
  const packedSize = fH * fW * inC * (outC + 3);
  const scratchSizes = shares.map(() => packedSize + padImage);
  const scratch = allocate(backend, [scratchSizes.reduce((a, b) => a + b, 0)]);
  const [px, pw, py] = [c.x, c.filter, c.out].map((t) => pointer(backend, t)) as [number, number, number];
  const pb = c.bias === undefined ? 0 : pointer(backend, c.bias);
  const pr = c.residual === undefined ? 0 : pointer(backend, c.residual);
  const { offset, image, rowPitch, pixel } = c.layout;
  let ps = pointer(backend, scratch);
  simd.parallel(
    'conv2d',
    shares.map(([b0, b1], i) => {
      const packed = ps;
      ps += 4 * scratchSizes[i]!;
      return [
        px + 4 * b0 * inH * inW * inC,
        pw,
        packed,
        padImage > 0 ? packed + 4 * packedSize : 0,
        pb,
        pr === 0 ? 0 : pr + 4 * (offset + b0 * image) * outC,
        py + 4 * (offset + b0 * image) * outC,
        image,
        rowPitch,
        pixel,
        b1 - b0,
        inH,
        inW,
        inC,
        c.outH,
        c.outW,
        outC,
        fH,
        fW,
        c.strideH,
        c.strideW,
        c.padTop,
        c.padLeft,
      ];
    }),
  );
  release(backend, scratch);
}

/** Runs the SIMD convolution, or returns null when it does not cover the call. */
function simdConv2D(
  kernelName: string,
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  attrs: ConvAttrs,
): tf.TensorInfo | null {
  const dilations = typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : attrs.dilations;
  const filterShape = dims4(filter);
  const outC = filterShape[3];
  if (dilations.some((d) => d !== 1) || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const [batch, inH, inW, inC] = dims4(x);
  const info = nhwcConvInfo(kernelName, attrs, [batch, inH, inW, inC], filterShape);
  const { outHeight, outWidth } = info;
  const outShape = [batch, outHeight, outWidth, outC];
  // A bias of one value per channel is added as the sums start; one of the output's shape (a residual) is added
  // to each finished sum.
  const residual = bias !== undefined && tf.util.arraysEqual(bias.shape, outShape);
  if (bias !== undefined && (bias.dtype !== 'float32' || (!residual && tf.util.sizeFromShape(bias.shape) !== outC))) {
    return null;
  }
  const out = allocate(backend, outShape);
  convolve(backend, {
    x,
    filter,
    ...(bias && (residual ? { residual: bias } : { bias })),
    out,
    outH: outHeight,
    outW: outWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    layout: { offset: 0, image: outHeight * outWidth, rowPitch: outWidth, pixel: 1 },
  });
  return out;
}

export function conv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2D,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const attrs = args.attrs as unknown as ConvAttrs;
      return simdConv2D(tf.Conv2D, args.backend as BackendWasm, x, filter, undefined, attrs) ?? stock.kernelFunc(args);
    },
  };
}

/** The FusedConv2D kernels made by {@link fusedConv2DConfig}. */
const residualKernels = new WeakSet<tf.KernelConfig>();

/** Whether the active backend's FusedConv2D is this file's, which takes a bias of the output's shape. */
export function convolutionAddsResidual(): boolean {
  const config = tf.getKernel(tf.FusedConv2D, tf.getBackend());
  return config !== undefined && residualKernels.has(config);
}

/** FusedConv2D with a linear activation on the SIMD kernel; `stock` is the backend's own. */
export function fusedConv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const config: tf.KernelConfig = {
    kernelName: tf.FusedConv2D,
    backendName: WASM,
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs as {
        x: tf.TensorInfo;
        filter: tf.TensorInfo;
        bias?: tf.TensorInfo;
        preluActivationWeights?: tf.TensorInfo;
      };
      const attrs = args.attrs as unknown as ConvAttrs;
      const linear = (attrs.activation ?? 'linear') === 'linear' && preluActivationWeights === undefined;
      return (
        (linear ? simdConv2D(tf.FusedConv2D, args.backend as BackendWasm, x, filter, bias, attrs) : null) ??
        stock.kernelFunc(args)
      );
    },
  };
  residualKernels.add(config);
  return config;
}
