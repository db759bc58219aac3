/**
 * Conv2DBackpropInput for the wasm backend, built on XNNPACK's Conv2D.
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
 * and out channels swapped), with leading padding M_r - 1. Each of the s*s
 * phases is one XNNPACK convolution over dy; the phase outputs are then
 * interleaved into dx. Total work equals one dense convolution, instead of
 * the s*s-fold work of convolving a zero-dilated dy. With s = 1 there is a
 * single phase and its output is dx itself.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, BackendWasm, crop, dims4, f32, nhwcConvInfo, release, runKernel, WASM } from './heap';

/** How one phase of one spatial dimension is computed. */
interface Phase {
  /** Filter tap read by conv position t (the phase's taps, reversed). */
  taps: number[];
  /** dy rows [start, end) read by this phase. */
  start: number;
  end: number;
  /** Zero padding before and after those rows. */
  padBefore: number;
  padAfter: number;
}

/** Phase decomposition of one spatial dimension. */
interface DimPlan {
  stride: number;
  /** Outputs per phase; phase r's output q lands on dx[q*s + r - offset]. */
  count: number;
  offset: number;
  /** One entry per phase r; null where no tap or no dy row reaches it. */
  phases: (Phase | null)[];
}

/**
 * Plans one dimension: input size `size`, filter size `k`, stride `s`,
 * leading padding `p`, output (dy) size `outSize`.
 */
function planDim(size: number, k: number, s: number, p: number, outSize: number): DimPlan {
  const qLo = Math.floor(p / s);
  const qHi = Math.ceil((size + p) / s);
  const phases: (Phase | null)[] = [];
  for (let r = 0; r < s; r++) {
    const m = Math.max(0, Math.ceil((k - r) / s));
    const lo = qLo - (m - 1);
    const hi = qHi - 1;
    const start = Math.max(lo, 0);
    const last = Math.min(hi, outSize - 1);
    if (m === 0 || start > last) {
      phases.push(null);
      continue;
    }
    const taps = Array.from({ length: m }, (_, t) => r + (m - 1 - t) * s);
    phases.push({ taps, start, end: last + 1, padBefore: start - lo, padAfter: hi - last });
  }
  return { stride: s, count: qHi - qLo, offset: p - qLo * s, phases };
}

/**
 * The phase filter g[ty, tx, co, ci] = w[rows[ty], cols[tx], ci, co], built
 * on the heap from `w` of shape [kh, kw, inC, outC].
 */
function phaseFilter(
  backend: BackendWasm, w: tf.TensorInfo, rows: number[], cols: number[],
): tf.TensorInfo {
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

/**
 * Writes phase output `part` [n, countY, countX, c] into dx [n, h, w, c] at
 * rows qy*sy + ry - offsetY and columns qx*sx + rx - offsetX.
 */
function scatterPhase(
  backend: BackendWasm, part: tf.TensorInfo, dx: tf.TensorInfo,
  rowPlan: DimPlan, ry: number, colPlan: DimPlan, rx: number,
): void {
  const [n, h, w, c] = dims4(dx);
  const [, qh, qw] = dims4(part);
  const src = f32(backend, part);
  const dst = f32(backend, dx);
  for (let b = 0; b < n; b++) {
    for (let qy = 0; qy < qh; qy++) {
      const y = qy * rowPlan.stride + ry - rowPlan.offset;
      if (y < 0 || y >= h) continue;
      for (let qx = 0; qx < qw; qx++) {
        const x = qx * colPlan.stride + rx - colPlan.offset;
        if (x < 0 || x >= w) continue;
        const s = ((b * qh + qy) * qw + qx) * c;
        const d = ((b * h + y) * w + x) * c;
        dst.set(src.subarray(s, s + c), d);
      }
    }
  }
}

/** Runs one phase: a stride-1 XNNPACK convolution of (cropped) dy. */
function convPhase(
  backend: BackendWasm, dy: tf.TensorInfo, w: tf.TensorInfo, py: Phase, px: Phase,
): tf.TensorInfo {
  const [, oh, ow] = dims4(dy);
  const whole = py.start === 0 && py.end === oh && px.start === 0 && px.end === ow;
  const input = whole ? dy : crop(backend, dy, py.start, py.end, px.start, px.end);
  const filter = phaseFilter(backend, w, py.taps, px.taps);
  const out = runKernel(backend, 'Conv2D', { x: input, filter }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [py.padBefore, py.padAfter], [px.padBefore, px.padAfter], [0, 0]],
    dataFormat: 'NHWC',
  });
  release(backend, filter);
  if (!whole) release(backend, input);
  return out;
}

function conv2DBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap; backend: {}; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = nhwcConvInfo('Conv2DBackpropInput', attrs, attrs.inputShape, dims4(filter));
  const rowPlan = planDim(info.inHeight, info.filterHeight, info.strideHeight,
    info.padInfo.top, info.outHeight);
  const colPlan = planDim(info.inWidth, info.filterWidth, info.strideWidth,
    info.padInfo.left, info.outWidth);
  const single = rowPlan.stride === 1 && colPlan.stride === 1;
  if (single && rowPlan.phases[0] && colPlan.phases[0]) {
    // One phase whose output already has dx's shape (count = size, offset 0).
    return convPhase(backend, dy, filter, rowPlan.phases[0], colPlan.phases[0]);
  }
  const dx = allocate(backend, attrs.inputShape);
  f32(backend, dx).fill(0);
  rowPlan.phases.forEach((py, ry) => {
    colPlan.phases.forEach((px, rx) => {
      if (py === null || px === null) return;
      const part = convPhase(backend, dy, filter, py, px);
      scatterPhase(backend, part, dx, rowPlan, ry, colPlan, rx);
      release(backend, part);
    });
  });
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: WASM,
  kernelFunc: conv2DBackpropInput,
};
