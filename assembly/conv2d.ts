/**
 * NHWC 2-D convolution (dilation 1), in WebAssembly SIMD:
 *
 *     y[b, oy, ox, co] = bias[co] + sum_{ky, kx, ci} x[b, oy*sh + ky - pt, ox*sw + kx - pl, ci]
 *                                                   * w[ky, kx, ci, co]
 *
 * (taps in the padding are zero; bias is 0 when its pointer is 0), plus
 * r[b, oy, ox, co] when a residual r is given (`residual` non-zero: a tensor
 * laid out as y, added to each finished sum, so y = conv + r rounds as an
 * Add of the two would; a residual block's sum without a separate pass).
 * Output
 * pixel (b, oy, ox) is written yImage*b + yRowPitch*oy + yPixel*ox pixels
 * after y, so a caller can interleave several convolutions' outputs (the
 * phases of an input gradient); a plain convolution passes outH*outW, outW
 * and 1. Padding may be negative: the source is then a crop of x.
 *
 * When some taps fall outside x (padding), or x must be cropped (negative
 * padding), each image of x is first copied into `padded`, a zero-bordered
 * [srcH, srcW, inC] image with srcH = (outH-1)*sh + kh and
 * srcW = (outW-1)*sw + kw, so every tap of every output pixel reads inside
 * the source and all pixels take the same path. The images are copied one
 * at a time, just before their output is computed, so the copy is still in
 * cache when it is read. The filter is copied into
 * `packed` in blocks of 8 (then 4) output channels, so a tile reads its
 * filter rows contiguously.
 *
 * Each output row is computed in tiles of 4 neighbouring pixels x 8 output
 * channels held in eight SIMD registers: per (ky, kx, ci) the tile loads
 * one filter row of 8 channels and broadcasts 4 input values, with fused
 * multiply-adds. For a fixed ky, the (kx, ci) taps of a pixel are
 * contiguous in the source, so the inner loop runs over kw * inC of them.
 * Row remainders take single-pixel tiles; output channels beyond the last
 * multiple of 8 take 4-channel tiles (the last one storing only the lanes
 * that exist).
 *
 * A 1x1, stride-1 convolution whose input and output pixels are contiguous
 * (no padding, a plain output layout) runs the same tiles over the pixels
 * of all its images in one call (`pointwise`).
 *
 * All pointers are byte offsets of float32 arrays in the shared memory.
 */
import { biasLanes, loadLanes, storeLanes } from './lanes';
import { madd } from './madd';
import { padCopy } from './pad-copy';

/** Geometry of the current call, shared by its tiles. */
let inC: i32 = 0;
let outC: i32 = 0;
let fH: i32 = 0;
let fW: i32 = 0;
let strideW: i32 = 0;
let srcRowBytes: usize = 0;
let yPixelBytes: usize = 0; // between neighbouring output pixels
let residualDelta: usize = 0; // residual - y (wrapping), or 0 without a residual

export function conv2d(
  x: usize, w: usize, packed: usize, padded: usize, bias: usize, residual: usize,
  y: usize, yImage: i32, yRowPitch: i32, yPixel: i32,
  batch: i32, inH: i32, inW: i32, inChannels: i32,
  outH: i32, outW: i32, outChannels: i32,
  filterH: i32, filterW: i32, strideH: i32, strideWidth: i32, padTop: i32, padLeft: i32,
): void {
  inC = inChannels; outC = outChannels; fH = filterH; fW = filterW; strideW = strideWidth;
  residualDelta = residual == 0 ? 0 : residual - y;
  const xImage = <usize>(inH * inW * inC) << 2;
  const srcH = padded != 0 ? (outH - 1) * strideH + fH : inH;
  const srcW = padded != 0 ? (outW - 1) * strideW + fW : inW;
  srcRowBytes = <usize>(srcW * inC) << 2;
  yPixelBytes = <usize>(yPixel * outC) << 2;
  const taps = fH * fW * inC;
  pack(w, packed, taps);
  if (
    fH == 1 && fW == 1 && strideH == 1 && strideW == 1 && padded == 0 && padTop == 0 && padLeft == 0 &&
    inH == outH && inW == outW &&
    yPixel == 1 && yRowPitch == outW && yImage == outH * outW
  ) {
    pointwise(x, packed, bias, y, batch * outH * outW);
    return;
  }
  const pixelBytes = <usize>(strideW * inC) << 2;
  for (let b = 0; b < batch; b++) {
    let src = x + <usize>b * xImage;
    if (padded != 0) {
      padCopy(src, padded, inH, inW, inC, srcH, srcW, inC, padTop, padLeft);
      src = padded;
    }
    for (let oy = 0; oy < outH; oy++) {
      const srcRow = src + (<usize>(oy * strideH)) * srcRowBytes;
      const yRow = y + ((<usize>((b * yImage + oy * yRowPitch) * outC)) << 2);
      let o = 0;
      for (; o + 8 <= outC; o += 8) {
        const block = packed + ((<usize>(o * taps)) << 2);
        const yp = yRow + (<usize>o << 2);
        let ox = 0;
        for (; ox + 4 <= outW; ox += 4) quad8(srcRow + <usize>ox * pixelBytes, block, bias, yp + <usize>ox * yPixelBytes, o);
        for (; ox < outW; ox++) pixel8(srcRow + <usize>ox * pixelBytes, block, bias, yp + <usize>ox * yPixelBytes, o);
      }
      for (; o < outC; o += 4) {
        const block = packed + ((<usize>(o * taps)) << 2);
        const lanes = min(4, outC - o);
        const yp = yRow + (<usize>o << 2);
        let ox = 0;
        for (; ox + 4 <= outW; ox += 4) quad4(srcRow + <usize>ox * pixelBytes, block, bias, yp + <usize>ox * yPixelBytes, o, lanes);
        for (; ox < outW; ox++) pixel4(srcRow + <usize>ox * pixelBytes, block, bias, yp + <usize>ox * yPixelBytes, o, lanes);
      }
    }
  }
}

/**
 * A 1x1, stride-1 convolution whose input and output pixels are both contiguous: a [pixels, inC] x [inC, outC]
 * product, with the same multiply-adds per output element as the general loop (in the same order, so the same bits)
 * but in one call for all pixels: per group of 4 pixels (which may span rows and images), every block of output
 * channels, then the pixels left over. The general loop calls a function per tile, whose overhead is of the order of
 * the tile's multiply-adds when there are only a few input channels: timed alone on one thread, the general loop
 * took 1.15 to 1.37 times as long for 8 to 32 input and output channels.
 */
function pointwise(x: usize, packed: usize, bias: usize, y: usize, pixels: i32): void {
  const n = inC, m = outC;
  const xPixel = <usize>n << 2;
  const yPixel = <usize>m << 2;
  const blocks8 = m & ~7;
  let p = 0;
  for (; p + 4 <= pixels; p += 4) {
    const xp = x + <usize>p * xPixel;
    const yp = y + <usize>p * yPixel;
    let block = packed;
    for (let o = 0; o < blocks8; o += 8) {
      let a0 = biasAt(bias, o), a1 = biasAt(bias, o + 4);
      let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
      let src = xp, wp = block;
      const end = xp + xPixel;
      while (src < end) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        let s = v128.load32_splat(src);
        a0 = madd(s, w0, a0); a1 = madd(s, w1, a1);
        s = v128.load32_splat(src + xPixel);
        b0 = madd(s, w0, b0); b1 = madd(s, w1, b1);
        s = v128.load32_splat(src + 2 * xPixel);
        c0 = madd(s, w0, c0); c1 = madd(s, w1, c1);
        s = v128.load32_splat(src + 3 * xPixel);
        d0 = madd(s, w0, d0); d1 = madd(s, w1, d1);
        src += 4;
        wp += 32;
      }
      const at = yp + (<usize>o << 2);
      store8(at, a0, a1); store8(at + yPixel, b0, b1); store8(at + 2 * yPixel, c0, c1); store8(at + 3 * yPixel, d0, d1);
      block += xPixel << 3;
    }
    for (let o = blocks8; o < m; o += 4) {
      quad4(xp, block, bias, yp + (<usize>o << 2), o, min(4, m - o));
      block += xPixel << 2;
    }
  }
  for (; p < pixels; p++) {
    const xp = x + <usize>p * xPixel;
    const yp = y + <usize>p * yPixel;
    let block = packed;
    for (let o = 0; o < blocks8; o += 8) {
      pixel8(xp, block, bias, yp + (<usize>o << 2), o);
      block += xPixel << 3;
    }
    for (let o = blocks8; o < m; o += 4) {
      pixel4(xp, block, bias, yp + (<usize>o << 2), o, min(4, m - o));
      block += xPixel << 2;
    }
  }
}

/**
 * Copies the filter into `packed` in blocks of output channels, each
 * [taps, width]: blocks of 8 while 8 remain, then blocks of 4, the last
 * zero-padded to 4 lanes. A tile then reads its filter rows contiguously
 * instead of one cache line per row. Needs taps * (outC + 3) floats.
 */
function pack(w: usize, packed: usize, taps: i32): void {
  const rowBytes = <usize>outC << 2;
  let dst = packed;
  let o = 0;
  for (; o + 8 <= outC; o += 8) {
    let src = w + (<usize>o << 2);
    for (let k = 0; k < taps; k++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += rowBytes;
      dst += 32;
    }
  }
  for (; o < outC; o += 4) {
    const lanes = min(4, outC - o);
    let src = w + (<usize>o << 2);
    for (let k = 0; k < taps; k++) {
      v128.store(dst, f32x4.splat(0));
      memory.copy(dst, src, <usize>lanes << 2);
      src += rowBytes;
      dst += 16;
    }
  }
}

@inline function biasAt(bias: usize, o: i32): v128 {
  return bias == 0 ? f32x4.splat(0) : v128.load(bias + (<usize>o << 2));
}

/** Pixels at xp, xp + stride, .. (4 of them) x the 8 channels of packed `block`, from channel o. */
function quad8(xp0: usize, block: usize, bias: usize, yp: usize, o: i32): void {
  let a0 = biasAt(bias, o), a1 = biasAt(bias, o + 4);
  let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
  const step = <usize>(strideW * inC) << 2;
  const step2: usize = step << 1, step3: usize = step * 3;
  const n = fW * inC;
  let wp = block;
  for (let ky = 0; ky < fH; ky++) {
    let xp = xp0 + <usize>ky * srcRowBytes;
    for (let j = 0; j < n; j++) {
      const w0 = v128.load(wp), w1 = v128.load(wp, 16);
      let s = v128.load32_splat(xp);
      a0 = madd(s, w0, a0); a1 = madd(s, w1, a1);
      s = v128.load32_splat(xp + step);
      b0 = madd(s, w0, b0); b1 = madd(s, w1, b1);
      s = v128.load32_splat(xp + step2);
      c0 = madd(s, w0, c0); c1 = madd(s, w1, c1);
      s = v128.load32_splat(xp + step3);
      d0 = madd(s, w0, d0); d1 = madd(s, w1, d1);
      xp += 4;
      wp += 32;
    }
  }
  const yStep = yPixelBytes;
  store8(yp, a0, a1); store8(yp + yStep, b0, b1); store8(yp + 2 * yStep, c0, c1); store8(yp + 3 * yStep, d0, d1);
}

/** Stores 8 channels' sums at yp, plus the residual's values there when there is one. */
@inline function store8(yp: usize, lo: v128, hi: v128): void {
  if (residualDelta != 0) {
    lo = f32x4.add(lo, v128.load(yp + residualDelta));
    hi = f32x4.add(hi, v128.load(yp + residualDelta, 16));
  }
  v128.store(yp, lo); v128.store(yp, hi, 16);
}

/** Stores `lanes` channels' sums at yp, plus the residual's values there when there is one. */
@inline function store4(yp: usize, v: v128, lanes: i32): void {
  storeLanes(yp, residualDelta == 0 ? v : f32x4.add(v, loadLanes(yp + residualDelta, lanes)), lanes);
}

/** One pixel x the 8 channels of packed `block`, from channel o. */
function pixel8(xp0: usize, block: usize, bias: usize, yp: usize, o: i32): void {
  let a0 = biasAt(bias, o), a1 = biasAt(bias, o + 4);
  const n = fW * inC;
  let wp = block;
  for (let ky = 0; ky < fH; ky++) {
    let xp = xp0 + <usize>ky * srcRowBytes;
    for (let j = 0; j < n; j++) {
      const s = v128.load32_splat(xp);
      a0 = madd(s, v128.load(wp), a0);
      a1 = madd(s, v128.load(wp, 16), a1);
      xp += 4;
      wp += 32;
    }
  }
  store8(yp, a0, a1);
}

/** Pixels at xp, xp + stride, .. (4 of them) x the `lanes` (1 to 4) channels of packed `block`, from channel o. */
function quad4(xp0: usize, block: usize, bias: usize, yp: usize, o: i32, lanes: i32): void {
  let a = biasLanes(bias, o, lanes);
  let b = a, c = a, d = a;
  const step = <usize>(strideW * inC) << 2;
  const step2: usize = step << 1, step3: usize = step * 3;
  const n = fW * inC;
  let wp = block;
  for (let ky = 0; ky < fH; ky++) {
    let xp = xp0 + <usize>ky * srcRowBytes;
    for (let j = 0; j < n; j++) {
      const w0 = v128.load(wp);
      a = madd(v128.load32_splat(xp), w0, a);
      b = madd(v128.load32_splat(xp + step), w0, b);
      c = madd(v128.load32_splat(xp + step2), w0, c);
      d = madd(v128.load32_splat(xp + step3), w0, d);
      xp += 4;
      wp += 16;
    }
  }
  const yStep = yPixelBytes;
  store4(yp, a, lanes); store4(yp + yStep, b, lanes);
  store4(yp + 2 * yStep, c, lanes); store4(yp + 3 * yStep, d, lanes);
}

/** One pixel x the `lanes` (1 to 4) channels of packed `block`, from channel o. */
function pixel4(xp0: usize, block: usize, bias: usize, yp: usize, o: i32, lanes: i32): void {
  let a = biasLanes(bias, o, lanes);
  const n = fW * inC;
  let wp = block;
  for (let ky = 0; ky < fH; ky++) {
    let xp = xp0 + <usize>ky * srcRowBytes;
    for (let j = 0; j < n; j++) {
      a = madd(v128.load32_splat(xp), v128.load(wp), a);
      xp += 4;
      wp += 16;
    }
  }
  store4(yp, a, lanes);
}
