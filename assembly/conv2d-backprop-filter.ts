/**
 * Filter gradient of an NHWC 2-D convolution, in WebAssembly SIMD:
 *
 *     dw[ky, kx, ci, co] = sum_{b, oy, ox} x[b, oy*sh + ky - pt, ox*sw + kx - pl, ci]
 *                                          * dy[b, oy, ox, co]
 *
 * (terms whose input position falls in the padding are zero). It is a
 * matrix product (kh*kw*inC) x (outC) over all output pixels, with x read
 * in place (no im2col copy). Pixels are taken in bands of output rows small
 * enough to stay in cache while every (ky, kx, ci-block, co-block) tile of
 * dw accumulates over the band; each tile keeps 4 input channels x 8 output
 * channels of dw in eight SIMD registers. Channel counts that are not
 * multiples of 4 / 8 are finished by narrower tiles.
 *
 * All pointers are byte offsets of float32 arrays in the shared memory.
 */

import { madd } from './madd';

/** Output floats of dy per band (16 KiB), so a band stays in L1/L2. */
const BAND_FLOATS: i32 = 4096;

/** Geometry shared by the tiles of one (ky, kx) filter position and band. */
let xRowStep: usize = 0; // bytes between input rows read by consecutive output rows
let xColStep: usize = 0; // bytes between input pixels read by consecutive output columns
let dyRowStep: usize = 0; // bytes of one dy row
let dyColStep: usize = 0; // bytes of one dy pixel
let rows: i32 = 0; // output rows in the band valid for this (ky, kx)
let cols: i32 = 0; // output columns valid for this (ky, kx)

export function conv2dBackpropFilter(
  x: usize, dy: usize, dw: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, outC: i32,
  fH: i32, fW: i32, strideH: i32, strideW: i32,
  padTop: i32, padLeft: i32,
): void {
  memory.fill(dw, 0, <usize>(fH * fW * inC * outC) << 2);
  const band = max(1, BAND_FLOATS / max(1, outW * outC));
  xRowStep = <usize>(strideH * inW * inC) << 2;
  xColStep = <usize>(strideW * inC) << 2;
  dyRowStep = <usize>(outW * outC) << 2;
  dyColStep = <usize>outC << 2;
  for (let b = 0; b < batch; b++) {
    for (let y0 = 0; y0 < outH; y0 += band) {
      const y1 = min(y0 + band, outH);
      for (let ky = 0; ky < fH; ky++) {
        // Output rows oy in [ya, yb) read input rows iy = oy*sh + ky - pt in [0, inH).
        const offY = ky - padTop;
        const ya = max(y0, ceilDiv(-offY, strideH));
        const yb = min(y1, ceilDiv(inH - offY, strideH));
        if (ya >= yb) continue;
        rows = yb - ya;
        for (let kx = 0; kx < fW; kx++) {
          const offX = kx - padLeft;
          const xa = max(0, ceilDiv(-offX, strideW));
          const xb = min(outW, ceilDiv(inW - offX, strideW));
          if (xa >= xb) continue;
          cols = xb - xa;
          const xPix = x + ((<usize>((b * inH + ya * strideH + offY) * inW + xa * strideW + offX) * inC) << 2);
          const dyPix = dy + ((<usize>((b * outH + ya) * outW + xa) * outC) << 2);
          const dwPos = dw + ((<usize>((ky * fW + kx) * inC) * outC) << 2);
          accumulate(xPix, dyPix, dwPos, inC, outC);
        }
      }
    }
  }
}

/** ceil(a / b) for b > 0. */
@inline function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/** dw[ci, co] += sum over the band of x[pixel, ci] * dy[pixel, co], for one (ky, kx). */
function accumulate(xPix: usize, dyPix: usize, dwPos: usize, inC: i32, outC: i32): void {
  const dwRow = <usize>outC << 2;
  let c = 0;
  for (; c + 4 <= inC; c += 4) {
    const xp = xPix + (<usize>c << 2);
    const wp = dwPos + <usize>c * dwRow;
    let o = 0;
    for (; o + 8 <= outC; o += 8) tile4x8(xp, dyPix + (<usize>o << 2), wp + (<usize>o << 2), dwRow);
    for (; o + 4 <= outC; o += 4) tile4x4(xp, dyPix + (<usize>o << 2), wp + (<usize>o << 2), dwRow);
    for (; o < outC; o++) {
      for (let r = 0; r < 4; r++) {
        tile1x1(xp + (<usize>r << 2), dyPix + (<usize>o << 2), wp + <usize>r * dwRow + (<usize>o << 2));
      }
    }
  }
  if (c < inC) {
    // The last 1 to 3 input channels together, so that each pixel's dy is loaded once for them and their sums
    // form independent chains (one channel alone is bound by the latency of its two chains of multiply-adds).
    const n = inC - c;
    const xp = xPix + (<usize>c << 2);
    const wp = dwPos + <usize>c * dwRow;
    let o = 0;
    for (; o + 8 <= outC; o += 8) tileNx8(xp, dyPix + (<usize>o << 2), wp + (<usize>o << 2), dwRow, n);
    for (; o + 4 <= outC; o += 4) tileNx4(xp, dyPix + (<usize>o << 2), wp + (<usize>o << 2), dwRow, n);
    for (; o < outC; o++) {
      for (let r = 0; r < n; r++) {
        tile1x1(xp + (<usize>r << 2), dyPix + (<usize>o << 2), wp + <usize>r * dwRow + (<usize>o << 2));
      }
    }
  }
}

function tile4x8(xp: usize, dyp: usize, wp: usize, dwRow: usize): void {
  const nr = rows, nc = cols, xr = xRowStep, xc = xColStep, dr = dyRowStep, dc = dyColStep;
  let a0 = v128.load(wp), a1 = v128.load(wp, 16);
  let b0 = v128.load(wp + dwRow), b1 = v128.load(wp + dwRow, 16);
  let c0 = v128.load(wp + 2 * dwRow), c1 = v128.load(wp + 2 * dwRow, 16);
  let d0 = v128.load(wp + 3 * dwRow), d1 = v128.load(wp + 3 * dwRow, 16);
  for (let r = 0; r < nr; r++) {
    let xq = xp + <usize>r * xr;
    let dq = dyp + <usize>r * dr;
    for (let i = 0; i < nc; i++) {
      const g0 = v128.load(dq), g1 = v128.load(dq, 16);
      let s = v128.load32_splat(xq);
      a0 = madd(s, g0, a0); a1 = madd(s, g1, a1);
      s = v128.load32_splat(xq, 4);
      b0 = madd(s, g0, b0); b1 = madd(s, g1, b1);
      s = v128.load32_splat(xq, 8);
      c0 = madd(s, g0, c0); c1 = madd(s, g1, c1);
      s = v128.load32_splat(xq, 12);
      d0 = madd(s, g0, d0); d1 = madd(s, g1, d1);
      xq += xc;
      dq += dc;
    }
  }
  v128.store(wp, a0); v128.store(wp, a1, 16);
  v128.store(wp + dwRow, b0); v128.store(wp + dwRow, b1, 16);
  v128.store(wp + 2 * dwRow, c0); v128.store(wp + 2 * dwRow, c1, 16);
  v128.store(wp + 3 * dwRow, d0); v128.store(wp + 3 * dwRow, d1, 16);
}

function tile4x4(xp: usize, dyp: usize, wp: usize, dwRow: usize): void {
  const nr = rows, nc = cols, xr = xRowStep, xc = xColStep, dr = dyRowStep, dc = dyColStep;
  let a = v128.load(wp), b = v128.load(wp + dwRow);
  let c = v128.load(wp + 2 * dwRow), d = v128.load(wp + 3 * dwRow);
  for (let r = 0; r < nr; r++) {
    let xq = xp + <usize>r * xr;
    let dq = dyp + <usize>r * dr;
    for (let i = 0; i < nc; i++) {
      const g = v128.load(dq);
      a = madd(v128.load32_splat(xq), g, a);
      b = madd(v128.load32_splat(xq, 4), g, b);
      c = madd(v128.load32_splat(xq, 8), g, c);
      d = madd(v128.load32_splat(xq, 12), g, d);
      xq += xc;
      dq += dc;
    }
  }
  v128.store(wp, a); v128.store(wp + dwRow, b);
  v128.store(wp + 2 * dwRow, c); v128.store(wp + 3 * dwRow, d);
}

/** As tile4x8 for the n (1 to 3) input channels left over: rows of dw beyond n are neither read nor written. */
function tileNx8(xp: usize, dyp: usize, wp: usize, dwRow: usize, n: i32): void {
  const nr = rows, nc = cols, xr = xRowStep, xc = xColStep, dr = dyRowStep, dc = dyColStep;
  const two = n > 1, three = n > 2;
  let a0 = v128.load(wp), a1 = v128.load(wp, 16);
  let b0 = a0, b1 = a1, c0 = a0, c1 = a1;
  if (two) { b0 = v128.load(wp + dwRow); b1 = v128.load(wp + dwRow, 16); }
  if (three) { c0 = v128.load(wp + 2 * dwRow); c1 = v128.load(wp + 2 * dwRow, 16); }
  for (let r = 0; r < nr; r++) {
    let xq = xp + <usize>r * xr;
    let dq = dyp + <usize>r * dr;
    for (let i = 0; i < nc; i++) {
      const g0 = v128.load(dq), g1 = v128.load(dq, 16);
      let s = v128.load32_splat(xq);
      a0 = madd(s, g0, a0); a1 = madd(s, g1, a1);
      if (two) {
        s = v128.load32_splat(xq, 4);
        b0 = madd(s, g0, b0); b1 = madd(s, g1, b1);
      }
      if (three) {
        s = v128.load32_splat(xq, 8);
        c0 = madd(s, g0, c0); c1 = madd(s, g1, c1);
      }
      xq += xc;
      dq += dc;
    }
  }
  v128.store(wp, a0); v128.store(wp, a1, 16);
  if (two) { v128.store(wp + dwRow, b0); v128.store(wp + dwRow, b1, 16); }
  if (three) { v128.store(wp + 2 * dwRow, c0); v128.store(wp + 2 * dwRow, c1, 16); }
}

/** As tile4x4 for the n (1 to 3) input channels left over. */
function tileNx4(xp: usize, dyp: usize, wp: usize, dwRow: usize, n: i32): void {
  const nr = rows, nc = cols, xr = xRowStep, xc = xColStep, dr = dyRowStep, dc = dyColStep;
  const two = n > 1, three = n > 2;
  let a = v128.load(wp), b = a, c = a;
  if (two) b = v128.load(wp + dwRow);
  if (three) c = v128.load(wp + 2 * dwRow);
  for (let r = 0; r < nr; r++) {
    let xq = xp + <usize>r * xr;
    let dq = dyp + <usize>r * dr;
    for (let i = 0; i < nc; i++) {
      const g = v128.load(dq);
      a = madd(v128.load32_splat(xq), g, a);
      if (two) b = madd(v128.load32_splat(xq, 4), g, b);
      if (three) c = madd(v128.load32_splat(xq, 8), g, c);
      xq += xc;
      dq += dc;
    }
  }
  v128.store(wp, a);
  if (two) v128.store(wp + dwRow, b);
  if (three) v128.store(wp + 2 * dwRow, c);
}

function tile1x1(xp: usize, dyp: usize, wp: usize): void {
  const nr = rows, nc = cols, xr = xRowStep, xc = xColStep, dr = dyRowStep, dc = dyColStep;
  let a = load<f32>(wp);
  for (let r = 0; r < nr; r++) {
    let xq = xp + <usize>r * xr;
    let dq = dyp + <usize>r * dr;
    for (let i = 0; i < nc; i++) {
      a += load<f32>(xq) * load<f32>(dq);
      xq += xc;
      dq += dc;
    }
  }
  store<f32>(wp, a);
}
