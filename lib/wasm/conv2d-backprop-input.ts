/**
 * Conv2DBackpropInput for the wasm backend, on the project's SIMD
 * convolution (conv2d.ts).
 *
 * Identity (per spatial dimension; the two dimensions are independent).
 * The forward convolution with stride s and leading padding p is
 *
 *     y[o] = sum_k x[o*s + k - p] * w[k],        k = 0..K-1,
 *
 * so its input gradient is dx[i] = sum over (o, k) with o*s + k = i + p of
 * dy[o] * w[k]. Write j = i + p = q*s + r with phase r = j mod s. Only taps
 * k = r + m*s (m = 0..M_r-1) reach phase r, and they pair with o = q - m:
 *
 *     dx[q*s + r - p] = sum_m dy[q - m] * w[r + m*s]
 *                     = sum_t dy[q - (M_r-1) + t] * g_r[t],
 *     g_r[t] = w[r + (M_r-1-t)*s]   (the phase's taps, reversed).
 *
 * That is a stride-1 convolution of dy with the reversed sub-filter g_r (in
 * and out channels swapped), whose outputs q (those landing inside dx) are
 * written s apart into dx. Each of the s*s phases is one such convolution;
 * total work equals one dense convolution, instead of the s*s-fold work of
 * convolving a zero-dilated dy. Phases no tap reaches (K < s) are zero.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, dims4, f32, nhwcConvInfo, release, WASM } from './heap';
import { convolve } from './conv2d';

/** One phase of one spatial dimension. */
interface Phase {
  /** Filter tap read by conv position t (the phase's taps, reversed). */
  taps: number[];
  /** The phase's outputs q in [qa, qa + count) land inside dx, the first at `first`. */
  qa: number;
  count: number;
  first: number;
}

/**
 * Plans one dimension: input size `size`, filter size `k`, stride `s`,
 * leading padding `p`. One entry per phase r; null where no tap or no
 * output reaches it.
 */
function planDim(size: number, k: number, s: number, p: number): (Phase | null)[] {
  return Array.from({ length: s }, (_, r) => {
    const m = Math.max(0, Math.ceil((k - r) / s));
    const qa = Math.ceil((p - r) / s);
    const qb = Math.ceil((size + p - r) / s);
    if (m === 0 || qb <= qa) return null;
    const taps = Array.from({ length: m }, (_, t) => r + (m - 1 - t) * s);
    return { taps, qa, count: qb - qa, first: qa * s + r - p };
  });
}

/**
 * The phase filter g[ty, tx, co, ci] = w[rows[ty], cols[tx], ci, co], built
 * on the heap from `w` of shape [kh, kw, inC, outC].
 */
function phaseFilter(backend: BackendWasm, w: tf.TensorInfo, rows: number[], cols: number[]): tf.TensorInfo {
  const [, kw, inC, outC] = dims4(w);
  const g = allocate(backend, [rows.length, cols.length, outC, inC]);
  const src = f32(backend, w);
  const dst = f32(backend, g);
  let d = 0;
  for (const ky of rows) {
    for (const kx of cols) {
      const tap = (ky * kw + kx) * inC * outC;
      for (let co = 0; co < outC; co++) {
        for (let ci = 0; ci < inC; ci++) {
          dst[d++] = src[tap + ci * outC + co]!;
        }
      }
    }
  }
  return g;
}

function conv2DBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: {};
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = nhwcConvInfo('Conv2DBackpropInput', attrs, attrs.inputShape, dims4(filter));
  const sy = info.strideHeight;
  const sx = info.strideWidth;
  const rowPhases = planDim(info.inHeight, info.filterHeight, sy, info.padInfo.top);
  const colPhases = planDim(info.inWidth, info.filterWidth, sx, info.padInfo.left);
  const dx = allocate(backend, attrs.inputShape);
  if (rowPhases.includes(null) || colPhases.includes(null)) f32(backend, dx).fill(0);
  const { inHeight: h, inWidth: w } = info;
  for (const py of rowPhases) {
    for (const px of colPhases) {
      if (py === null || px === null) continue;
      const g = phaseFilter(backend, filter, py.taps, px.taps);
      convolve(backend, {
        x: dy,
        filter: g,
        out: dx,
        outH: py.count,
        outW: px.count,
        strideH: 1,
        strideW: 1,
        padTop: py.taps.length - 1 - py.qa,
        padLeft: px.taps.length - 1 - px.qa,
        layout: { offset: py.first * w + px.first, image: h * w, rowPitch: sy * w, pixel: sx },
      });
      release(backend, g);
    }
  }
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: WASM,
  kernelFunc: conv2DBackpropInput,
};
